import { z } from 'zod';
import { addDays, CalendarDateSchema, dayOfWeek, parts, type CalendarDate } from './calendar-date';
import { bankHolidays, FIRST_YEAR, LAST_YEAR } from './bank-holidays';

/** Weekends, England and Wales bank holidays and the council's own closure days. */
export interface WorkingCalendar {
  isWorkingDay(date: CalendarDate): boolean;
}

export const ClosureDaysSchema = z.array(CalendarDateSchema).max(500);

export function workingCalendar(extraClosures: readonly CalendarDate[] = []): WorkingCalendar {
  const closed = new Set<string>(extraClosures);
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) for (const d of bankHolidays(year)) closed.add(d);
  return {
    isWorkingDay(date) {
      const { year } = parts(date);
      if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`No calendar for ${year}: extend domain/bank-holidays.ts`);
      const dow = dayOfWeek(date);
      return dow !== 0 && dow !== 6 && !closed.has(date);
    },
  };
}

/** The `n`th working day after `date` (`date` itself never counts). */
export function addWorkingDays(date: CalendarDate, n: number, calendar: WorkingCalendar): CalendarDate {
  let d = date;
  for (let counted = 0; counted < n;) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) counted++;
  }
  return d;
}
