import { isSamePerson, type Person, type WorkflowState } from '../../domain/lifecycle';
import type { RequestContent } from '../../domain/request';
import type { PendingNotification, PendingNotificationStore } from '../../storage/pending-notifications';
import type { OutboxStore } from '../../storage/outbox-store';
import type { StoredRequest } from '../../storage/request-store';
import type { ScheduledItem, ScheduleStore } from '../../storage/schedule';
import type { Logger } from '../logger';
import type { UnreachableError } from '../proactive/retry';

type Stored = StoredRequest<RequestContent, WorkflowState>;

/** The name people know the app by in Teams. */
export const APP_NAME = 'Establishment Changes';
/** A notification for someone unreachable is tried again after this, doubling each time up to WAITING_RETRY_MAX_MS. */
export const WAITING_RETRY_FIRST_MS = 5 * 60_000;
export const WAITING_RETRY_MAX_MS = 6 * 60 * 60_000;
export const waitingDelay = (attempts: number) => Math.min(WAITING_RETRY_MAX_MS, WAITING_RETRY_FIRST_MS * 2 ** Math.max(0, Math.min(attempts - 1, 20)));

export interface WaitingDeps {
  pending: Pick<PendingNotificationStore, 'park' | 'told' | 'has' | 'resolve' | 'forPerson'>;
  outbox: Pick<OutboxStore, 'pending' | 'release'>;
  schedule: Pick<ScheduleStore, 'add' | 'remove'>;
  now(): Date;
  log: Logger;
  /** Tells someone in words (the dispatcher's paced send). */
  tell(to: Person, text: string): Promise<void>;
  /** Drains a request's outbox now. */
  kick(reference: string): void;
  /** Looks for due scheduled work now. */
  scan(): Promise<void>;
}

/**
 * Notifications for people the bot cannot reach yet: never dropped, each recorded as
 * waiting, retried with backoff, the requester told once, and everything sent at once when
 * the person installs the app. The outbox dispatcher hands them here.
 */
export class WaitingNotifications {
  constructor(private readonly deps: WaitingDeps) {}

  /**
   * A reminder or escalation for someone unreachable: scheduled again with backoff (its own
   * item, named on the waiting row, so their installing the app can bring it forward).
   */
  async parkFollowUp(item: ScheduledItem, stored: Stored, to: Person, err: UnreachableError): Promise<void> {
    const tries = Number(item.data.unreachableTries ?? 0) + 1;
    const data = { ...item.data, unreachableTries: tries };
    const retryAt = new Date(this.deps.now().getTime() + waitingDelay(tries));
    const [again] = await this.deps.schedule.add([{ reference: item.reference, kind: item.kind, dueAt: retryAt, data }]);
    const kind = item.kind === 'remind' ? 'remind' : 'escalate';
    this.deps.log.warn(
      { event: 'followup.waiting', reference: item.reference, kind, retryAt: retryAt.toISOString(), why: err.why },
      'follow-up waits for someone the bot cannot reach yet',
    );
    await this.waitFor(stored, to, kind, kind, err, again ? { rowKey: again.rowKey, data } : undefined);
  }

  /**
   * Records that a notification waits for `to`, and tells the request's requester once
   * (in words) who cannot be reached yet.
   */
  async waitFor(
    stored: Stored,
    to: Person,
    slot: string,
    kind: PendingNotification['kind'],
    err: UnreachableError,
    scheduled?: PendingNotification['scheduled'],
  ): Promise<void> {
    const pending = this.deps.pending;
    const reference = stored.reference;
    const { tellRequester } = await pending.park(
      { tenantId: to.tenantId, aadObjectId: to.aadObjectId, name: to.name, reference, slot, kind, reason: err.message, ...(scheduled ? { scheduled } : {}) },
      this.deps.now(),
    );
    const requester = stored.workflow.requester;
    if (!tellRequester || isSamePerson(requester, to)) return;
    const what = kind === 'card' ? 'the card' : kind === 'tell' ? 'my message' : kind === 'remind' ? 'the reminder' : 'the message';
    const text =
      err.why === 'refused'
        ? `${reference}: Teams will not let me message ${to.name} just now (they may have blocked or removed ${APP_NAME}): ${what} will reach them as soon as they install it again. Ask them to, or an administrator to install it for them.`
        : `${reference}: ${to.name} hasn't installed ${APP_NAME} yet: ${what} will reach them as soon as they do. Ask them to install it, or an administrator to install it for them.`;
    try {
      await this.deps.tell(requester, text);
      await pending.told({ tenantId: to.tenantId, aadObjectId: to.aadObjectId, reference, slot });
    } catch (tellErr) {
      // Tried again with the next attempt for this notification.
      this.deps.log.warn({ event: 'outbox.requester_not_told', reference, err: tellErr }, 'could not tell the requester who cannot be reached');
    }
  }

  /** Sends at once what waits for someone who has just become reachable. */
  async reachNow(person: { tenantId: string; aadObjectId: string }): Promise<void> {
    const pending = this.deps.pending;
    const waiting = await pending.forPerson(person.tenantId, person.aadObjectId);
    if (!waiting.length) return;
    const now = this.deps.now();
    this.deps.log.info(
      { event: 'outbox.reachable', tenantId: person.tenantId, aadObjectId: person.aadObjectId, waiting: waiting.length },
      'someone now reachable: sending what waits for them',
    );
    let followUps = false;
    for (const reference of new Set(waiting.map((w) => w.reference))) {
      const theirs = waiting.filter((w) => w.reference === reference);
      const slots = new Set(theirs.filter((w) => w.kind === 'card' || w.kind === 'tell').map((w) => w.slot));
      if (slots.size) {
        for (const row of (await this.deps.outbox.pending(reference)).filter((r) => slots.has(r.rowKey))) await this.deps.outbox.release(row, now);
        this.deps.kick(reference);
      }
      for (const w of theirs.filter((x) => x.scheduled)) {
        await this.deps.schedule.remove([{ rowKey: w.scheduled!.rowKey } as ScheduledItem]);
        await this.deps.schedule.add([{ reference, kind: w.kind === 'remind' ? 'remind' : 'escalate', dueAt: now, data: w.scheduled!.data }]);
        await pending.resolve(w);
        followUps = true;
      }
    }
    if (followUps) void this.deps.scan();
  }
}
