import { formatLongDate } from './calendar-date';
import type { QuotedField } from './entry-line';
import { fundingSources } from './funding-entry';
import { formatFte, formatPounds, mulFte } from './money';
import { isJobEvaluation } from './pay-table';
import { describeLine, type ParsedLine } from './quick-entry';
import type { ChangeKind, DraftLine, FundingKind, FundingSource } from './request';
import type { Span } from './traced-text';

/**
 * The "I understood" answer as data: each change quick entry recorded, field by field, with
 * the officer's own words each field came from. A field it has no words for is not shown as
 * understood: it is listed as still to ask (the dialogue asks it next). Only two values come
 * from elsewhere, and say so: a cost from the pay table (quoting the grade's words), and a
 * post named with no verb, read as a new post (quoting the words that name it).
 */
export interface UnderstoodField {
  label: string;
  value: string;
  /** The officer's words it came from, as typed. */
  words: string;
  /** How the value follows from those words, when it is not simply what they say ("from the pay table"). */
  how?: string;
}

export interface UnderstoodChange {
  /** Its index in the draft's changes (the fix button opens the form for it). */
  index: number;
  heading: string;
  fields: UnderstoodField[];
  /** What the dialogue still asks for this change. */
  toAsk: string[];
  /** How it was read ("30 hours a week at 37 full-time hours = 0.81 FTE"). */
  notes: string[];
  /** What a careful officer would want to look at again (a start date in the past, a cost far outside the pay table). */
  remarks: string[];
}

export interface UnderstoodFunding {
  fields: UnderstoodField[];
}

export interface Understood {
  /** Said first, when the answer was taken other than as asked ("That reads as funding, …"). */
  intro?: string;
  changes: UnderstoodChange[];
  funding: UnderstoodFunding[];
}

export const KIND_LABELS: Record<ChangeKind, string> = {
  establish: 'Establish',
  disestablish: 'Disestablish (delete)',
  regrade: 'Regrade',
  extend_fixed_term: 'Extend a fixed term',
  make_permanent: 'Make permanent',
  one_off_payment: 'One-off payment',
};

export const FUNDING_LABELS: Record<FundingKind, string> = {
  existing_budget: 'Existing budget',
  vacant_post_transfer: 'Vacant post transfer',
  contingency: 'Contingency or reserves',
  government_grant: 'Government grant',
  traded_income: 'Traded income',
  partner_contribution: 'Partner contribution',
};

const ASK_LABELS: Record<string, string> = {
  kind: 'the kind of change',
  fte: 'the FTE',
  jobTitle: 'the job title',
  grade: 'the grade',
  cost: 'the annual cost per FTE with on-costs',
  previousCost: 'the current cost per FTE',
  term: 'permanent or temporary',
  effectiveDate: 'the start date',
  amount: 'the amount',
  description: 'what the payment is for',
};

/** Each parsed line as recorded (at `firstIndex` onwards in the draft), quoting `text`, the officer's words. */
export function understoodChanges(
  text: string,
  parsed: readonly ParsedLine[],
  recorded: readonly DraftLine[],
  missing: (l: DraftLine) => string[],
  firstIndex: number,
): UnderstoodChange[] {
  return parsed.map((p, i) => {
    const line = recorded[i] ?? p.line;
    const words = (field: QuotedField) => quote(text, p.sources[field]);
    const fields: UnderstoodField[] = [];
    const toAsk = missing(line).map((f) => ASK_LABELS[f] ?? f);
    const add = (field: QuotedField, label: string, value: string | undefined, fallback?: { words: string; how: string }) => {
      if (value === undefined) return;
      const said = words(field);
      if (said) fields.push({ label, value, words: said });
      else if (fallback?.words) fields.push({ label, value, ...fallback });
      else toAsk.push(ASK_LABELS[field] ?? label);
    };
    if (line.kind === 'one_off_payment') {
      add('kind', 'Change', KIND_LABELS.one_off_payment);
      add('description', 'For', line.description);
      add('amount', 'Amount', line.amountPence === undefined ? undefined : formatPounds(line.amountPence));
      add('effectiveDate', 'Paid', line.effectiveDate && formatLongDate(line.effectiveDate));
    } else {
      const named = [words('fte'), words('jobTitle')].filter(Boolean).join(' … ');
      add(
        'kind',
        'Change',
        line.kind && KIND_LABELS[line.kind],
        line.kind === 'establish' ? { words: named, how: 'no verb: a post named, read as a new post' } : undefined,
      );
      add('fte', 'FTE', line.fteHundredths === undefined ? undefined : formatFte(line.fteHundredths));
      add('jobTitle', 'Job title', line.jobTitle);
      add(
        'grade',
        'Grade',
        line.grade &&
          (isJobEvaluation(line.grade) ? 'subject to job evaluation' : [line.grade, line.scp !== undefined ? `scp ${line.scp}` : ''].join(' ').trim()),
      );
      add('cost', 'Cost with on-costs', costValue(line), { words: words('grade'), how: 'from the pay table, for the grade' });
      add('term', 'Permanent or temporary', termValue(line));
      add('effectiveDate', 'From', line.effectiveDate && formatLongDate(line.effectiveDate));
    }
    return { index: firstIndex + i, heading: describeLine(line), fields, toAsk: [...new Set(toAsk)], notes: p.notes, remarks: [] };
  });
}

/** A funding source parseFunding read from `text`, quoting the officer's words. */
export function understoodFunding(text: string, source: FundingSource): UnderstoodFunding {
  const spans = fundingSources(text, source);
  return {
    fields: [
      { label: 'Source', value: FUNDING_LABELS[source.kind], words: quote(text, spans.kind) },
      ...(source.description ? [{ label: 'Named', value: source.description, words: named(text, source.description) }] : []),
      { label: 'Amount a year', value: formatPounds(source.amountPence), words: quote(text, spans.amount) },
    ],
  };
}

/** The officer's words at `spans`, in the order written, pieces joined by " … ". */
export function quote(text: string, spans: readonly Span[] | undefined): string {
  const inOrder = [...(spans ?? [])].sort((a, b) => a.start - b.start);
  return [...new Set(inOrder.map((s) => text.slice(s.start, s.end).trim()).filter(Boolean))].join(' … ');
}

/** A funding source's name as the officer wrote it (the name is their words with the kind's words taken out). */
function named(text: string, description: string): string {
  const at = text.toLowerCase().indexOf(description.toLowerCase());
  return at >= 0 ? text.slice(at, at + description.length) : description;
}

function costValue(line: DraftLine): string | undefined {
  if (line.annualCostPerFtePence === undefined) return undefined;
  const per = `${formatPounds(line.annualCostPerFtePence)} a year per FTE${line.costIsEstimate ? ' (estimate)' : ''}`;
  const was = line.kind === 'regrade' && line.previousAnnualCostPerFtePence !== undefined ? `${formatPounds(line.previousAnnualCostPerFtePence)} → ` : '';
  const all =
    line.fteHundredths !== undefined && line.fteHundredths !== 100
      ? `; ${formatPounds(mulFte(line.annualCostPerFtePence, line.fteHundredths))} for ${formatFte(line.fteHundredths)} FTE`
      : '';
  return `${was}${per}${all}`;
}

function termValue(line: DraftLine): string | undefined {
  const term = line.term;
  if (!term) return undefined;
  if (term.type === 'permanent') return 'Permanent';
  return 'endDate' in term ? `Temporary until ${formatLongDate(term.endDate)}` : `Temporary for ${term.months} months`;
}
