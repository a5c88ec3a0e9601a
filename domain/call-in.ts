import { addDays, type CalendarDate } from './calendar-date';
import { addWorkingDays, type WorkingCalendar } from './working-days';

/**
 * The statutory clock. A decision open to call-in may be called in until the end of the
 * Nth working day after publication (publication day does not count; N is 5 unless
 * configured) and can be implemented from the next day. A decision not open to call-in
 * can be implemented on publication.
 */
export interface CallInWindow {
  deadline: CalendarDate;
  implementableFrom: CalendarDate;
}

export function callInWindow(published: CalendarDate, calendar: WorkingCalendar, workingDays = 5): CallInWindow {
  const deadline = addWorkingDays(published, workingDays, calendar);
  return { deadline, implementableFrom: addDays(deadline, 1) };
}

/** Where a call-in stands when the constitution needs more than one member to ask. */
export function callInProgress(count: number, needed: number): string {
  return `${count} of the ${needed} scrutiny members needed have called it in; the decision stands until ${needed} have.`;
}
