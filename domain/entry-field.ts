import { looksLikeSentence } from './answer-remarks';
import { formatLongDate, type CalendarDate } from './calendar-date';
import { describeLine, parseEntry, type LineField, type ParseOptions } from './quick-entry';
import { findMoney } from './entry-money';
import { singularise } from './entry-title';
import { formatFte, formatPounds } from './money';
import type { QuotedField } from './entry-line';
import type { DraftLine } from './request';

/**
 * An answer to one field of a change ("What grade?") that is more than that field: a whole
 * change typed again, or the grade with its cost. Quick entry reads it; what belongs to the
 * asked field is used, and so is any other fact it states that the change still lacks, when
 * everything it states agrees with the change as recorded. Anything else is refused, saying
 * what was read, so a sentence with money in it is never saved as a grade or a title.
 */
export type FieldReading =
  /** Just the field (or nothing quick entry can place): answer it as the field. */
  | { type: 'field' }
  /** The parts to record, and what to say about them. */
  | { type: 'parts'; patch: Partial<DraftLine>; reply: string }
  | { type: 'refuse'; message: string };

const LABEL: Record<QuotedField | 'previousCost', string> = {
  kind: 'the kind of change',
  fte: 'the FTE',
  jobTitle: 'the job title',
  grade: 'the grade',
  cost: 'the cost',
  previousCost: 'the current cost',
  term: 'the term',
  effectiveDate: 'the start date',
  amount: 'the amount',
  description: 'what the payment is for',
};
const EXAMPLE: Record<LineField, string> = {
  kind: 'establish, disestablish, regrade, extend a fixed term, make permanent or one-off payment',
  fte: 'e.g. 1, 0.5 or "18.5 hours"',
  jobTitle: 'e.g. Service Organiser',
  grade: 'e.g. Grade 4, PO4 or "subject to job evaluation"',
  cost: 'a year per FTE with on-costs, e.g. £28,376',
  previousCost: 'a year per FTE with on-costs, e.g. £28,376',
  term: 'e.g. permanent, until 31 March 2027 or 12 months',
  effectiveDate: 'e.g. 1 July 2027',
  amount: 'e.g. £3,161',
  description: 'e.g. Honorarium',
};
/** Fields a value typed by itself is free text for: anything is accepted, so a sentence must be caught here. */
const FREE_TEXT: ReadonlySet<LineField> = new Set(['jobTitle', 'grade', 'description']);
const EXPLICIT_FTE = /\b(?:fte|wte|f\.t\.e|full[\s-]time|part[\s-]time|hours?|hrs)\b|\d\s*x\b|\bx\s*\d/i;
const ORDER: QuotedField[] = ['kind', 'fte', 'jobTitle', 'grade', 'cost', 'term', 'effectiveDate', 'amount', 'description'];

/** The quoted field that holds the asked one ("previousCost" is read from the cost words). */
const own = (field: LineField): QuotedField => (field === 'previousCost' ? 'cost' : field);

export function readFieldAnswer(line: DraftLine, index: number, field: LineField, text: string, options: ParseOptions): FieldReading {
  const entry = parseEntry(text, { ...options, forLine: line });
  const payment = (l: DraftLine) => l.kind === 'one_off_payment';
  const said = new Set<QuotedField>(entry.lines.flatMap((p) => (Object.keys(p.quotes) as QuotedField[]).filter((f) => p.quotes[f]?.trim())));
  // A payment's kind is said by the same words as what it is for ("honorarium").
  const family = (f: QuotedField) =>
    f === own(field) || (f === 'kind' && entry.lines.every((p) => payment(p.line)) && (field === 'amount' || field === 'description'));
  const money = findMoney(text);
  const moneyField = field === 'cost' || field === 'previousCost' || field === 'amount';
  const strong = [...said].filter(
    (f) =>
      !family(f) && (['cost', 'amount', 'term', 'effectiveDate', 'kind'].includes(f) || (f === 'fte' && EXPLICIT_FTE.test(entry.lines[0]?.quotes.fte ?? ''))),
  );
  const isChange = strong.length > 0 || (money.length > 0 && !moneyField);
  const what = `${LABEL[field]} of change ${index + 1}`;
  const again = `What is ${what} (${describeLine(line)})? Give just that, ${EXAMPLE[field]}.`;
  const read = entry.lines.length ? `I read it as: ${entry.lines.map((p) => describeLine(p.line)).join('; ')}.` : '';

  if (!isChange) {
    // A grade is a few words: a sentence with no grade in it is not one, whatever else it is.
    if (field === 'grade' && !said.has('grade') && (looksLikeSentence(text) || text.split(/\s+/).length > 6)) {
      return { type: 'refuse', message: `"${text.slice(0, 60)}${text.length > 60 ? '…' : ''}" reads as a sentence, not a grade, so I saved nothing. ${again}` };
    }
    // Only its own field and a fact or two more (a title with the grade): used when clean and in agreement, else the text is the field.
    const clean = entry.lines.length === 1 && entry.questions.length === 0 && said.has(own(field));
    // "£28,376 each" for a part-time post at the cost question: what quick entry would ask beats "not an amount".
    if (!FREE_TEXT.has(field) && (said.has(own(field)) || (moneyField && money.length > 0)) && entry.questions.length)
      return { type: 'refuse', message: `I saved nothing: ${entry.questions[0]}\n\n${again}` };
    if (!clean || (FREE_TEXT.has(field) && [...said].every(family))) return { type: 'field' };
    const parts = partsOf(line, entry.lines[0]!.line, field, said, money.length);
    return parts.conflicts.length || !parts.found ? { type: 'field' } : { type: 'parts', patch: parts.patch, reply: took(parts.took, index) };
  }
  if (entry.lines.length > 1)
    return {
      type: 'refuse',
      message: `That reads as ${entry.lines.length} changes, not ${what}, so I saved nothing. ${read}\n\n${again} (You can add other changes once this one is complete.)`,
    };
  if (entry.questions.length)
    return {
      type: 'refuse',
      message: `That reads as a whole change, not ${what}, and I saved nothing. I would need to check:\n${entry.questions.map((q) => `- ${q}`).join('\n')}\n\n${again}`,
    };
  // A figure quick entry could not make a change of (£0, or more than it takes as a cost) reads as no change at all.
  if (!entry.lines.length) return { type: 'refuse', message: `I could not read that as ${what}, so I saved nothing. ${again}` };
  const parsed = entry.lines[0]!.line;
  const parts = partsOf(line, parsed, field, said, money.length);
  if (!parts.found)
    return {
      type: 'refuse',
      message: `That reads as a whole change, not ${what}, and it does not give ${LABEL[field]}, so I saved nothing. ${read}\n\n${again}`,
    };
  if (parts.conflicts.length) {
    return {
      type: 'refuse',
      message: `That reads as a different change (${parts.conflicts.join('; ')}), so I saved nothing. ${read}\n\n${again} If it is another change, finish this one (or say **remove** to take it out) and add it at "Any more changes?".`,
    };
  }
  return { type: 'parts', patch: parts.patch, reply: took(parts.took, index) };
}

