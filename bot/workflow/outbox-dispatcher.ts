import { OutboxDrain } from '../../app/drain-notifications';
import type { Outbox } from '../../app/ports/outbox';
import type { Requests } from '../../app/ports/requests';
import type { ScheduledItem, Schedule } from '../../app/ports/schedule';
import { DueWorkScheduler } from '../../app/run-due-work';
import type { WorkflowService, Written } from '../../app/workflow-service';
import type { PendingNotificationStore } from '../../storage/pending-notifications';
import type { PostedCardStore } from '../../storage/posted-cards';
import type { Foreground } from '../foreground';
import type { Logger } from '../logger';
import type { ProactiveSender } from '../proactive/proactive-sender';
import { NotificationSender, type CardRenderers } from './notification-sender';
import { TurnQueue } from './turn-queue';
import { APP_NAME, waitingDelay, WaitingNotifications } from './waiting-notifications';
import type { ChannelPoster } from './weekly-digest-poster';

export interface DispatcherDeps {
  requests: Pick<Requests, 'get'>;
  outbox: Outbox;
  posts: PostedCardStore;
  schedule: Schedule;
  workflow: WorkflowService;
  sender: ProactiveSender;
  cards: CardRenderers;
  /** A council's decisions channel (its conversation id), when it has chosen one. */
  decisionsChannel?: (tenantId: string) => Promise<string | undefined>;
  /** Channel posts on a timetable rather than a request's outbox (each council's weekly digest). */
  digest?: { postIfDue(now: Date, post: ChannelPoster, tenantId: string): Promise<void> };
  /** The councils with settings, whose digests are due. */
  digestTenants?: () => Promise<string[]>;
  /** Brings the establishment ledger into line with a decided request (app/establishment-sync.ts), from its scheduled item. */
  ledger?: (item: ScheduledItem) => Promise<Date | undefined>;
  /** The turns people are waiting on: while there are any, drains run one at a time, step by step in the gaps. */
  foreground?: Foreground;
  log: Logger;
  leaseMs?: number;
  maxAttempts?: number;
  /**
   * Notifications waiting for people the bot cannot reach yet. Without it an unreachable
   * person's notification is dropped (as before people could be reached by created chats).
   */
  pending?: Pick<PendingNotificationStore, 'park' | 'told' | 'has' | 'resolve' | 'forPerson'>;
}

/**
 * Drains beyond this wait their turn. Under a burst of clicks, a click's answer must not
 * queue for the CPU behind the notifications of every click before it: the clicks are
 * answered at once and the outboxes, which are durable rows, catch up behind them (Teams'
 * limits on sends would hold them back anyway). More than one, so one slow send to Teams
 * does not hold up every other; a send waiting for room under Teams' limits lends its turn.
 */
export const DRAINS_AT_ONCE = 4;
/**
 * While anyone is waiting for an answer, no more than this: the notifications still move
 * (never starved, however busy the bot) but take less of the CPU and of storage from the
 * turns. At 50 clicks a second, four drains at once put the click's p50 at 417 ms, one at 40 ms.
 */
export const DRAINS_WHILE_BUSY = 1;

/**
 * Carries out what changes cause: each request's outbox (app/drain-notifications.ts, each
 * notification sent by notification-sender.ts) and the scheduled work that falls due
 * (app/run-due-work.ts), taking turns (turn-queue.ts) so that people's turns come first.
 */
export class OutboxDispatcher {
  private readonly drains: OutboxDrain;
  private readonly scheduler: DueWorkScheduler;
  /** Notifications for people the bot cannot reach yet, when a store for them is given. */
  private readonly waiting: WaitingNotifications | undefined;
  /** Sends started because someone became reachable, until their drains are under way. */
  private readonly reaching = new Set<Promise<void>>();

  constructor(deps: DispatcherDeps) {
    const { pending, outbox, schedule, log, foreground } = deps;
    const turns = new TurnQueue(() => (foreground?.busy ? DRAINS_WHILE_BUSY : DRAINS_AT_ONCE));
    foreground?.onIdle(() => turns.pump());
    const sender = new NotificationSender({ ...deps, turns, budget: deps.posts.sendBudget() });
    this.waiting =
      pending &&
      new WaitingNotifications({
        pending,
        outbox,
        schedule,
        log,
        now: () => deps.workflow.now(),
        tell: (to, text) => sender.tell(to, text),
        kick: (reference) => this.kick(reference),
        scan: () => this.scan(),
      });
    const waiting = pending && this.waiting ? { store: pending, notifications: this.waiting, delay: waitingDelay } : undefined;
    this.drains = new OutboxDrain({ ...deps, sender, turns, waiting });
    const { digest, decisionsChannel, digestTenants } = deps;
    const postDigest =
      digest &&
      (async (now: Date) => {
        for (const tenantId of (await digestTenants?.()) ?? []) {
          const channelId = await decisionsChannel?.(tenantId);
          if (channelId) await digest.postIfDue(now, (activity) => sender.postToChannel(channelId, activity), tenantId);
        }
      });
    this.scheduler = new DueWorkScheduler({ ...deps, drain: this.drains, sender, turns, waiting, digest: postDigest, appName: APP_NAME });
  }

  /** Drains a request's outbox soon, in the background (called after every change; see OutboxDrain.kick). */
  kick(reference: string, written?: Written): void {
    this.drains.kick(reference, written);
  }

  /** Drains one request's outbox; calls for one request run one after another. */
  drain(reference: string): Promise<void> {
    return this.drains.drain(reference);
  }

  /** Waits for every drain in flight (tests and shutdown). */
  async idle(): Promise<void> {
    const busy = () => [...this.drains.inFlight(), ...(this.scheduler.scanning ? [this.scheduler.scanning] : []), ...this.reaching];
    for (let work = busy(); work.length; work = busy()) await Promise.all(work);
  }

  start(intervalMs: number): void {
    this.scheduler.start(intervalMs);
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Processes whatever scheduled work is due: after a restart this finds everything left. */
  scan(): Promise<void> {
    return this.scheduler.scan();
  }

  /**
   * Someone has just installed the app (or opened the bot): whatever waits for them is
   * tried now rather than at its next scheduled retry.
   */
  reachable(person: { tenantId: string; aadObjectId: string }): Promise<void> {
    const run = this.waiting ? this.waiting.reachNow(person) : Promise.resolve();
    const settled = run.catch(() => undefined);
    this.reaching.add(settled);
    void settled.then(() => this.reaching.delete(settled));
    return run;
  }
}
