import type { Activity } from 'botbuilder';
import { RequestService } from '../../app/request-service';
import { createLogger } from '../../bot/logger';
import type { PostedMessage, ProactiveSender } from '../../bot/proactive/proactive-sender';
import { UnreachableError } from '../../bot/proactive/retry';
import { OutboxDispatcher } from '../../bot/workflow/outbox-dispatcher';
import { WorkflowStateSchema, type Person } from '../../domain/lifecycle';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import { RoutingConfigSchema } from '../../domain/routing';
import { workingCalendar } from '../../domain/working-days';
import { PEOPLE, TENANT } from '../../fixtures/seed-004';
import routing from '../../config/routing.example.json';
import { DelegationStore } from '../../storage/delegations';
import { DraftRepository } from '../../storage/draft-repository';
import { OutboxStore } from '../../storage/outbox-store';
import { PendingNotificationStore } from '../../storage/pending-notifications';
import { PostedCardStore } from '../../storage/posted-cards';
import { PublishedDecisions } from '../../storage/published-decisions';
import { RequestStore } from '../../storage/request-store';
import { ScheduleStore } from '../../storage/schedule';
import { SequenceStore } from '../../storage/sequence';
import { createTableService, TableNames } from '../../storage/table-service';
import type { LogLine } from './bot-harness';
import { testConnectionString, uniqueTablePrefix } from './tables';
import { oneCouncil } from '../fakes/memory-councils';

export const person = (key: keyof typeof PEOPLE): Person => ({ tenantId: TENANT, ...PEOPLE[key] });

/** Teams as the dispatcher reaches it: what it was sent, in order; people who have not installed the bot; sends held back on demand. */
export class FakeTeams implements ProactiveSender {
  readonly sent: Array<{ to: string; text?: string; card: boolean }> = [];
  /** The aadObjectIds of people the bot cannot reach yet. */
  readonly notInstalled = new Set<string>();
  private gate: Promise<void> | undefined;
  private open: (() => void) | undefined;
  private next = 0;

  /** Every send from now on waits until `release`. */
  hold(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.open?.();
    this.gate = undefined;
  }

  async sendToUser(user: { tenantId: string; aadObjectId: string; name?: string }, activity: Partial<Activity>): Promise<PostedMessage> {
    await this.gate;
    if (this.notInstalled.has(user.aadObjectId))
      throw new UnreachableError('The bot has no chat with this person yet: they need to install it.', undefined, 'not_installed');
    this.sent.push({ to: user.name ?? user.aadObjectId, ...(activity.text ? { text: activity.text } : {}), card: !!activity.attachments?.length });
    return { conversationId: `a:${user.aadObjectId}`, activityId: `m${++this.next}` };
  }

  async postToChannel(channelId: string): Promise<PostedMessage> {
    this.sent.push({ to: channelId, card: true });
    return { conversationId: channelId, activityId: `m${++this.next}` };
  }

  async replyInThread(post: PostedMessage, activity: Partial<Activity>): Promise<PostedMessage> {
    this.sent.push({ to: post.conversationId, ...(activity.text ? { text: activity.text } : {}), card: false });
    return { conversationId: post.conversationId, activityId: `m${++this.next}` };
  }

  async update(): Promise<void> {}
}

/**
 * bot/workflow/outbox-dispatcher.ts as bot/app.ts builds it, over Table Storage on Azurite
 * (the stores the dispatcher is typed for), with Teams a fake and cards reduced to who they
 * are for. Changes are handed to the dispatcher `listen` names (the newest, unless told):
 * none is a process that writes a change and stops before draining it.
 */
export async function dispatcherFixture(options: { waiting?: boolean } = {}) {
  const tables = createTableService({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix() });
  await tables.createTables();
  const requestTable = tables.client(TableNames.Requests);
  const titleOf = (c: RequestContent) => c.title ?? 'Untitled request';
  const stores = {
    drafts: new DraftRepository(requestTable, RequestContentSchema, titleOf),
    requests: new RequestStore(requestTable, { content: RequestContentSchema, workflow: WorkflowStateSchema }, titleOf),
    outbox: new OutboxStore(requestTable),
    posts: new PostedCardStore(requestTable),
    decisions: new PublishedDecisions(requestTable),
    schedule: new ScheduleStore(tables.client(TableNames.Schedule)),
    delegations: new DelegationStore(tables.client(TableNames.Delegations)),
    sequence: new SequenceStore(tables.client(TableNames.Counters)),
  };
  const pending = new PendingNotificationStore(tables.client(TableNames.ConversationRefs));
  const logs: LogLine[] = [];
  const log = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const teams = new FakeTeams();
  const settings = { councils: oneCouncil(RoutingConfigSchema.parse(routing)), calendar: workingCalendar(), checks: { keyDecisionThresholdPence: 50_000_000 } };
  let listening: OutboxDispatcher | undefined;
  const service = new RequestService(stores, settings, (reference, written) => listening?.kick(reference, written));
  const newDispatcher = () =>
    (listening = new OutboxDispatcher({
      requests: stores.requests,
      outbox: stores.outbox,
      posts: stores.posts,
      schedule: stores.schedule,
      workflow: service.workflow,
      sender: teams,
      cards: {
        personal: async (stored, viewer) => ({
          type: 'AdaptiveCard',
          version: '1.5',
          body: [{ type: 'TextBlock', text: `${stored.reference} for ${viewer.name}` }],
        }),
      },
      log,
      ...(options.waiting ? { pending } : {}),
    }));
  const dispatcher = newDispatcher();
  return {
    stores,
    pending,
    logs,
    teams,
    dispatcher,
    newDispatcher,
    /** Which dispatcher is told of changes from now on; undefined: none. */
    listen: (to: OutboxDispatcher | undefined) => void (listening = to),
    /** Submits `content` as the officer and returns its reference. */
    submit: async (content: RequestContent): Promise<string> => {
      const officer = person('officer');
      const result = await service.submit(officer, await stores.drafts.create({ tenantId: officer.tenantId, aadObjectId: officer.aadObjectId }, content));
      if (!result.ok) throw new Error(result.message);
      return result.value.reference;
    },
  };
}
