import type { Rules } from '../domain/lifecycle';
import { notificationsFor, type Notification } from '../domain/notifications';
import { DEFAULT_REMINDERS, followUps, type Decided } from './follow-ups';
import type { OutboxRow } from './ports/outbox';
import type { DecisionListings, Stored, WrittenChange } from './ports/requests';
import type { ForwardPlanListings } from './ports/forward-plan';
import { forwardPlanEntry } from '../domain/forward-plan-listing';
import type { ScheduledItem, Schedule } from './ports/schedule';
import { calendarOf, routingFor, type WorkflowSettings } from './request-rules';

/** A change this process wrote: the request as written, its rules, and the outbox rows it created (when known). */
export interface Written {
  stored: Stored;
  rules: Rules;
  outbox?: OutboxRow[];
  /** The schedule's item for draining those rows, there in case this process stops first. */
  due?: ScheduledItem;
}

/** Told after every change this process writes (the outbox dispatcher drains it). */
export type ChangeListener = (reference: string, written?: Written) => void;

export interface RecordDeps {
  schedule: Pick<Schedule, 'add'>;
  decisions: Pick<DecisionListings, 'record'>;
  /** The forward plan of key decisions (issue 31); absent where nothing lists it. */
  forwardPlan?: Pick<ForwardPlanListings, 'record'>;
  settings: WorkflowSettings;
  changed: ChangeListener;
}

/** A change the core has accepted, about to be written. */
export interface Change {
  reference: string;
  decision: Decided;
  now: Date;
  /** The rules, when they were read for this change: they name the scrutiny officer, and the drain reuses them. */
  rules?: Rules;
  correlationId?: string;
}

/** Writes the change: the request, its audit entry and its outbox rows, together, over the etag read. */
export type WriteChange = (audit: object, notifications: Notification[]) => Promise<WrittenChange>;

/**
 * The steps every change of a request takes once the core has accepted it (a submission, a
 * resubmission, a click, a system step): its notifications; its follow-ups (the outbox
 * marker, reminders, the call-in deadline) scheduled *before* the write, so a crash after
 * it can never strand them; the write; a published decision's public listing; and the
 * listener told.
 */
export async function recordChange(deps: RecordDeps, change: Change, write: WriteChange): Promise<WrittenChange> {
  const { reference, decision, now, rules } = change;
  const notifications = notificationsFor(reference, decision.state, decision.audit, decision.events, rules ? { scrutinyOfficer: rules.scrutinyOfficer } : {});
  const council = await routingFor(deps.settings, decision.state.requester.tenantId);
  const calendar = rules?.calendar ?? calendarOf(deps.settings, council);
  const scheduled = await deps.schedule.add(
    followUps(reference, decision, notifications, now, { calendar, reminders: council?.reminders ?? DEFAULT_REMINDERS }),
  );
  const due = scheduled.find((item) => item.kind === 'outbox');
  const audit = { ...decision.audit, ...(change.correlationId ? { correlationId: change.correlationId } : {}) };
  const written = await write(audit, notifications);
  const { stored, outbox } = written;
  const pub = stored.workflow.publication;
  if (pub) {
    // The public title only: an exempt request's listing says no more than its channel post.
    const title = stored.content.decisionFacts.exempt ? 'Establishment change (contains exempt information)' : (stored.content.title ?? 'Establishment change');
    await deps.decisions.record(stored.workflow.requester.tenantId, stored.reference, {
      title: title.slice(0, 200),
      status: stored.workflow.status,
      publishedOn: pub.publishedOn,
      implementableFrom: pub.implementableFrom,
      ...(pub.deadline ? { deadline: pub.deadline } : {}),
    });
  }
  const notice = forwardPlanEntry(stored.reference, stored.content, stored.workflow);
  if (notice && deps.forwardPlan) await deps.forwardPlan.record(stored.workflow.requester.tenantId, notice);
  deps.changed(reference, rules ? { stored, rules, ...(outbox ? { outbox } : {}), ...(due ? { due } : {}) } : undefined);
  return written;
}
