import type { Activity } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { inRange } from '../../domain/access';
import { londonDate } from '../../domain/calendar-date';
import { availableActions, isSamePerson, SYSTEM, type Person, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { NotificationSchema, type Notification } from '../../domain/notifications';
import type { DraftContent } from '../../domain/request';
import { outboxVersion, type OutboxRow, type OutboxStore } from '../../storage/outbox-store';
import { MAX_POSTED_CARDS, type PostedCard, type PostedCardStore } from '../../storage/posted-cards';
import type { RequestStore, StoredRequest } from '../../storage/request-store';
import type { ScheduledItem, ScheduleStore } from '../../storage/schedule';
import type { PendingNotificationStore } from '../../storage/pending-notifications';
import { APP_NAME, waitingDelay, WaitingNotifications } from './waiting-notifications';
import type { Foreground } from '../foreground';
import type { Logger } from '../logger';
import type { ProactiveSender } from '../proactive/proactive-sender';
import { ConversationRateLimiter } from '../proactive/rate-limit';
import { RetryLaterError, UnreachableError } from '../proactive/retry';
import type { ChannelPoster } from './weekly-digest-poster';
import type { WorkflowService, Written } from './workflow-service';

type Stored = StoredRequest<DraftContent, WorkflowState>;
type Current = { stored: Stored; rules: Rules };
/**
 * What one drain has already done: the versions the channel post and every posted card
 * were last drawn from, and the request's posted cards as read once and added to since (a
 * request's posts are written only by its drain, one at a time).
 */
type DrainState = { channelShows?: number; cardsShow?: number; posts?: Promise<PostedCard[]> };
/**
 * A drain under way: the rows it carries out, in order, and the newest version all of whose
 * pending rows are among them. A change to the next version, written meanwhile by this
 * process, adds its rows to the end (see kick) rather than waiting for a drain of its own.
 */
type Running = { rows: OutboxRow[]; through: number; seen: (written: Written) => void; due: ScheduledItem[] };

/** Renders the cards the dispatcher sends: a person's own view, or the public channel post. */
export interface CardRenderers {
  personal(stored: Stored, viewer: Person, rules: Rules): Promise<object>;
  channel?(stored: Stored, rules: Rules): Promise<object> | object;
}

export interface DispatcherDeps {
  requests: RequestStore<DraftContent, WorkflowState>;
  outbox: OutboxStore;
  posts: PostedCardStore;
  schedule: ScheduleStore;
  workflow: WorkflowService;
  sender: ProactiveSender;
  cards: CardRenderers;
  /** The decisions channel's conversation id, when one is configured. */
  decisionsChannel?: () => Promise<string | undefined>;
  /** Channel posts on a timetable rather than a request's outbox (the weekly digest). */
  digest?: { postIfDue(now: Date, post: ChannelPoster): Promise<void> };
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
 * does not hold up every other; a send waiting for room under Teams' limits lends its turn
 * (see paced).
 */
export const DRAINS_AT_ONCE = 4;
/**
 * While anyone is waiting for an answer, no more than this: the notifications still move
 * (never starved, however busy the bot) but take less of the CPU and of storage from the
 * turns. At 50 clicks a second, four drains at once put the click's p50 at 417 ms, one at 40 ms.
 */
export const DRAINS_WHILE_BUSY = 1;
/** Done rows a drain's first claim deletes, at most (with the claim: a transaction's 100 actions). */
const SWEPT_AT_ONCE = 99;
/** Sends queued for one conversation past which a drain waiting for it lets go of its request. */
const LONG_QUEUE = 8;
/** Requests whose state as written is kept for their coming drain, at most. */
const WRITTEN_KEPT = 500;

const card = (content: object): Partial<Activity> => ({ type: 'message', attachments: [CardFactory.adaptiveCard(content)] });

/**
 * Carries out outbox rows and scheduled work. Each row is claimed with a lease over its
 * etag, done, then completed over the claim's etag, so with several instances (or after
 * a crash and restart) each notification is sent once. Rows of one request are done in
 * order; a failure stops that request's queue until it is retried.
 */
export class OutboxDispatcher {
  private readonly chains = new Map<string, Promise<void>>();
  /** The newest state of a request this process wrote, until the next drain of it starts. */
  private readonly written = new Map<string, Written>();
  private readonly running = new Map<string, Running>();
  private readonly limiter = new ConversationRateLimiter();
  /** Per request, the outbox rows its last drain left waiting for someone unreachable (each has its own scheduled retry). */
  private readonly parked = new Map<string, Set<string>>();
  /** Sends started because someone became reachable, until their drains are under way. */
  private readonly reaching = new Set<Promise<void>>();
  /** Notifications for people the bot cannot reach yet, when a store for them is given. */
  private readonly waiting: WaitingNotifications | undefined;
  private readonly turns: TurnQueue;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: DispatcherDeps) {
    const { pending, outbox, schedule, log } = deps;
    this.waiting = pending && new WaitingNotifications({ pending, outbox, schedule, log, now: () => deps.workflow.now(), tell: (to, text) => this.tell(to, text), kick: (reference) => this.kick(reference), scan: () => this.scan() });
    const foreground = deps.foreground;
    this.turns = new TurnQueue(() => (foreground?.busy ? DRAINS_WHILE_BUSY : DRAINS_AT_ONCE));
    foreground?.onIdle(() => this.turns.pump());
  }

  /**
   * Drains a request's outbox soon, in the background (called after every change). The
   * request as the change wrote it saves the drain a read; its etag still guards any write.
   * A change that follows on from a drain under way (a decision's publication, written by
   * the drain itself) is carried out by that drain: no second read of the outbox or of the
   * posted cards, and cards already showing its version are not updated twice.
   */
  kick(reference: string, written?: Written): void {
    const run = this.running.get(reference);
    if (written?.outbox && run && run.through === written.stored.workflow.version - 1) {
      run.rows.push(...written.outbox);
      run.through = written.stored.workflow.version;
      run.seen(written);
      if (written.due) run.due.push(written.due);
      return;
    }
    const known = this.written.get(reference);
    // Past the bound a backlog's drains read the request again instead of holding it here.
    if (written && (known ? known.stored.workflow.version < written.stored.workflow.version : this.written.size < WRITTEN_KEPT)) this.written.set(reference, written);
    void this.drain(reference).catch((err: unknown) => this.deps.log.error({ event: 'outbox.drain_failed', reference, err }, 'outbox drain failed'));
  }

  /** Drains one request's outbox; calls for one request run one after another. */
  drain(reference: string): Promise<void> {
    const previous = this.chains.get(reference) ?? Promise.resolve();
    const run = previous.then(() => this.turns.run(() => this.drainNow(reference)));
    const settled = run.catch(() => undefined);
    this.chains.set(reference, settled);
    void settled.then(() => {
      if (this.chains.get(reference) === settled) this.chains.delete(reference);
    });
    return run;
  }

  /** Waits for every drain in flight (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size || this.scanning || this.reaching.size) await Promise.all([...this.chains.values(), this.scanning, ...this.reaching]);
  }

  start(intervalMs: number): void {
    this.stopped = false;
    const tick = () => {
      void this.scan().finally(() => {
        if (this.stopped) return;
        this.timer = setTimeout(tick, intervalMs);
        this.timer.unref();
      });
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Processes whatever scheduled work is due: after a restart this finds everything left. */
  scan(): Promise<void> {
    // Scans run one after another, so a scan asked for now always reads the clock now.
    const run = (this.scanning ?? Promise.resolve()).then(() =>
      this.scanNow().catch((err: unknown) => this.deps.log.error({ event: 'schedule.scan_failed', err }, 'schedule scan failed')),
    );
    this.scanning = run;
    void run.finally(() => {
      if (this.scanning === run) this.scanning = undefined;
    });
    return run;
  }

  private async scanNow(): Promise<void> {
    const now = this.deps.workflow.now();
    for (const item of await this.deps.schedule.due(now)) {
      const claimed = await this.deps.schedule.claim(item, now, this.deps.leaseMs);
      if (!claimed) continue;
      try {
        const retryAt = await this.handle(claimed);
        if (retryAt) await this.deps.schedule.retryAt(claimed, retryAt);
        else await this.deps.schedule.complete(claimed);
      } catch (err) {
        // Left leased: it is tried again when the lease runs out.
        this.deps.log.error({ event: 'schedule.item_failed', kind: item.kind, reference: item.reference, err }, 'scheduled item failed');
      }
    }
    const digest = this.deps.digest;
    const channelId = digest ? await this.deps.decisionsChannel?.() : undefined;
    if (!digest || !channelId) return;
    await this.turns.run(() => digest.postIfDue(now, (activity) => this.paced(channelId, () => this.deps.sender.postToChannel(channelId, activity)))).catch((err: unknown) => this.deps.log.error({ event: 'digest.failed', err }, 'weekly digest failed; a later scan tries again'));
  }

  /** Does one scheduled item; returns when to try again, if it should be. */
  private async handle(item: ScheduledItem): Promise<Date | undefined> {
    const { reference } = item;
    if (item.kind === 'outbox') {
      await this.drain(reference);
      // Rows waiting for someone unreachable have a scheduled retry of their own.
      const parked = this.parked.get(reference);
      const left = (await this.deps.outbox.pending(reference)).filter((r) => !parked?.has(r.rowKey));
      if (!left.length) return undefined;
      // Something is still waiting (a lease held elsewhere, or a send told to wait).
      const now = this.deps.workflow.now().getTime();
      const leased = left.map((r) => (r.leaseUntil ? Date.parse(r.leaseUntil) : now)).filter((t) => t > now);
      return new Date(leased.length ? Math.min(...leased) + 100 : now + 5_000);
    }
    // Sends take turns with the drains (see paced).
    return this.turns.run(() => this.followUp(item));
  }

  /** A reminder, an escalation or the end of a call-in period. */
  private async followUp(item: ScheduledItem): Promise<Date | undefined> {
    const { reference } = item;
    const stored = await this.deps.requests.get(reference);
    if (!stored) return undefined;
    if (item.kind === 'end_call_in') {
      if (stored.workflow.status !== 'published') return undefined;
      const result = await this.deps.workflow.act(SYSTEM, reference, { type: 'end_call_in_period' }, { stored });
      if (!result.ok && result.code === 'TOO_EARLY') return new Date(this.deps.workflow.now().getTime() + 60 * 60_000);
      if (!result.ok) this.deps.log.warn({ event: 'callin.end_refused', reference, code: result.code }, 'end of call-in refused');
      return undefined;
    }
    // Reminders: only while the person still has something to do at the same stage.
    const person = { tenantId: String(item.data.tenantId), aadObjectId: String(item.data.aadObjectId), name: String(item.data.name) };
    const rules = await this.deps.workflow.rules(stored.workflow.requester.tenantId);
    // Returning a request is always open to a reviewer; what they owe is their comment or decision.
    const pending = stored.workflow.status === item.data.status && availableActions(stored.workflow, person, this.deps.workflow.now(), { ...rules, deputies: [] }).some((a) => a.type !== 'return_for_changes');
    if (!pending) return undefined;
    const title = stored.content.title ?? 'a staffing establishment change';
    if (item.kind === 'remind') {
      try {
        await this.tell(person, `Reminder: ${reference} (${title}) is waiting for you. Type **status ${reference}** to see it, or use the card I sent.`);
      } catch (err) {
        if (!(err instanceof UnreachableError) || !this.deps.pending) throw err;
        await this.waiting!.parkFollowUp(item, stored, person, err);
        return undefined;
      }
      await this.sendCard(stored, person, rules);
    } else {
      const days = this.deps.workflow.settings.routing.reminders.escalateAfterWorkingDays;
      const requester = stored.workflow.requester;
      // Someone the bot cannot reach yet has not been reminded: say so rather than that they were.
      const waiting = (await this.deps.pending?.forPerson(person.tenantId, person.aadObjectId))?.some((w) => w.reference === reference);
      const after = waiting ? ` I cannot reach them yet: they haven't installed ${APP_NAME}. Ask them to install it, or an administrator to install it for them.` : ' They have been reminded.';
      try {
        await this.tell(requester, `${reference} has been waiting for ${person.name} for ${days} working days.${after}`);
      } catch (err) {
        if (!(err instanceof UnreachableError) || !this.deps.pending) throw err;
        await this.waiting!.parkFollowUp(item, stored, requester, err);
        return undefined;
      }
      // Only a deputy whose dates cover today: an ended or future appointment gives no part in it.
      const today = londonDate(this.deps.workflow.now());
      for (const d of rules.deputies.filter((x) => isSamePerson(x.for, person) && inRange(x, today))) {
        await this.tell(d.deputy, `${reference} (${title}) has been waiting for ${person.name} for ${days} working days; you are their deputy until ${d.to}.`).catch((err: unknown) => {
          // A copy for a deputy: the requester has been told, which is what an escalation is for.
          if (!(err instanceof UnreachableError)) throw err;
          this.deps.log.warn({ event: 'followup.deputy_unreachable', reference, err }, 'deputy could not be told of an escalation');
        });
      }
    }
    return undefined;
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

  private async drainNow(reference: string): Promise<void> {
    // Each step of a drain (its start, then each row after the first) waits for a gap between people's turns.
    await this.deps.foreground?.step();
    // Dropped once the drain is set up, so that only `cached` holds the request and the drain can let it go (see channel).
    let written = this.written.get(reference);
    this.written.delete(reference);
    const drain: DrainState = {};
    const { pending: rows, done } = (await this.ownRows(reference, written, drain)) ?? (await this.deps.outbox.read(reference));
    // The request and its rules, read once for the whole drain (or as this process last wrote it).
    let cached: Promise<Current | undefined> | undefined = written && Promise.resolve(written);
    const current = () =>
      (cached ??= this.deps.requests.get(reference).then(async (stored) => (stored ? { stored, rules: await this.deps.workflow.rules(stored.workflow.requester.tenantId) } : undefined)));
    // Every pending row up to `through` was read: the change this drain was started for was
    // written before the read, and a change writes all its rows at once, after those before it.
    const run: Running = { rows, through: Math.max(written?.stored.workflow.version ?? -1, ...rows.map(outboxVersion)), seen: (w) => (cached = Promise.resolve(w)), due: written?.due ? [written.due] : [] };
    this.running.set(reference, run);
    written = undefined;
    let all: boolean;
    try {
      all = await this.drainRows(reference, run, drain, done, current, (changed) => (cached = changed));
    } finally {
      this.running.delete(reference);
    }
    // Nothing of these changes is left to do: the scan need not look at them. Otherwise it
    // finds them (a row leased elsewhere, or a send told to wait) and drains again.
    if (all && run.due.length) await this.deps.schedule.remove(run.due);
  }

  /**
   * The rows of a change this process wrote are known without reading them, when the last
   * drain marked every row before that change done (with the posts row, read here for the
   * drain): then they are all there is. Otherwise the outbox is read (a partition query,
   * which Azurite answers by scanning the whole table).
   */
  private async ownRows(reference: string, written: Written | undefined, drain: DrainState): Promise<{ pending: OutboxRow[]; done: string[] } | undefined> {
    if (!written?.outbox) return undefined;
    const posts = this.deps.posts.read(reference);
    drain.posts = posts.then((p) => p.cards);
    const { drainedThrough, outboxDone } = await posts;
    return drainedThrough === written.stored.workflow.version - 1 ? { pending: [...written.outbox], done: outboxDone } : undefined;
  }

  /**
   * Carries out the rows in order (more may be added while it runs); stops at the first that
   * must wait. True when this drain completed every row itself.
   */
  private async drainRows(reference: string, run: Running, drain: DrainState, done: string[], current: () => Promise<Current | undefined>, changed: (now: Promise<Current | undefined> | undefined) => void): Promise<boolean> {
    const leased = (row: OutboxRow | undefined, now: Date) => row?.leaseUntil !== undefined && row.leaseUntil > now.toISOString();
    // Each completion also claims the next row (one round trip a notification); the first
    // claim sweeps away rows done by earlier drains.
    let claimed: OutboxRow | undefined;
    let all = true;
    let swept = false;
    const completed: string[] = [];
    const rows = run.rows;
    // Kept only while some row waits, so the map holds no more than what is waiting.
    this.parked.delete(reference);
    const parked = new Set<string>();
    const park = (rowKey: string) => {
      parked.add(rowKey);
      this.parked.set(reference, parked);
    };
    for (const [i, row] of rows.entries()) {
      if (i) await this.deps.foreground?.step();
      if (!claimed) {
        const now = this.deps.workflow.now();
        if (leased(row, now)) {
          // Waiting for someone unreachable: the rest of the request's notifications go on without it.
          if (await this.isWaiting(reference, row)) {
            park(row.rowKey);
            all = false;
            continue;
          }
          return false;
        }
        claimed = await this.deps.outbox.claim(row, now, this.deps.leaseMs, swept ? [] : done);
        swept = true;
        if (!claimed) return false;
      }
      const mine: OutboxRow = claimed;
      claimed = undefined;
      const complete = async (sent?: PostedCard) => {
        const posted = sent && (await this.roomForPost(reference, drain)) ? sent : undefined;
        const now = this.deps.workflow.now();
        const next = rows[i + 1];
        // The last row so far, with every one before it done here: the drain's mark goes with it.
        const drained = !next && all ? { through: run.through, done: [...completed, mine.rowKey].slice(-SWEPT_AT_ONCE) } : undefined;
        const result = await this.deps.outbox.complete(mine, posted, next && !leased(next, now) ? { row: next, now, leaseMs: this.deps.leaseMs } : undefined, drained);
        if (posted && result.done) await this.remembered(drain, posted);
        if (result.done) completed.push(mine.rowKey);
        // Lost to another instance (its lease ran out here): that one finishes it.
        all &&= result.done;
        claimed = result.next;
      };
      const parsed = NotificationSchema.safeParse(mine.notification);
      if (!parsed.success) {
        this.deps.log.error({ event: 'outbox.bad_row', reference, rowKey: row.rowKey }, 'unreadable outbox row dropped');
        await complete();
        continue;
      }
      const n = parsed.data;
      try {
        const posted = await this.perform(reference, n, drain, current, changed);
        await complete(posted);
        // Tried before: it may have been waiting for its person.
        if (mine.attempts > 1 && (n.kind === 'card' || n.kind === 'tell') && this.deps.pending) await this.deps.pending.resolve({ tenantId: n.to.tenantId, aadObjectId: n.to.aadObjectId, reference, slot: mine.rowKey });
      } catch (err) {
        if (err instanceof UnreachableError && (n.kind === 'card' || n.kind === 'tell') && this.deps.pending) {
          // Kept, never dropped: retried with backoff, and at once when they install the app.
          const stored = (await current())?.stored;
          const retryAt = new Date(this.deps.workflow.now().getTime() + waitingDelay(mine.attempts));
          this.deps.log.warn({ event: 'outbox.waiting', reference, kind: n.kind, why: err.why, attempts: mine.attempts, retryAt: retryAt.toISOString() }, 'notification waits for someone the bot cannot reach yet');
          // The retry is scheduled before the row is held, so a crash between the two leaves it found.
          await this.deps.schedule.add([{ reference, kind: 'outbox', dueAt: retryAt }]);
          await this.deps.outbox.release(mine, retryAt);
          if (stored) await this.waiting!.waitFor(stored, n.to, mine.rowKey, n.kind, err);
          park(mine.rowKey);
          all = false;
          continue;
        }
        if (err instanceof UnreachableError) {
          this.deps.log.warn({ event: 'outbox.unreachable', reference, kind: n.kind }, 'notification target unreachable; dropped');
          await complete();
          continue;
        }
        const maxAttempts = this.deps.maxAttempts ?? 8;
        if (mine.attempts >= maxAttempts) {
          this.deps.log.error({ event: 'outbox.gave_up', reference, kind: parsed.data.kind, attempts: mine.attempts, err }, 'notification abandoned');
          await complete();
          continue;
        }
        const now = this.deps.workflow.now();
        const delay = err instanceof RetryLaterError ? Math.max(0, err.notBeforeMs - Date.now()) : Math.min(60_000 * 2 ** mine.attempts, 30 * 60_000);
        this.deps.log.warn({ event: 'outbox.retry', reference, kind: parsed.data.kind, attempts: mine.attempts, delayMs: delay, err }, 'notification will be retried');
        const retryAt = new Date(now.getTime() + delay);
        // Held until then, so neither this instance nor another sends it sooner than asked.
        await this.deps.outbox.release(mine, retryAt);
        await this.deps.schedule.add([{ reference, kind: 'outbox', dueAt: retryAt }]);
        return false;
      }
    }
    return all;
  }

  /** Whether a held row is a notification waiting for someone unreachable (rather than one another instance is sending). */
  private async isWaiting(reference: string, row: OutboxRow): Promise<boolean> {
    const parsed = NotificationSchema.safeParse(row.notification);
    if (!parsed.success || !this.deps.pending) return false;
    const n = parsed.data;
    if (n.kind !== 'card' && n.kind !== 'tell') return false;
    return this.deps.pending.has({ tenantId: n.to.tenantId, aadObjectId: n.to.aadObjectId, reference, slot: row.rowKey });
  }

  private async perform(reference: string, n: Notification, drain: DrainState, current: () => Promise<Current | undefined>, changed: (now: Promise<Current | undefined> | undefined) => void): Promise<PostedCard | undefined> {
    switch (n.kind) {
      case 'system': {
        // On the request as this drain read it: the etag still guards the write.
        const now = await current();
        const result = await this.deps.workflow.act(SYSTEM, reference, { type: n.command }, now ?? {});
        // The rest of the drain sees the request as this step left it.
        changed(result.ok && now ? Promise.resolve({ stored: result.stored, rules: now.rules }) : undefined);
        // Refused means it already happened (or no longer applies): nothing to redo.
        if (!result.ok) this.deps.log.info({ event: 'outbox.system_skipped', reference, command: n.command, code: result.code }, 'system step not needed');
        return undefined;
      }
      case 'tell':
        await this.tell(n.to, n.text);
        return undefined;
      case 'card': {
        const now = await current();
        if (!now) return undefined;
        const { stored, rules } = now;
        const posted = await this.sendCard(stored, n.to, rules);
        // The person's deputy, if one is in place today, gets their own copy.
        const today = londonDate(this.deps.workflow.now());
        for (const d of rules.deputies.filter((x) => isSamePerson(x.for, n.to) && inRange(x, today))) {
          const copy = await this.sendCard(stored, d.deputy, rules).catch((err: unknown) => {
            this.deps.log.warn({ event: 'outbox.deputy_unreachable', reference, err }, 'deputy could not be sent the card');
            return undefined;
          });
          if (copy) await this.rememberPost(reference, drain, `deputy_${copy.activityId}`, copy);
        }
        return posted;
      }
      case 'update_cards': {
        const now = await current();
        if (!now) return undefined;
        const { stored, rules } = now;
        // The publication that follows a decision in the same drain shows the same version.
        if (drain.cardsShow === stored.workflow.version) return undefined;
        for (const post of await this.postedCards(reference, drain)) {
          // Posted or edited a moment ago in this drain from this very version: nothing to change.
          if (post.audience === 'channel' && drain.channelShows === stored.workflow.version) continue;
          const content = post.audience === 'channel' ? await this.deps.cards.channel?.(stored, rules) : await this.deps.cards.personal(stored, { tenantId: post.viewerTenantId, aadObjectId: post.viewerAadObjectId, name: post.viewerName }, rules);
          if (!content) continue;
          await this.paced(post.conversationId, () => this.deps.sender.update({ conversationId: post.conversationId, activityId: post.activityId }, card(content))).catch((err: unknown) => {
            // One card that cannot be updated (deleted chat) must not hold up the rest.
            if (err instanceof UnreachableError) return;
            throw err;
          });
        }
        drain.cardsShow = stored.workflow.version;
        return undefined;
      }
      case 'channel_post':
      case 'channel_update':
        return this.channel(reference, n, drain, current, changed);
    }
  }

  private async channel(reference: string, n: Extract<Notification, { kind: 'channel_post' | 'channel_update' }>, drain: DrainState, current: () => Promise<Current | undefined>, changed: (now: undefined) => void): Promise<PostedCard | undefined> {
    const channelId = await this.deps.decisionsChannel?.();
    const render = this.deps.cards.channel;
    if (!channelId || !render) return undefined;
    const existing = (await this.postedCards(reference, drain)).find((p) => p.audience === 'channel');
    // Behind a long queue for the channel (a burst of decisions: it takes 60 posts in 30 s),
    // each drain waiting would hold its request: it reads it again when its turn comes.
    if (this.limiter.queued(channelId) >= LONG_QUEUE) changed(undefined);
    // Drawn once there is room, so nothing is held while waiting and the post is current.
    let shows: number | undefined;
    const draw = async () => {
      const now = await current();
      shows = now?.stored.workflow.version;
      return now && card(await render(now.stored, now.rules));
    };
    if (!existing) {
      // Exactly one post per decision: a later update finds this one and edits it.
      const posted = await this.paced(channelId, async () => {
        const content = await draw();
        return content && this.deps.sender.postToChannel(channelId, content);
      });
      if (!posted) return undefined;
      const record: PostedCard = { conversationId: posted.conversationId, activityId: posted.activityId, audience: 'channel', viewerTenantId: 'channel', viewerAadObjectId: 'channel', viewerName: 'channel' };
      await this.rememberPost(reference, drain, 'channel', record);
      drain.channelShows = shows;
      return undefined;
    }
    const root = { conversationId: existing.conversationId, activityId: existing.activityId };
    await this.paced(channelId, async () => {
      const content = await draw();
      if (content) await this.deps.sender.update(root, content);
    });
    drain.channelShows = shows;
    if (n.kind === 'channel_update' && n.reply) {
      await this.paced(channelId, () => this.deps.sender.replyInThread(root, { type: 'message', text: `${reference}: ${n.reply}` }));
    }
    return undefined;
  }

  /** The request's posted cards, read once a drain. */
  private postedCards(reference: string, drain: DrainState): Promise<PostedCard[]> {
    return (drain.posts ??= this.deps.posts.cards(reference));
  }

  private async rememberPost(reference: string, drain: DrainState, key: string, posted: PostedCard): Promise<void> {
    if (!(await this.roomForPost(reference, drain))) return;
    await this.deps.posts.remember(reference, key, posted);
    await this.remembered(drain, posted);
  }

  /** Whether one more post fits the request's posts row; past that, posts are sent but not updated later. */
  private async roomForPost(reference: string, drain: DrainState): Promise<boolean> {
    if ((await this.postedCards(reference, drain)).length < MAX_POSTED_CARDS) return true;
    this.deps.log.warn({ event: 'outbox.posts_full', reference }, 'too many cards posted for this request to keep them all up to date');
    return false;
  }

  private async remembered(drain: DrainState, posted: PostedCard): Promise<void> {
    if (drain.posts) (await drain.posts).push(posted);
  }

  /**
   * A send paced by Teams' limits for its conversation. While it waits for room (a busy
   * decisions channel allows 60 posts in 30 s) its drain lends its turn to others, so
   * notifications to other conversations are not held up behind it.
   */
  private paced<T>(conversation: string, send: () => Promise<T>): Promise<T> {
    return this.limiter.run(conversation, send, (room) => this.turns.aside(room));
  }

  private async tell(to: Person, text: string): Promise<void> {
    await this.paced(`user:${to.aadObjectId}`, () => this.deps.sender.sendToUser(to, { type: 'message', text }));
  }

  private async sendCard(stored: Stored, to: Person, rules: Rules): Promise<PostedCard> {
    const content = await this.deps.cards.personal(stored, to, rules);
    const posted = await this.paced(`user:${to.aadObjectId}`, () => this.deps.sender.sendToUser(to, card(content)));
    return { conversationId: posted.conversationId, activityId: posted.activityId, audience: 'person', viewerTenantId: to.tenantId, viewerAadObjectId: to.aadObjectId, viewerName: to.name };
  }
}

/**
 * Runs at most `size()` tasks at once (the limit may change between calls); the rest start
 * in the order they came. A task can step aside while it only waits (`aside`) and comes
 * back ahead of the line.
 */
class TurnQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: () => number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.take(false);
    try {
      return await task();
    } finally {
      this.give();
    }
  }

  /** Lends the caller's turn to the next task while `wait` runs; called only inside run. */
  async aside<T>(wait: () => Promise<T>): Promise<T> {
    this.give();
    try {
      return await wait();
    } finally {
      await this.take(true);
    }
  }

  /** Starts waiting tasks while there is room (after the limit has grown). */
  pump(): void {
    // Synchronous, so a newcomer cannot jump the line between a turn's end and the next start.
    while (this.waiting.length && this.running < this.size()) {
      this.running++;
      this.waiting.shift()!();
    }
  }

  private async take(first: boolean): Promise<void> {
    if (!this.waiting.length && this.running < this.size()) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => (first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
  }

  private give(): void {
    this.running--;
    this.pump();
  }
}
