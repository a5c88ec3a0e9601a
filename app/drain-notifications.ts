import { NotificationSchema } from '../domain/notifications';
import type { Outbox, OutboxRow, PostedCard, PostedCards } from './ports/outbox';
import type { Requests } from './ports/requests';
import type { Log, Steps, Turns } from './ports/runtime';
import type { ScheduledItem, Schedule } from './ports/schedule';
import type { Current, Drain, NotificationSending, WaitingForPeople } from './ports/teams';
import type { Written } from './record-change';
import { afterFailedSend } from './after-failed-send';
import { whileRenewing } from './renew-lease';
import { retryWrite } from './retry-write';
import type { WorkflowService } from './workflow-service';

/**
 * A drain under way: the rows it carries out, in order, and the newest version all of whose
 * pending rows are among them. A change to the next version, written meanwhile by this
 * process, adds its rows to the end (see kick) rather than waiting for a drain of its own.
 */
type Running = { rows: OutboxRow[]; through: number; seen: (written: Written) => void; due: ScheduledItem[] };

export interface DrainDeps {
  requests: Pick<Requests, 'get'>;
  outbox: Outbox;
  posts: Pick<PostedCards, 'read'>;
  schedule: Pick<Schedule, 'add' | 'remove'>;
  workflow: Pick<WorkflowService, 'now' | 'rules'>;
  sender: Pick<NotificationSending, 'perform' | 'roomForPost' | 'remembered'>;
  turns: Turns;
  /** The turns people are waiting on: while there are any, each step of a drain waits for a gap between them. */
  foreground?: Steps;
  /** Notifications for people the bot cannot reach yet; without it they are dropped. */
  waiting?: WaitingForPeople;
  log: Log;
  leaseMs?: number;
  maxAttempts?: number;
  /** Runs `fn` after `ms` in this process (a retry due soon); a timer by default. */
  later?: (ms: number, fn: () => void) => void;
}

/** Done rows a drain's first claim deletes, at most (with the claim: a transaction's 100 actions). */
const SWEPT_AT_ONCE = 99;
/** Requests whose state as written is kept for their coming drain, at most. */
const WRITTEN_KEPT = 500;
/**
 * How long a claim on a row lasts unless renewed: a dead instance's rows are taken over
 * this soon. Renewed while its send is under way (renew-lease.ts).
 */
export const OUTBOX_LEASE_MS = 5_000;

/**
 * Carries out a request's outbox rows, in order. Each row is claimed with a lease over its
 * etag, sent, then completed over the claim's etag, so with several instances (or after a
 * crash and restart) each notification is sent once; a failure stops that request's queue
 * until it is retried.
 */
export class OutboxDrain {
  private readonly chains = new Map<string, Promise<void>>();
  /** The newest state of a request this process wrote, until the next drain of it starts. */
  private readonly written = new Map<string, Written>();
  private readonly running = new Map<string, Running>();
  /** Per request, the outbox rows its last drain left waiting for someone unreachable (each has its own scheduled retry). */
  private readonly parked = new Map<string, Set<string>>();

  private readonly leaseMs: number;

  constructor(private readonly deps: DrainDeps) {
    this.leaseMs = deps.leaseMs ?? OUTBOX_LEASE_MS;
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
    if (written && (known ? known.stored.workflow.version < written.stored.workflow.version : this.written.size < WRITTEN_KEPT))
      this.written.set(reference, written);
    void this.drain(reference).catch((err: unknown) => this.deps.log.error({ event: 'outbox.drain_failed', reference, err }, 'outbox drain failed'));
  }

  /** Drains one request's outbox; calls for one request run one after another. */
  drain(reference: string): Promise<void> {
    const previous = this.chains.get(reference) ?? Promise.resolve();
    const run = previous.then(() => this.deps.turns.run(() => this.drainNow(reference)));
    const settled = run.catch(() => undefined);
    this.chains.set(reference, settled);
    void settled.then(() => {
      if (this.chains.get(reference) === settled) this.chains.delete(reference);
    });
    return run;
  }

  /** The drains in flight, to wait for (tests and shutdown). */
  inFlight(): Promise<void>[] {
    return [...this.chains.values()];
  }

  /** The rows of a request left waiting for someone unreachable by its last drain. */
  parkedRows(reference: string): ReadonlySet<string> | undefined {
    return this.parked.get(reference);
  }

