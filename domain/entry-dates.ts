import { calendarDate, isCalendarDate, MONTH_NAMES, type CalendarDate } from './calendar-date';
import type { Term } from './request';

/** Dates and terms the way reports write them. */
export const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
export const DATE = `(\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\.?,?\\s+\\d{4}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4}|\\d{4}-\\d{2}-\\d{2})`;

/** "31 March 2019", "31st March 2019", "31/03/2025", "2019-03-31" → a date, or undefined. */
export function parseDate(input: string): CalendarDate | undefined {
  const text = input.trim().toLowerCase().replace(/,/g, '');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return isCalendarDate(text) ? text : undefined;
  m = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(text);
  if (m) return safeDate(Number(m[3]!.length === 2 ? `20${m[3]}` : m[3]), Number(m[2]), Number(m[1]));
  m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\.?\\s+(\\d{4})$`).exec(text);
  if (m) {
    const month = MONTH_NAMES.findIndex((name) => name.toLowerCase().startsWith(m![2]!.slice(0, 3))) + 1;
    return safeDate(Number(m[3]), month, Number(m[1]));
  }
  return undefined;
}

function safeDate(year: number, month: number, day: number): CalendarDate | undefined {
  if (year < 1900 || year > 2200) return undefined;
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(s) ? calendarDate(year, month, day) : undefined;
}

/** Months in "18 months", "2 years", "a further 12 months"; undefined outside 1–120. */
export function durationMonths(count: string, unit: string): number | undefined {
  const n = Number(count);
  const months = /^y/i.test(unit) ? n * 12 : n;
  return Number.isInteger(months) && months >= 1 && months <= 120 ? months : undefined;
}

/** "permanent", "until 31 March 2019", "to 31/03/2025", "12 months", "for 2 years" → a term. */
export function parseTerm(input: string): Term | undefined {
  const text = input.trim().toLowerCase();
  if (/^permanent(ly)?$/.test(text)) return { type: 'permanent' };
  const months =
    /^(?:temporary\s+|fixed[\s-]term\s+)?(?:for\s+)?(?:a\s+(?:further\s+)?(?:period\s+of\s+)?)?(\d{1,3})\s*(months?|years?)(?:\s+fixed[\s-]term)?$/.exec(text);
  if (months) {
    const n = durationMonths(months[1]!, months[2]!);
    return n ? { type: 'temporary', months: n } : undefined;
  }
  const until = /^(?:temporary\s+|fixed[\s-]term\s+)?(?:until|to|till|ending)?\s*(.+)$/.exec(text);
  const date = until ? parseDate(until[1]!) : undefined;
  return date ? { type: 'temporary', endDate: date } : undefined;
}

/** Something written like a date that is not one: "1 Decmber 2026", "31/02/2026", "April 2024". */
export function unreadableDates(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b\d{1,2}(?:st|nd|rd|th)?\s+([A-Za-z]{3,10})\.?,?\s+\d{4}\b/g)) {
    if (!new RegExp(`^${MONTH}$`, 'i').test(m[1]!) && !/^(posts?|fte|hours?|months?|years?|weeks?|x|staff|officers?)$/i.test(m[1]!)) found.push(m[0]);
    else if (!parseDate(m[0])) found.push(m[0]);
  }
  for (const m of text.matchAll(/\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g)) if (!parseDate(m[0])) found.push(m[0]);
  for (const m of text.matchAll(new RegExp(`(?<!\\d(?:st|nd|rd|th)?\\s)\\b${MONTH}\\s+\\d{4}\\b`, 'gi'))) found.push(m[0]);
  return found;
}
