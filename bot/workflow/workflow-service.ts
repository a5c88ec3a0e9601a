import { londonDate, type CalendarDate } from '../../domain/calendar-date';
import { decide, type Actor, type Command, type Decision, type ErrorCode, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { notificationsFor, type Notification } from '../../domain/notifications';
import type { DraftContent } from '../../domain/request';
import type { RoutingConfig } from '../../domain/routing';
import { addWorkingDays, type WorkingCalendar } from '../../domain/working-days';
import type { DelegationStore } from '../../storage/delegations';
import type { OutboxRow } from '../../storage/outbox-store';
import { RequestConflictError, type RequestStore, type StoredRequest } from '../../storage/request-store';
import type { ScheduledItem, ScheduledWork, ScheduleStore } from '../../storage/schedule';
import { isGuid } from '../../storage/keys';

export type ActResult =
  | { ok: true; stored: StoredRequest<DraftContent, WorkflowState>; decision: Extract<Decision, { ok: true }> }
  | { ok: false; code: ErrorCode | 'NOT_FOUND' | 'BUSY'; message: string; stored?: StoredRequest<DraftContent, WorkflowState> };

export interface ActContext {
  correlationId?: string;
  /** New content, when a revised request is resubmitted. */
  content?: DraftContent;
  /** The rules, when the caller has already read them for this click. */
  rules?: Rules;
  /** The request, when the caller has just read it: the write is still checked against its etag. */
  stored?: StoredRequest<DraftContent, WorkflowState>;
}

/** A change this process wrote: the request as written, its rules, and the outbox rows it created (when known). */
export interface Written {
  stored: StoredRequest<DraftContent, WorkflowState>;
  rules: Rules;
  outbox?: OutboxRow[];
  /** The schedule's item for draining those rows, there in case this process stops first. */
  due?: ScheduledItem;
}

/** Told after every change this process writes. */
export type ChangeListener = (reference: string, written?: Written) => void;

export interface WorkflowSettings {
  routing: RoutingConfig;
  calendar: WorkingCalendar;
  now?: () => Date;
}

/** The time a dated follow-up falls due: 09:00 on that London day (near enough in BST). */
function morningOf(date: CalendarDate): Date {
  return new Date(`${date}T09:00:00Z`);
}

/**
 * Runs one command against a stored request: asks the core, then writes the new state,
 * its audit row and its outbox rows in one transaction over the etag read. Follow-ups
 * (the outbox marker, reminders, the call-in deadline) are scheduled *before* the write,
 * so a crash after it can never strand them.
 */
export class WorkflowService {
  constructor(
    private readonly requests: RequestStore<DraftContent, WorkflowState>,
    private readonly schedule: ScheduleStore,
    private readonly delegations: DelegationStore,
    readonly settings: WorkflowSettings,
    private readonly changed: ChangeListener = () => undefined,
  ) {}

  now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  async rules(tenantId: string): Promise<Rules> {
    const s = this.settings.routing.scrutiny;
    const person = (p: { aadObjectId: string; tenantId?: string; name: string; initials?: string }) => ({ tenantId: p.tenantId ?? this.settings.routing.tenantId, aadObjectId: p.aadObjectId, name: p.name, ...(p.initials ? { initials: p.initials } : {}) });
    const deputies = isGuid(tenantId) ? await this.delegations.list(tenantId) : [];
    return {
      calendar: this.settings.calendar,
      callInWorkingDays: s.callInWorkingDays,
      minimumMembersToCallIn: s.minimumMembersToCallIn,
      scrutinyMembers: s.members.map(person),
      scrutinyOfficer: person(s.officer),
      deputies,
    };
  }

  /**
   * The request and its rules, read at the same time: the rules for the sender's tenant,
   * which is the requester's in every case where the sender may see or act on it at all.
   */
  async load(reference: string, senderTenantId: string): Promise<{ stored: StoredRequest<DraftContent, WorkflowState>; rules: Rules } | undefined> {
    const senderRules = this.rules(senderTenantId);
    senderRules.catch(() => undefined);
    const stored = await this.requests.get(reference);
    if (!stored) return undefined;
    const tenantId = stored.workflow.requester.tenantId;
    return { stored, rules: await (tenantId === senderTenantId ? senderRules : this.rules(tenantId)) };
  }

  async act(actor: Actor, reference: string, command: Command, context: ActContext = {}): Promise<ActResult> {
    const stored = context.stored?.reference === reference ? context.stored : await this.requests.get(reference);
    if (!stored) return { ok: false, code: 'NOT_FOUND', message: `I can't find ${reference}.` };
    return this.actOn(stored, actor, command, context, 2);
  }

  private async actOn(stored: StoredRequest<DraftContent, WorkflowState>, actor: Actor, command: Command, context: ActContext, attempts: number): Promise<ActResult> {
    const now = this.now();
    const rules = context.rules ?? (await this.rules(stored.workflow.requester.tenantId));
    const decision = decide(stored.workflow, command, actor, now, rules);
    if (!decision.ok) return { ok: false, code: decision.code, message: decision.message, stored };
    const notifications = notificationsFor(stored.reference, decision.state, decision.audit, decision.events, { scrutinyOfficer: rules.scrutinyOfficer });
    const scheduled = await this.schedule.add(this.followUps(stored.reference, decision, notifications, now));
    const due = scheduled.find((item) => item.kind === 'outbox');
    const audit = { ...decision.audit, ...(context.correlationId ? { correlationId: context.correlationId } : {}) };
    try {
      const owner = { tenantId: stored.workflow.requester.tenantId, aadObjectId: stored.workflow.requester.aadObjectId };
      const { stored: next, outbox } = await this.requests.transition(owner, stored, decision.state, audit, now, notifications, context.content);
      const pub = next.workflow.publication;
      if (pub) {
        // The public title only: an exempt request's listing says no more than its channel post.
        const title = next.content.decisionFacts.exempt ? 'Establishment change (contains exempt information)' : (next.content.title ?? 'Establishment change');
        await this.requests.listDecision(next.reference, { title: title.slice(0, 200), status: next.workflow.status, publishedOn: pub.publishedOn, implementableFrom: pub.implementableFrom, ...(pub.deadline ? { deadline: pub.deadline } : {}) });
      }
      this.changed(stored.reference, { stored: next, rules, ...(outbox ? { outbox } : {}), ...(due ? { due } : {}) });
      return { ok: true, stored: next, decision };
    } catch (e) {
      if (!(e instanceof RequestConflictError)) throw e;
      // Someone else changed it first: decide again on what is stored now, so the loser
      // hears "already decided by …" (or that the card was stale), never a bare conflict.
      const fresh = await this.requests.get(stored.reference);
      if (!fresh) return { ok: false, code: 'NOT_FOUND', message: `I can't find ${stored.reference}.` };
      if (attempts <= 1) return { ok: false, code: 'BUSY', message: `${stored.reference} is changing right now; please try again.`, stored: fresh };
      return this.actOn(fresh, actor, command, context, attempts - 1);
    }
  }

  /** Scheduled work a change needs: its outbox drained, reminders, its call-in deadline. */
  followUps(reference: string, decision: Extract<Decision, { ok: true }>, notifications: readonly Notification[], now: Date) {
    const items: ScheduledWork[] = [];
    if (notifications.length) items.push({ reference, kind: 'outbox', dueAt: now });
    const { afterWorkingDays, escalateAfterWorkingDays } = this.settings.routing.reminders;
    const today = londonDate(now);
    for (const event of decision.events) {
      const people = event.type === 'review_requested' ? event.to : event.type === 'decision_requested' ? [event.to] : [];
      for (const person of people) {
        const data = { version: decision.state.version, status: decision.state.status, tenantId: person.tenantId, aadObjectId: person.aadObjectId, name: person.name };
        items.push({ reference, kind: 'remind', dueAt: morningOf(addWorkingDays(today, afterWorkingDays, this.settings.calendar)), data });
        items.push({ reference, kind: 'escalate', dueAt: morningOf(addWorkingDays(today, escalateAfterWorkingDays, this.settings.calendar)), data });
      }
      if (event.type === 'decision_published' && decision.state.status === 'published' && decision.state.publication) {
        // Just after midnight London time on the day it becomes implementable.
        items.push({ reference, kind: 'end_call_in', dueAt: new Date(`${decision.state.publication.implementableFrom}T00:05:00Z`), data: { version: decision.state.version } });
      }
    }
    return items;
  }
}
