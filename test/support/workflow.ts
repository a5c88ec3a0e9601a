import { TableNames, createTableService } from '../../storage/table-service';
import { DraftRepository } from '../../storage/draft-repository';
import { OutboxStore } from '../../storage/outbox-store';
import { PostedCardStore } from '../../storage/posted-cards';
import { ForwardPlanListings } from '../../storage/forward-plan-listings';
import { RequestStore, type StoredRequest } from '../../storage/request-store';
import { decide, newWorkflow, SYSTEM, WorkflowStateSchema, type Person, type Command, type WorkflowState } from '../../domain/lifecycle';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import { OFFICER, PEOPLE, RAISE_SEED_004, SEED_004, TENANT } from '../../fixtures/seed-004';
import { BotHarness, textOf } from './bot-harness';
import { testConnectionString } from './tables';

export { PEOPLE, RAISE_SEED_004, SEED_004 };

export type PersonRole = keyof typeof PEOPLE;
type User = { aadObjectId: string; name: string };

/** Everyone installs the bot (so it can reach them), as they would in Teams. */
export async function installForEveryone(bot: BotHarness): Promise<void> {
  for (const user of Object.values(PEOPLE)) await bot.post(bot.activity('installationUpdate', user, { action: 'add' }));
}

/**
 * Direct access to the bot's tables, for setting a request up at a given stage quickly
 * (the clicks under test still go through Teams-shaped invokes) and for reading audit rows.
 */
export function storeFor(bot: BotHarness) {
  const tables = createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix });
  const client = tables.client(TableNames.Requests);
  const titleOf = (c: RequestContent) => c.title ?? '';
  return {
    drafts: new DraftRepository(client, RequestContentSchema, titleOf),
    requests: new RequestStore(client, { content: RequestContentSchema, workflow: WorkflowStateSchema }, titleOf),
    outbox: new OutboxStore(client),
    posts: new PostedCardStore(client),
    forwardPlan: new ForwardPlanListings(client),
  };
}

const actor = (user: User): Person => ({ tenantId: TENANT, aadObjectId: user.aadObjectId, name: user.name });

/** Stores a request that has been through submission and all three comments (version 6). */
export async function seedAwaitingDecision(
  bot: BotHarness,
  reference: string,
  content: RequestContent = SEED_004,
): Promise<StoredRequest<RequestContent, WorkflowState>> {
  const { drafts, requests } = storeFor(bot);
  const person = (u: User, initials?: string) => ({ tenantId: TENANT, aadObjectId: u.aadObjectId, name: u.name, ...(initials ? { initials } : {}) });
  const approvers = {
    finance: person(PEOPLE.finance, 'FF'),
    hr: person(PEOPLE.hr, 'HH'),
    legal: person(PEOPLE.legal, 'LL'),
    decision: { kind: 'director' as const, person: person(PEOPLE.director, 'DD') },
  };
  const steps: Array<[Person, Command]> = [
    [actor(OFFICER), { type: 'submit', approvers, openToCallIn: true }],
    [SYSTEM, { type: 'start_review' }],
    [actor(PEOPLE.finance), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Funding confirmed.' }],
    [actor(PEOPLE.hr), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'Grades confirmed.' }],
    [actor(PEOPLE.legal), { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'No legal implications.' }],
  ];
  let state = newWorkflow({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId, name: OFFICER.name });
  for (const [who, command] of steps) {
    const d = decide(state, command, who, new Date());
    if (!d.ok) throw new Error(`seeding: ${d.message}`);
    state = d.state;
  }
  const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
  const draft = await drafts.create(owner, content);
  return requests.submitDraft(owner, draft, reference, state, { action: 'seeded' });
}

/** Decision verbs, whose card asks the decision maker to declare any interest (issue 31). */
const DECIDING = new Set(['decision.approve', 'decision.reject', 'decision.committee']);

/**
 * The value of an Action.Execute click on the request card. A decision maker's click carries
 * the declaration the card's form asks for: "No interest to declare" unless the test chooses
 * another (`decisionInterest: ''` sends none chosen).
 */
export function click(verb: string, reference: string, version: number, inputs: Record<string, string> = {}) {
  const declaration = DECIDING.has(verb) && !('decisionInterest' in inputs) ? { decisionInterest: 'none' } : {};
  return { action: { type: 'Action.Execute', verb, data: { reference, version, ...declaration, ...inputs } }, trigger: 'manual' };
}

export interface InvokeBody {
  statusCode: number;
  type: string;
  value: unknown;
}

/** The text of an invoke response (a card's JSON, a message or an error). */
export function invokeText(body: unknown): string {
  const b = body as InvokeBody;
  return typeof b.value === 'string' ? b.value : JSON.stringify(b.value);
}

/** The latest message in a person's 1:1 chat (a card or text). */
export function lastMessageTo(bot: BotHarness, user: User): string {
  const all = bot.connector.messagesTo(bot.personalConversationId(user));
  return all.length ? textOf(all.at(-1)!) : '';
}

export function allMessagesTo(bot: BotHarness, user: User): string {
  return bot.connector.messagesTo(bot.personalConversationId(user)).map(textOf).join('\n');
}

/** Audit rows of a request: transitions (with an action) and refusals. */
export async function auditOf(bot: BotHarness, reference: string): Promise<Array<Record<string, unknown>>> {
  return (await storeFor(bot).requests.audit(reference)).map((r) => r.entry as Record<string, unknown>);
}

/** Where a click on the decisions channel's post comes from, as Teams sends it (`extra` for bot.invoke). */
export function fromChannel(channel = '19:decisions@thread.tacv2') {
  return {
    conversation: { id: `${channel};messageid=1`, conversationType: 'channel', tenantId: TENANT },
    channelData: { tenant: { id: TENANT }, channel: { id: channel } },
  };
}

/** The bot added to the team of the decisions channel (the configured default), as Teams announces it. */
export async function addToDecisionsTeam(bot: BotHarness, channel = '19:decisions@thread.tacv2'): Promise<void> {
  await bot.post(
    bot.activity('conversationUpdate', OFFICER, {
      membersAdded: [{ id: '28:bot' }],
      conversation: { id: channel, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: channel } },
    }),
  );
}

/**
 * Raises seed 004 by chat (quick entry, the officer's own answers) up to its summary card,
 * and gives the draft id the card's Submit names.
 */
export async function raiseSeed004(bot: BotHarness): Promise<string | undefined> {
  for (const said of RAISE_SEED_004.slice(0, -1)) await bot.say(said);
  const summary = await bot.say(RAISE_SEED_004.at(-1)!);
  return /"verb":"draft\.submit"[^}]*"draft":"([0-9a-z]+)"/.exec(JSON.stringify(summary))?.[1];
}
