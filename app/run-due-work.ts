import { SYSTEM } from '../domain/lifecycle';
import { followUpFor } from '../domain/reminders';
import { OUTBOX_LEASE_MS, type OutboxDrain } from './drain-notifications';
import { isUnreachable } from './ports/errors';
import type { Outbox } from './ports/outbox';
import type { Requests } from './ports/requests';
import type { Log, Turns } from './ports/runtime';
import type { ScheduledItem, Schedule } from './ports/schedule';
import type { NotificationSending, WaitingForPeople } from './ports/teams';
import type { WorkflowService } from './workflow-service';
import { DEFAULT_REMINDERS } from './follow-ups';
import { routingFor } from './request-rules';

/** Storage not answering (storage/errors.ts's STORAGE_UNAVAILABLE): an outage, not a fault of the scan. */
const storageDown = (err: unknown) => (err as { code?: unknown } | undefined)?.code === 'STORAGE_UNAVAILABLE';

export interface SchedulerDeps {
  requests: Pick<Requests, 'get'>;
  outbox: Pick<Outbox, 'pending'>;
  schedule: Pick<Schedule, 'due' | 'claim' | 'retryAt' | 'complete'>;
  workflow: Pick<WorkflowService, 'now' | 'act' | 'rules' | 'settings'>;
  drain: Pick<OutboxDrain, 'drain' | 'parkedRows'>;
  sender: Pick<NotificationSending, 'tell' | 'sendCard'>;
  turns: Turns;
  /**
   * Channel posts on a timetable rather than a request's outbox: posts the weekly digest
   * if it is due and there is a decisions channel to post it to.
   */
  digest?: (now: Date) => Promise<void>;
  /** Follow-ups for people the bot cannot reach yet; without it they fail and are tried again. */
  waiting?: Pick<WaitingForPeople, 'store' | 'notifications'>;
  /** Brings the establishment ledger into line with a decided request (app/establishment-sync.ts). */
  ledger?: (item: ScheduledItem) => Promise<Date | undefined>;
  /** The name people know the app by in Teams, for escalations. */
  appName: string;
  log: Log;
  leaseMs?: number;
}

/**
 * Scans the schedule for work that has fallen due (outbox drains to finish, reminders,
 * escalations, the end of a call-in period) and does it, every `intervalMs` and on demand.
 * Each item is claimed with a lease, so after a restart, or with several instances, it is
 * done once; an item that fails is left leased and tried again when the lease runs out.
 */
