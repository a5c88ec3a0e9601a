import { addDays, calendarDate, dayOfWeek, type CalendarDate } from './calendar-date';

/**
 * England and Wales bank holidays, 2018–2030, from the statutory pattern plus the one-off
 * changes actually proclaimed. Years outside the range are refused rather than guessed.
 */
export const FIRST_YEAR = 2018;
export const LAST_YEAR = 2030;

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): CalendarDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

function firstMonday(year: number, month: number): CalendarDate {
  let d = calendarDate(year, month, 1);
  while (dayOfWeek(d) !== 1) d = addDays(d, 1);
  return d;
}

function lastMonday(year: number, month: number): CalendarDate {
  let d = addDays(calendarDate(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1), -1);
  while (dayOfWeek(d) !== 1) d = addDays(d, -1);
  return d;
}

/** The next weekday on or after `date` that is not already taken. */
function substitute(date: CalendarDate, taken: Set<string>): CalendarDate {
  let d = date;
  while (dayOfWeek(d) === 0 || dayOfWeek(d) === 6 || taken.has(d)) d = addDays(d, 1);
  return d;
}

/** One-off proclamations: moved days and extra days. */
const MOVED: Record<string, CalendarDate> = {
  '2020-05-04': calendarDate(2020, 5, 8), // Early May moved to VE Day's 75th anniversary
  '2022-05-30': calendarDate(2022, 6, 2), // Spring bank holiday moved for the Platinum Jubilee
};
const EXTRA: readonly CalendarDate[] = [
  calendarDate(2022, 6, 3), // Platinum Jubilee
  calendarDate(2022, 9, 19), // State Funeral of Queen Elizabeth II
  calendarDate(2023, 5, 8), // Coronation of King Charles III
];

export function bankHolidays(year: number): CalendarDate[] {
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new RangeError(`Bank holidays are known for ${FIRST_YEAR}–${LAST_YEAR} only`);
  const easter = easterSunday(year);
  const taken = new Set<string>();
  const take = (d: CalendarDate) => {
    const moved = MOVED[d] ?? d;
    taken.add(moved);
    return moved;
  };
  take(substitute(calendarDate(year, 1, 1), taken));
  take(addDays(easter, -2));
  take(addDays(easter, 1));
  take(firstMonday(year, 5));
  take(lastMonday(year, 5));
  take(lastMonday(year, 8));
  // Christmas first, then Boxing Day on the next free weekday.
  take(substitute(calendarDate(year, 12, 25), taken));
  take(substitute(calendarDate(year, 12, 26), taken));
  for (const extra of EXTRA) if (extra.startsWith(String(year))) taken.add(extra);
  return [...taken].sort() as CalendarDate[];
}