  private async drainNow(reference: string): Promise<void> {
    // Each step of a drain (its start, then each row after the first) waits for a gap between people's turns.
    await this.deps.foreground?.step();
    // Dropped once the drain is set up, so that only `cached` holds the request and the drain can let it go (see channel).
    let written = this.written.get(reference);
    this.written.delete(reference);
    // The request and its rules, read once for the whole drain (or as this process last wrote it).
    let cached: Promise<Current | undefined> | undefined = written && Promise.resolve(written);
    const drain: Drain = {
      reference,
      current: () =>
        (cached ??= this.deps.requests
          .get(reference)
          .then(async (stored) => (stored ? { stored, rules: await this.deps.workflow.rules(stored.workflow.requester.tenantId) } : undefined))),
      changed: (now) => (cached = now),
    };
    const { pending: rows, done } = (await this.ownRows(written, drain)) ?? (await this.deps.outbox.read(reference));
    // Rows another instance wrote after this process's last write: its state is too old to draw them from.
    if (written && rows.some((row) => this.deps.outbox.versionOf(row) > written!.stored.workflow.version)) drain.changed(undefined);
    // Every pending row up to `through` was read: the change this drain was started for was
    // written before the read, and a change writes all its rows at once, after those before it.
    const run: Running = {
      rows,
      through: Math.max(written?.stored.workflow.version ?? -1, ...rows.map((row) => this.deps.outbox.versionOf(row))),
      seen: (w) => (cached = Promise.resolve(w)),
      due: written?.due ? [written.due] : [],
    };
    this.running.set(reference, run);
    written = undefined;
    let all: boolean;
    try {
      all = await this.drainRows(run, drain, done);
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
  private async ownRows(written: Written | undefined, drain: Drain): Promise<{ pending: OutboxRow[]; done: string[] } | undefined> {
    if (!written?.outbox) return undefined;
    const posts = this.deps.posts.read(drain.reference);
    drain.posts = posts.then((p) => p.cards);
    // Awaited below; a failed read must not also surface as an unhandled rejection of this copy.
    drain.posts.catch(() => undefined);
    const { drainedThrough, outboxDone } = await posts;
    return drainedThrough === written.stored.workflow.version - 1 ? { pending: [...written.outbox], done: outboxDone } : undefined;
  }

  /**
   * Makes sure the drain draws from the request at least at `version` (the change that
   * wrote the row being sent): a state this process wrote or read earlier is dropped when
   * another instance has written since, so no card is drawn from a version older than the
   * notification that asks for it.
   */
  private async atLeast(drain: Drain, version: number): Promise<void> {
    const now = await drain.current();
    if (now && now.stored.workflow.version < version) drain.changed(undefined);
  }

  /**
   * Carries out the rows in order (more may be added while it runs); stops at the first that
   * must wait. True when this drain completed every row itself.
   */
  private async drainRows(run: Running, drain: Drain, done: string[]): Promise<boolean> {
    const { reference } = drain;
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
      all = false;
    };
    for (const [i, row] of rows.entries()) {
      if (i) await this.deps.foreground?.step();
      if (!claimed) {
        const now = this.deps.workflow.now();
        if (leased(row, now)) {
          // Waiting for someone unreachable: the rest of the request's notifications go on without it.
          if (!(await this.isWaiting(reference, row))) return false;
          park(row.rowKey);
          continue;
        }
        claimed = await this.deps.outbox.claim(row, now, this.leaseMs, swept ? [] : done);
        swept = true;
        if (!claimed) return false;
      }
      let mine: OutboxRow = claimed;
      claimed = undefined;
      const complete = async (sent?: PostedCard) => {
        const posted = sent && (await this.deps.sender.roomForPost(drain)) ? sent : undefined;
        const now = this.deps.workflow.now();
        const next = rows[i + 1];
        // The last row so far, with every one before it done here: the drain's mark goes with it.
        const drained = !next && all ? { through: run.through, done: [...completed, mine.rowKey].slice(-SWEPT_AT_ONCE) } : undefined;
        const result = await retryWrite(() =>
          this.deps.outbox.complete(mine, posted, next && !leased(next, now) ? { row: next, now, leaseMs: this.leaseMs } : undefined, drained),
        );
        if (posted && result.done) await this.deps.sender.remembered(drain, posted);
        if (result.done) completed.push(mine.rowKey);
        // Lost to another instance (its lease ran out here): that one finishes it.
        all &&= result.done;
        claimed = result.next;
      };
      const parsed = NotificationSchema.safeParse(mine.notification);
      if (!parsed.success) {
        this.deps.log.error({ event: 'outbox.bad_row', reference, rowKey: mine.rowKey }, 'unreadable outbox row dropped');
        await complete();
        continue;
      }
      const n = parsed.data;
      try {
        await this.atLeast(drain, this.deps.outbox.versionOf(mine));
        const posted = await whileRenewing(
          mine,
          this.leaseMs,
          (r) => this.deps.outbox.renew(r, this.deps.workflow.now(), this.leaseMs),
          (r) => (mine = r),
          () => this.deps.sender.perform(n, drain),
        );
        await complete(posted);
        // Tried before: it may have been waiting for its person.
        if (mine.attempts > 1 && (n.kind === 'card' || n.kind === 'tell') && this.deps.waiting)
          await this.deps.waiting.store.resolve({ tenantId: n.to.tenantId, aadObjectId: n.to.aadObjectId, reference, slot: mine.rowKey });
      } catch (err) {
        const next = await afterFailedSend(this.deps, mine, n, err, drain, (reference) => this.kick(reference));
        if (next === 'stop') return false;
        if (next === 'parked') park(mine.rowKey);
        else await complete();
      }
    }
    return all;
  }

  /** Whether a held row is a notification waiting for someone unreachable (rather than one another instance is sending). */
  private async isWaiting(reference: string, row: OutboxRow): Promise<boolean> {
    const parsed = NotificationSchema.safeParse(row.notification);
    if (!parsed.success || !this.deps.waiting) return false;
    const n = parsed.data;
    if (n.kind !== 'card' && n.kind !== 'tell') return false;
    return this.deps.waiting.store.has({ tenantId: n.to.tenantId, aadObjectId: n.to.aadObjectId, reference, slot: row.rowKey });
  }
}
