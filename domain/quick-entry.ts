import { formatLongDate } from './calendar-date';
import { parseDate, parseTerm } from './entry-dates';
import { parseSegment, type QuotedField } from './entry-line';
import { splitLines, splitTraced } from './entry-split';
import { formatFte, formatPounds } from './money';
import { isJobEvaluation, lookupCost, type PayTable } from './pay-table';
import type { DraftLine } from './request';
import { TracedText, trimSpan, type Span } from './traced-text';

/**
 * Quick entry: changes typed the way councils write them ("3 fte Service Organiser, Grade 4
 * scp 23, £28,376 with on-costs, temporary until 31 March 2019, from 1 July 2018") become
 * fields, each with the words it came from. Nothing is guessed: words that cannot be
 * placed, a figure that may or may not be money, or text that may hold more than one
 * change come back as questions, and the dialogue asks them before recording anything.
 * The pieces live in entry-*.ts (numbers in words, dates, grades, money, FTE, kinds,
 * titles, splitting).
 */
export type LineField = 'kind' | 'fte' | 'jobTitle' | 'grade' | 'cost' | 'previousCost' | 'term' | 'effectiveDate' | 'amount' | 'description';

export interface ParsedLine {
  line: DraftLine;
  missing: LineField[];
  notes: string[];
  /** What must be asked before this line can be trusted; empty when it can. */
  questions: string[];
  /** The words each field came from, as the parser read them ("2.5 fte" for "two and a half fte"). */
  quotes: Partial<Record<QuotedField, string>>;
  /**
   * Where each field's words are in the text given to parseEntry: text.slice(start, end) is
   * the officer's own words. A field recorded with no words to point to has none (the pay
   * table's cost, a post with no verb read as new).
   */
  sources: Partial<Record<QuotedField, Span[]>>;
}

export interface ParsedEntry {
  lines: ParsedLine[];
  /** Every question of every line: when there are any, record nothing and ask. */
  questions: string[];
}

export interface ParseOptions {
  payTable?: PayTable;
  /** Hours in a full-time week, for "30 hours a week" (37 unless the council says otherwise). */
  fullTimeHours?: number;
  /** The change the text answers one field of (see parseSegment). */
  forLine?: DraftLine;
}

export const DEFAULT_FULL_TIME_HOURS = 37;

export { parseDate, parseTerm, splitLines };

export function parseEntry(text: string, options: ParseOptions = {}): ParsedEntry {
  const fullTimeHours = options.fullTimeHours && options.fullTimeHours > 0 ? options.fullTimeHours : DEFAULT_FULL_TIME_HOURS;
  const lines: ParsedLine[] = [];
  const read = text.slice(0, 2000);
  for (const segment of splitTraced(TracedText.of(read))) {
    const result = parseSegment(segment, fullTimeHours, options.forLine);
    const sources = Object.fromEntries(
      Object.entries(result.sources).map(([field, spans]) => [field, spans.flatMap((s) => trimSpan(read, s) ?? [])]),
    ) as ParsedLine['sources'];
    for (const draft of result.lines) {
      const notes = [...result.notes];
      const line = withPayTable(draft, options.payTable, notes);
      lines.push({ line, missing: missingFields(line), notes, questions: [...result.questions], quotes: result.quotes, sources });
    }
  }
  const questions = [...new Set(lines.flatMap((l) => l.questions))];
  return { lines, questions };
}

/** A line worth keeping: a post with an FTE or a title, or a payment. */
export function isUseful(line: DraftLine): boolean {
  return line.fteHundredths !== undefined || line.kind === 'one_off_payment' || !!line.jobTitle;
}

/** The lines only (each carries its own questions). */
export function parseLines(text: string, options: ParseOptions = {}): ParsedLine[] {
  return parseEntry(text, options).lines;
}

/** The first line of one change's text. */
export function parseLine(segment: string, options: ParseOptions = {}): ParsedLine {
  return (
    parseEntry(segment, options).lines[0] ?? {
      line: {},
      missing: missingFields({}),
      notes: [],
      questions: ['I could not find a change in that.'],
      quotes: {},
      sources: {},
    }
  );
}

function withPayTable(line: DraftLine, payTable: PayTable | undefined, notes: string[]): DraftLine {
  const out = { ...line };
  if (out.kind !== 'one_off_payment' && out.annualCostPerFtePence === undefined && out.grade && payTable) {
    const found = lookupCost(payTable, out.grade, out.scp);
    if (found) {
      out.annualCostPerFtePence = found.annualCostPerFtePence;
      notes.push(`Cost from the ${found.source}: ${formatPounds(found.annualCostPerFtePence)} a year with on-costs.`);
    }
  }
  if (out.kind !== 'one_off_payment' && out.annualCostPerFtePence !== undefined) out.costIsEstimate = false;
  return out;
}

export function missingFields(line: DraftLine): LineField[] {
  if (line.kind === 'one_off_payment') {
    return [...(line.description ? [] : ['description' as const]), ...(line.amountPence === undefined ? ['amount' as const] : [])];
  }
  const missing: LineField[] = [];
  if (!line.kind) missing.push('kind');
  if (line.fteHundredths === undefined) missing.push('fte');
  if (!line.jobTitle) missing.push('jobTitle');
  if (!line.grade) missing.push('grade');
  if (line.annualCostPerFtePence === undefined) missing.push('cost');
  if (line.kind === 'regrade' && line.previousAnnualCostPerFtePence === undefined) missing.push('previousCost');
  if (!line.term) missing.push('term');
  if (!line.effectiveDate) missing.push('effectiveDate');
  return missing;
}

/** Writes a line back the way reports do. */
export function describeLine(line: DraftLine): string {
  if (line.kind === 'one_off_payment') {
    return `${line.description ?? 'One-off payment'} of ${line.amountPence !== undefined ? formatPounds(line.amountPence) : '£?'}${line.effectiveDate ? `, paid ${formatLongDate(line.effectiveDate)}` : ''}`;
  }
  const verb =
    line.kind === 'disestablish'
      ? 'disestablish '
      : line.kind === 'regrade'
        ? 'regrade '
        : line.kind === 'extend_fixed_term'
          ? 'extend the fixed term of '
          : line.kind === 'make_permanent'
            ? 'make permanent '
            : '';
  const grade = [line.grade, line.scp !== undefined ? `scp ${line.scp}` : undefined].filter(Boolean).join(' ');
  const cost =
    line.annualCostPerFtePence !== undefined
      ? `${formatPounds(line.annualCostPerFtePence)} with on-costs${line.costIsEstimate ? ' (estimate)' : ''}`
      : undefined;
  const bracket = [grade || undefined, cost].filter(Boolean).join(', ');
  const term = !line.term
    ? ''
    : line.term.type === 'permanent'
      ? ', permanent'
      : 'endDate' in line.term
        ? `, temporary until ${formatLongDate(line.term.endDate)}`
        : `, temporary for ${line.term.months} months`;
  const from = line.effectiveDate ? `, with effect from ${formatLongDate(line.effectiveDate)}` : '';
  const text = `${verb}${line.fteHundredths !== undefined ? `${formatFte(line.fteHundredths)} fte ` : ''}${line.jobTitle ?? '(job title to come)'}${bracket ? ` (${bracket})` : ''}${term}${from}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export { isJobEvaluation };
