import { z } from 'zod';

/**
 * A calendar date with no time and no zone, as councils write them ("1 July 2018"),
 * held as an ISO string `YYYY-MM-DD` so it sorts, compares and serialises as itself.
 * Arithmetic goes through UTC midnights, where every day is 24 hours long.
 */
export type CalendarDate = string & { readonly __calendarDate: unique symbol };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isCalendarDate(value: string): value is CalendarDate {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

export const CalendarDateSchema = z
  .string()
  .refine(isCalendarDate, { message: 'must be a real date written YYYY-MM-DD' })
  .transform((s) => s as CalendarDate);

export function calendarDate(year: number, month: number, day: number): CalendarDate {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (!isCalendarDate(s)) throw new RangeError(`Not a date: ${s}`);
  return s;
}

export function parts(date: CalendarDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Arithmetic rather than a Date: the cost engine asks this for every month of every term. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function toUtcMs(date: CalendarDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): CalendarDate {
  const d = new Date(ms);
  return calendarDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcMs(toUtcMs(date) + days * 86_400_000);
}

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return calendarDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Whole days from `a` to `b` (negative when b is earlier). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / 86_400_000);
}

export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: CalendarDate): number {
  return new Date(toUtcMs(date)).getUTCDay();
}

/** The date it is in Europe/London at the instant `now`. */
// Building an Intl formatter is costly (it showed in the approve-click profile): build it once.
const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

// London's offset from UTC is always whole hours, so its date is the same throughout a UTC
// minute: a click asks for today many times, and formatting a date is not cheap.
let lastMinute = NaN;
let lastDate: CalendarDate | undefined;

export function londonDate(now: Date): CalendarDate {
  const minute = Math.floor(now.getTime() / 60_000);
  if (minute === lastMinute && lastDate) return lastDate;
  const p = Object.fromEntries(LONDON.formatToParts(now).map((x) => [x.type, x.value]));
  lastDate = calendarDate(Number(p.year), Number(p.month), Number(p.day));
  lastMinute = minute;
  return lastDate;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "1 July 2018", the way the reports write dates. */
export function formatLongDate(date: CalendarDate): string {
  const { year, month, day } = parts(date);
  return `${day} ${MONTHS[month - 1]} ${year}`;
}

/** "07/05/19", the way the reports date a comment. */
export function formatShortDate(date: CalendarDate): string {
  const { year, month, day } = parts(date);
  return `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${String(year % 100).padStart(2, '0')}`;
}

export const MONTH_NAMES: readonly string[] = MONTHS;