interface Parts {
  /** The asked field was read. */
  found: boolean;
  patch: Partial<DraftLine>;
  took: string[];
  conflicts: string[];
}

/** What each fact the text states would set, checked against the change as recorded. */
function partsOf(line: DraftLine, parsed: DraftLine, field: LineField, said: Set<QuotedField>, moneyCount: number): Parts {
  const out: Parts = { found: false, patch: {}, took: [], conflicts: [] };
  for (const f of ORDER.filter((f) => said.has(f))) {
    const values = valuesOf(parsed, f, field, moneyCount);
    if (!values) continue;
    const asked = f === own(field);
    if (asked) out.found = true;
    const taken: string[] = [];
    for (const [key, value] of Object.entries(values) as Array<[keyof DraftLine, DraftLine[keyof DraftLine]]>) {
      const recorded = line[key];
      if (!asked && recorded !== undefined && !same(key, recorded, value))
        out.conflicts.push(`it says ${show(key, value)} where the change has ${show(key, recorded)}`);
      else if (asked || recorded === undefined) {
        (out.patch as Record<string, unknown>)[key] = value;
        taken.push(
          key === 'previousAnnualCostPerFtePence' && f === 'cost' && field !== 'previousCost' ? `(current cost ${show(key, value)})` : show(key, value),
        );
      }
    }
    if (taken.length) out.took.push(f === 'fte' ? taken.join(' ') : `${LABEL[asked ? field : f]} ${taken.join(' ')}`);
  }
  return out;
}

/** The line fields a stated fact sets (the grade with its point; a regrade's cost with the current one). */
function valuesOf(parsed: DraftLine, f: QuotedField, field: LineField, moneyCount: number): Partial<DraftLine> | undefined {
  switch (f) {
    case 'grade':
      return parsed.grade === undefined ? undefined : { grade: parsed.grade, ...(parsed.scp !== undefined ? { scp: parsed.scp } : {}) };
    case 'cost':
      if (field === 'previousCost' && parsed.previousAnnualCostPerFtePence === undefined) {
        return moneyCount === 1 && parsed.annualCostPerFtePence !== undefined ? { previousAnnualCostPerFtePence: parsed.annualCostPerFtePence } : undefined;
      }
      return parsed.annualCostPerFtePence === undefined
        ? undefined
        : {
            annualCostPerFtePence: parsed.annualCostPerFtePence,
            ...(parsed.previousAnnualCostPerFtePence !== undefined ? { previousAnnualCostPerFtePence: parsed.previousAnnualCostPerFtePence } : {}),
          };
    case 'fte':
      return parsed.fteHundredths === undefined ? undefined : { fteHundredths: parsed.fteHundredths };
    case 'amount':
      return parsed.amountPence === undefined ? undefined : { amountPence: parsed.amountPence };
    default:
      return parsed[f] === undefined ? undefined : { [f]: parsed[f] };
  }
}

function same(key: keyof DraftLine, a: unknown, b: unknown): boolean {
  if (key === 'jobTitle' || key === 'grade' || key === 'description')
    return singularise(String(a).trim().toLowerCase()) === singularise(String(b).trim().toLowerCase());
  return JSON.stringify(a) === JSON.stringify(b);
}

function show(key: keyof DraftLine, value: unknown): string {
  if (key === 'fteHundredths') return `${formatFte(value as number)} FTE`;
  if (key === 'annualCostPerFtePence' || key === 'previousAnnualCostPerFtePence' || key === 'amountPence') return formatPounds(value as number);
  if (key === 'term') {
    const t = value as NonNullable<DraftLine['term']>;
    return t.type === 'permanent' ? 'permanent' : 'endDate' in t ? `until ${formatLongDate(t.endDate)}` : `${t.months} months`;
  }
  if (key === 'effectiveDate') return formatLongDate(value as CalendarDate);
  if (key === 'kind') return String(value).replace(/_/g, ' ');
  if (key === 'scp') return `scp ${String(value)}`;
  return `"${String(value)}"`;
}

function took(parts: string[], index: number): string {
  return `From that I took ${parts.join(', ')} for change ${index + 1}; nothing else was saved.`;
}
