import { londonDate, type CalendarDate } from '../domain/calendar-date';
import type { Decision } from '../domain/lifecycle';
import type { Notification } from '../domain/notifications';
import { addWorkingDays } from '../domain/working-days';
import type { ScheduledWork } from './ports/schedule';
import type { WorkflowSettings } from './request-rules';

export type Decided = Extract<Decision, { ok: true }>;

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
  settings: Pick<WorkflowSettings, 'routing' | 'calendar'>,
): ScheduledWork[] {
  const items: ScheduledWork[] = [];
  if (notifications.length) items.push({ reference, kind: 'outbox', dueAt: now });
  const { afterWorkingDays, escalateAfterWorkingDays } = settings.routing.reminders;
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
  return items;
}
