import type { Person } from '../../domain/person';
import { formatDay } from '../../domain/format-date';
import type { TurnContext } from 'botbuilder';
import type { PendingNotification } from '../../storage/pending-notifications';
import { activitySender } from '../actor';

/** What `waiting` needs; put on every turn by app.ts (see waitingMiddleware). */
export interface WaitingDeps {
  list(tenantId: string): Promise<PendingNotification[]>;
  /** Who may see the list: the council's administrators (app/change-settings.ts). */
  isAdministrator(person: Person): Promise<boolean>;
}

const KEY = Symbol('waitingDeps');

/** Makes `waiting` answerable in this turn (adapter.use). */
export function waitingMiddleware(deps: WaitingDeps) {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      context.turnState.set(KEY, deps);
      await next();
    },
  };
}

/** Whether the typed text is the `waiting` command. */
export function isWaitingCommand(text: string | undefined): boolean {
  return /^\s*waiting[.!?]*\s*$/i.test(text ?? '');
}

/** Whether `waiting` is offered to this sender in this turn: an administrator, in a 1:1 chat. */
export async function waitingAvailable(context: TurnContext, sender: Person | undefined = activitySender(context.activity)): Promise<boolean> {
  const deps = context.turnState.get(KEY) as WaitingDeps | undefined;
  return !!deps && !!sender && context.activity.conversation?.conversationType === 'personal' && (await deps.isAdministrator(sender));
}

const KIND = { card: 'card', tell: 'message', remind: 'reminder', escalate: 'escalation' } as const;

/**
 * `waiting`: for administrators, in their 1:1 chat only, every notification kept for
 * someone the bot cannot reach yet (the app not installed for them), by person.
 */
export async function answerWaiting(context: TurnContext, sender: Person | undefined = activitySender(context.activity)): Promise<string> {
  const deps = context.turnState.get(KEY) as WaitingDeps | undefined;
  if (!deps || !sender || !(await deps.isAdministrator(sender))) return 'I didn\'t recognise "waiting". Type **help** to see what I can do.';
  if (context.activity.conversation?.conversationType !== 'personal') return 'Ask me **waiting** in our 1:1 chat: the list names people and requests.';
  const all = await deps.list(sender.tenantId);
  if (!all.length) return 'Nothing is waiting: everyone the bot has had to reach has the app.';
  const people = new Map<string, PendingNotification[]>();
  for (const w of all) people.set(w.aadObjectId.toLowerCase(), [...(people.get(w.aadObjectId.toLowerCase()) ?? []), w]);
  const lines = [...people.values()].map((theirs) => {
    const first = theirs[0]!;
    const items = theirs.map((w) => `${KIND[w.kind]} for ${w.reference}`).join(', ');
    return `- **${first.name || first.aadObjectId}** (since ${formatDay(first.since)}): ${items}. ${theirs.some((w) => /graph/i.test(w.reason)) ? 'Installing the app for them through Graph failed.' : 'The app is not installed for them.'}`;
  });
  return [
    `${all.length} notification${all.length === 1 ? ' is' : 's are'} waiting for ${people.size} ${people.size === 1 ? 'person' : 'people'} who cannot be reached yet. Each is delivered as soon as they install Establishment Changes (or you install it for them in the Teams admin centre):`,
    ...lines,
  ].join('\n');
}
