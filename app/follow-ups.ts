import { londonDate, type CalendarDate } from '../domain/calendar-date';
import type { Decision } from '../domain/lifecycle';
import type { Notification } from '../domain/notifications';
import { addWorkingDays } from '../domain/working-days';
import type { ScheduledWork } from './ports/schedule';
import type { WorkflowSettings } from './request-rules';

/** When a pending review or decision is chased, and then escalated (a council's setting). */
export interface Reminders {
  afterWorkingDays: number;
  escalateAfterWorkingDays: number;
}

/** For a council whose settings cannot be read: the defaults a new council starts with. */
export const DEFAULT_REMINDERS: Reminders = { afterWorkingDays: 3, escalateAfterWorkingDays: 5 };

export type Decided = Extract<Decision, { ok: true }>;

/**
 * Events after which the establishment ledger is brought into line with the request (pending,
 * applied, or neither). Not the approval itself: publication follows it at once, and an
 * approval's one scheduled row stays a single write rather than a batch.
 */
const LEDGER_EVENTS: ReadonlySet<string> = new Set(['decision_published', 'decision_implementable', 'decision_called_in', 'referred_to_council']);

/** The time a dated follow-up falls due: 09:00 on that London day (near enough in BST). */
function morningOf(date: CalendarDate): Date {
  return new Date(`${date}T09:00:00Z`);
}

/** Scheduled work a change needs: its outbox drained, reminders, its call-in deadline. */
export function followUps(
  reference: string,
  decision: Decided,
  notifications: readonly Notification[],
  now: Date,
  settings: Pick<WorkflowSettings, 'calendar'> & { reminders: Reminders },
): ScheduledWork[] {
  const items: ScheduledWork[] = [];
  if (notifications.length) items.push({ reference, kind: 'outbox', dueAt: now });
  const { afterWorkingDays, escalateAfterWorkingDays } = settings.reminders;
  const today = londonDate(now);
  for (const event of decision.events) {
    const people = event.type === 'review_requested' ? event.to : event.type === 'decision_requested' ? [event.to] : [];
    for (const person of people) {
      const data = {
        version: decision.state.version,
        status: decision.state.status,
        tenantId: person.tenantId,
        aadObjectId: person.aadObjectId,
        name: person.name,
      };
      items.push({ reference, kind: 'remind', dueAt: morningOf(addWorkingDays(today, afterWorkingDays, settings.calendar)), data });
      items.push({ reference, kind: 'escalate', dueAt: morningOf(addWorkingDays(today, escalateAfterWorkingDays, settings.calendar)), data });
    }
    if (event.type === 'decision_published' && decision.state.status === 'published' && decision.state.publication) {
      // Just after midnight London time on the day it becomes implementable.
      items.push({
        reference,
        kind: 'end_call_in',
        dueAt: new Date(`${decision.state.publication.implementableFrom}T00:05:00Z`),
        data: { version: decision.state.version },
      });
    }
  }
  // The establishment ledger follows a decision (app/establishment-sync.ts): written before the change, so a crash after it is repaired.
  if (decision.events.some((e) => LEDGER_EVENTS.has(e.type)) || decision.audit.action === 'refer_back')
    items.push({ reference, kind: 'ledger', dueAt: now, data: { version: decision.state.version } });
  return items;
}