export class DueWorkScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly deps: SchedulerDeps) {}

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

  /** The scan under way, if any (tests and shutdown wait for it). */
  get scanning(): Promise<void> | undefined {
    return this.running;
  }

  /** Processes whatever scheduled work is due: after a restart this finds everything left. */
  scan(): Promise<void> {
    // Scans run one after another, so a scan asked for now always reads the clock now.
    const run = (this.running ?? Promise.resolve()).then(() =>
      this.scanNow().catch((err: unknown) =>
        storageDown(err)
          ? this.deps.log.warn({ event: 'schedule.storage_unavailable', err }, 'storage did not answer; the next scan tries again')
          : this.deps.log.error({ event: 'schedule.scan_failed', err }, 'schedule scan failed'),
      ),
    );
    this.running = run;
    void run.finally(() => {
      if (this.running === run) this.running = undefined;
    });
    return run;
  }

  private async scanNow(): Promise<void> {
    const now = this.deps.workflow.now();
    for (const item of await this.deps.schedule.due(now)) {
      try {
        // An outbox drain holds its rows by leases of its own, renewed while it sends: the item's lease need only cover the start.
        const claimed = await this.deps.schedule.claim(item, now, item.kind === 'outbox' ? OUTBOX_LEASE_MS : this.deps.leaseMs);
        if (!claimed) continue;
        const retryAt = await this.handle(claimed);
        if (retryAt) await this.deps.schedule.retryAt(claimed, retryAt);
        else await this.deps.schedule.complete(claimed);
      } catch (err) {
        // Left leased (or unclaimed, storage failing): it is tried again when the lease runs out.
        this.deps.log.error({ event: 'schedule.item_failed', kind: item.kind, reference: item.reference, err }, 'scheduled item failed');
      }
    }
    const digest = this.deps.digest;
    if (!digest) return;
    await this.deps.turns
      .run(() => digest(now))
      .catch((err: unknown) => this.deps.log.error({ event: 'digest.failed', err }, 'weekly digest failed; a later scan tries again'));
  }

  /** Does one scheduled item; returns when to try again, if it should be. */
  private async handle(item: ScheduledItem): Promise<Date | undefined> {
    const { reference } = item;
    if (item.kind === 'outbox') {
      await this.deps.drain.drain(reference);
      // Rows waiting for someone unreachable have a scheduled retry of their own.
      const parked = this.deps.drain.parkedRows(reference);
      const left = (await this.deps.outbox.pending(reference)).filter((r) => !parked?.has(r.rowKey));
      if (!left.length) return undefined;
      // Something is still waiting (a lease held elsewhere, or a send told to wait).
      const now = this.deps.workflow.now().getTime();
      const leased = left.map((r) => (r.leaseUntil ? Date.parse(r.leaseUntil) : now)).filter((t) => t > now);
      return new Date(leased.length ? Math.min(...leased) + 100 : now + 5_000);
    }
    if (item.kind === 'ledger') return this.deps.ledger?.(item);
    // Sends take turns with the drains.
    return this.deps.turns.run(() => (item.kind === 'end_call_in' ? this.endCallIn(item) : this.followUp(item)));
  }

  private async endCallIn(item: ScheduledItem): Promise<Date | undefined> {
    const { reference } = item;
    const stored = await this.deps.requests.get(reference);
    if (!stored || stored.workflow.status !== 'published') return undefined;
    const result = await this.deps.workflow.act(SYSTEM, reference, { type: 'end_call_in_period' }, { stored });
    if (!result.ok && result.code === 'TOO_EARLY') return new Date(this.deps.workflow.now().getTime() + 60 * 60_000);
    if (!result.ok) this.deps.log.warn({ event: 'callin.end_refused', reference, code: result.code }, 'end of call-in refused');
    return undefined;
  }

  /** A reminder or an escalation, if it still applies (domain/reminders.ts). */
  private async followUp(item: ScheduledItem): Promise<undefined> {
    const { reference } = item;
    const stored = await this.deps.requests.get(reference);
    if (!stored) return undefined;
    const person = { tenantId: String(item.data.tenantId), aadObjectId: String(item.data.aadObjectId), name: String(item.data.name) };
    const tenantId = stored.workflow.requester.tenantId;
    const [rules, routing] = await Promise.all([this.deps.workflow.rules(tenantId), routingFor(this.deps.workflow.settings, tenantId)]);
    const due = { kind: item.kind === 'remind' ? ('remind' as const) : ('escalate' as const), reference, person, status: String(item.data.status) };
    const escalateAfterWorkingDays = (routing?.reminders ?? DEFAULT_REMINDERS).escalateAfterWorkingDays;
    const settings = { escalateAfterWorkingDays, appName: this.deps.appName };
    const plan = followUpFor(due, { state: stored.workflow, title: stored.content.title }, this.deps.workflow.now(), rules, settings);
    if (!plan) return undefined;
    const waiting = this.deps.waiting;
    if (plan.kind === 'remind') {
      try {
        await this.deps.sender.tell(plan.reminder.to, plan.reminder.text);
      } catch (err) {
        if (!isUnreachable(err) || !waiting) throw err;
        await waiting.notifications.parkFollowUp(item, stored, plan.reminder.to, err);
        return undefined;
      }
      await this.deps.sender.sendCard(stored, plan.card, rules);
      return undefined;
    }
    const unreachable = (await waiting?.store.forPerson(person.tenantId, person.aadObjectId))?.some((w) => w.reference === reference);
    try {
      await this.deps.sender.tell(plan.requester, unreachable ? plan.text.unreachable : plan.text.reminded);
    } catch (err) {
      if (!isUnreachable(err) || !waiting) throw err;
      await waiting.notifications.parkFollowUp(item, stored, plan.requester, err);
      return undefined;
    }
    for (const copy of plan.deputies) {
      await this.deps.sender.tell(copy.to, copy.text).catch((err: unknown) => {
        // A copy for a deputy: the requester has been told, which is what an escalation is for.
        if (!isUnreachable(err)) throw err;
        this.deps.log.warn({ event: 'followup.deputy_unreachable', reference, err }, 'deputy could not be told of an escalation');
      });
    }
    return undefined;
  }
}
