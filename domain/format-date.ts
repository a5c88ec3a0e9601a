import { formatLongDate, londonDate } from './calendar-date';

/**
 * How cards and messages write when something happened: one format for a day, "1 April
 * 2027", and one for a moment, "1 April 2027 at 14:05", both as the day and clock read in
 * London. Calendar dates (`YYYY-MM-DD`) use formatLongDate, which writes the same day.
 * (A comment's signature, "FF 07/05/19", is the reports' own convention and stays.)
 */

// Building an Intl formatter is costly: build it once.
const LONDON_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** "1 April 2027": the day an instant (ISO string or Date) falls on in London. */
export function formatDay(at: string | Date): string {
  return formatLongDate(londonDate(new Date(at)));
}

/** "1 April 2027 at 14:05", London time. */
export function formatDateTime(at: string | Date): string {
  const instant = new Date(at);
  return `${formatLongDate(londonDate(instant))} at ${LONDON_TIME.format(instant)}`;
}
