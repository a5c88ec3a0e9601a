import { formatLongDate, type CalendarDate } from './calendar-date';
import { parseFunding } from './funding-entry';
import type { DraftLine } from './request';

/** The words each field came from, so the officer can check them: "read from: fte "2 x" · grade "(Grade 5)" …". */
export function quoted(quotes: Partial<Record<string, string>>): string {
  const parts: string[] = [];
  for (const [field, label] of Object.entries(QUOTE_LABELS)) {
    const q = quotes[field]?.trim();
    if (!q || (field === 'effectiveDate' && q === quotes.term?.trim())) continue;
    parts.push(`${field === 'term' && q === quotes.effectiveDate?.trim() ? 'dates' : label} "${q.slice(0, 60)}"`);
  }
  return parts.length ? `\n   read from: ${parts.join(' · ')}` : '';
}

const QUOTE_LABELS: Record<string, string> = {
  kind: 'change',
  description: 'payment',
  fte: 'FTE',
  jobTitle: 'title',
  grade: 'grade',
  cost: 'cost',
  amount: 'amount',
  term: 'term',
  effectiveDate: 'date',
};

/** Funding typed where a change was expected: a kind of funding and an amount, and no post. */
export function looksLikeFunding(text: string): boolean {
  return parseFunding(text).ok && !/\b(fte|wte|posts?|grade|band|scp|honorari|establish|disestablish|delete|create)\b/i.test(text);
}

/** A start date before today is worth a second look: "1 May 2022 is in the past: is that right?". */
export function pastDateNote(line: DraftLine, today: CalendarDate | undefined): string {
  return today && line.effectiveDate && line.effectiveDate < today ? `\n   Note: ${formatLongDate(line.effectiveDate)} is in the past: is that right?` : '';
}
