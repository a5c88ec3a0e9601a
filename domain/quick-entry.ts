import { calendarDate, formatLongDate, isCalendarDate, MONTH_NAMES, type CalendarDate } from './calendar-date';
import { formatFte, formatPounds, parsePounds } from './money';
import { isJobEvaluation, lookupCost, type PayTable } from './pay-table';
import { JOB_EVALUATION, type ChangeKind, type DraftLine, type Term } from './request';

/**
 * Quick entry: a change line typed the way councils write them ("3 fte Service Organiser,
 * Grade 4 scp 23, £28,376 with on-costs, temporary until 31 March 2019, from 1 July 2018")
 * becomes fields, with a list of what is still missing. Each recognised phrase is cut out
 * of the text as it is read; what remains is the job title.
 */
export type LineField = 'kind' | 'fte' | 'jobTitle' | 'grade' | 'cost' | 'previousCost' | 'term' | 'effectiveDate' | 'amount' | 'description';

export interface ParsedLine {
  line: DraftLine;
  missing: LineField[];
  notes: string[];
}

const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE = `(\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}\\s+\\d{4}|\\d{1,2}/\\d{1,2}/\\d{2,4}|\\d{4}-\\d{2}-\\d{2})`;

/** "31 March 2019", "31st March 2019", "31/03/2025", "2019-03-31" → a date, or undefined. */
export function parseDate(input: string): CalendarDate | undefined {
  const text = input.trim().toLowerCase().replace(/,/g, '');
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (m) return isCalendarDate(text) ? text : undefined;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})$/.exec(text);
  if (m) return safeDate(Number(m[3]!.length === 2 ? `20${m[3]}` : m[3]), Number(m[2]), Number(m[1]));
  m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})$`).exec(text);
  if (m) {
    const month = MONTH_NAMES.findIndex((name) => name.toLowerCase().startsWith(m![2]!.slice(0, 3))) + 1;
    return safeDate(Number(m[3]), month, Number(m[1]));
  }
  return undefined;
}

function safeDate(year: number, month: number, day: number): CalendarDate | undefined {
  const s = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(s) ? calendarDate(year, month, day) : undefined;
}

/** "permanent", "until 31 March 2019", "to 31/03/2025", "12 months", "for 12 months" → a term. */
export function parseTerm(input: string): Term | undefined {
  const text = input.trim().toLowerCase();
  if (/^permanent(ly)?$/.test(text)) return { type: 'permanent' };
  const months = /^(?:temporary\s+)?(?:for\s+)?(\d{1,3})\s*months?(?:\s+fixed[\s-]term)?$/.exec(text);
  if (months) {
    const n = Number(months[1]);
    return n >= 1 && n <= 120 ? { type: 'temporary', months: n } : undefined;
  }
  const until = /^(?:temporary\s+|fixed[\s-]term\s+)?(?:until|to|till|ending)?\s*(.+)$/.exec(text);
  const date = until ? parseDate(until[1]!) : undefined;
  return date ? { type: 'temporary', endDate: date } : undefined;
}

/** Splits "disestablish X ... and to establish in its place Y" and lists into one text per line. */
export function splitLines(text: string): string[] {
  return text
    .replace(/\s+and\s+(to\s+)?establish\s+in\s+(its|their)\s+place\s+(the\s+post\s+of\s+)?/gi, '\n establish ')
    .replace(/\s+and\s+to\s+(establish|disestablish)\s+/gi, '\n $1 ')
    .split(/\n|;|•|(?:^|\s)[-–]\s(?=\d)/)
    .map((s) => s.trim())
    .filter((s) => /[a-z]/i.test(s));
}

export function parseLines(text: string, options: { payTable?: PayTable } = {}): ParsedLine[] {
  return splitLines(text.slice(0, 2000)).map((segment) => parseLine(segment, options));
}

export function parseLine(segment: string, options: { payTable?: PayTable } = {}): ParsedLine {
  let rest = ` ${segment.replace(/\s+/g, ' ')} `;
  const take = (pattern: RegExp): RegExpExecArray | undefined => {
    const m = pattern.exec(rest);
    if (m) rest = rest.slice(0, m.index) + ' , ' + rest.slice(m.index + m[0].length);
    return m ?? undefined;
  };
  const line: DraftLine = {};
  const notes: string[] = [];

  // Dates first, so "31 March 2019" is not read as an FTE or an amount.
  const effective = take(new RegExp(`\\b(?:with effect from|w\\.?e\\.?f\\.?|from|starting(?: on)?|effective)\\s+${DATE}`, 'i'));
  if (effective) line.effectiveDate = parseDate(effective[1]!);
  const until = take(new RegExp(`\\b(?:on a temporary basis\\s+)?(?:temporary|fixed[\\s-]term)?\\s*(?:until|to|till|ending)\\s+${DATE}`, 'i'));
  const months = take(/\b(?:on a temporary basis\s+|temporary\s+)?for\s+(\d{1,3})\s*months?\b|\b(\d{1,3})[\s-]months?\s+fixed[\s-]term\b/i);
  const isTemporary = !!take(/\b(on a temporary basis|temporary|fixed[\s-]term)\b/i);
  const isPermanent = !!take(/\bpermanent(ly)?(\s+basis)?\b/i);

  const kindWord = take(/^\s*(?:to\s+)?(disestablish|establish|regrade|extend(?:\s+the\s+fixed\s+term\s+of)?|make\s+permanent|create)\b/i)?.[1]?.toLowerCase();
  const kind: ChangeKind | undefined = kindWord?.startsWith('disestablish')
    ? 'disestablish'
    : kindWord?.startsWith('regrade')
      ? 'regrade'
      : kindWord?.startsWith('extend')
        ? 'extend_fixed_term'
        : kindWord?.startsWith('make')
          ? 'make_permanent'
          : kindWord
            ? 'establish'
            : undefined;

  const oneOff = /\b(honorarium|one[\s-]off payment|market supplement payment|payment of)\b/i.exec(rest);
  const fte = take(/\b(\d{1,3}(?:\.\d{1,2})?)\s*(?:fte|wte|full[\s-]time equivalents?)\b/i);
  const amounts = [...rest.matchAll(/£\s?\d[\d,]*(?:\.\d{1,2})?\s*(?:k|m)?\b/gi)].map((m) => m[0]);
  rest = rest.replace(/£\s?\d[\d,]*(?:\.\d{1,2})?\s*(?:k|m)?\b/gi, ' , ');
  take(/\b(?:with|inc(?:luding)?\.?)\s+on[\s-]?costs\b/i);

  if (oneOff && !fte) {
    line.kind = 'one_off_payment';
    line.description = oneOff[1]!.toLowerCase().startsWith('honorarium') ? 'Honorarium' : capitalise(oneOff[1]!);
    const amount = amounts[0] ? parsePounds(amounts[0]) : undefined;
    if (amount?.ok) line.amountPence = amount.value;
    if (line.effectiveDate === undefined) delete line.effectiveDate;
    const missing: LineField[] = line.amountPence === undefined ? ['amount'] : [];
    return { line, missing, notes };
  }

  line.kind = kind ?? 'establish';
  if (fte) line.fteHundredths = Math.round(Number(fte[1]) * 100) || undefined;
  if (!line.fteHundredths) delete line.fteHundredths;

  const je = take(/\(?\s*grade\s+(?:is\s+)?subject\s+to\s+(?:job\s+evaluation|je)\s*\)?/i) ?? take(/\bsubject\s+to\s+(?:job\s+evaluation|je)\b/i);
  const scp = take(/\bscp\s*(\d{1,2})\b/i);
  const grade = je
    ? undefined
    : take(/\b(hay\s+band\s+[a-z]\d?|band\s+[a-z]\d?|grade\s+\d{1,2}[a-z]?|po\s?\d{1,2}|so\s?\d|sc\s?\d|scale\s+\d{1,2}|jnc\s+\w+|nj?c\s+\w+|apt&?c\s+\w+)\b/i);
  if (je) line.grade = JOB_EVALUATION;
  else if (grade) line.grade = tidyGrade(grade[1]!);
  if (scp) line.scp = Number(scp[1]);

  if (line.kind === 'regrade' && amounts.length >= 2) {
    const previous = parsePounds(amounts[0]!);
    const next = parsePounds(amounts[1]!);
    if (previous.ok) line.previousAnnualCostPerFtePence = previous.value;
    if (next.ok) line.annualCostPerFtePence = next.value;
  } else if (amounts[0]) {
    const amount = parsePounds(amounts[0]);
    if (amount.ok) line.annualCostPerFtePence = amount.value;
  }
  if (line.annualCostPerFtePence === undefined && line.grade && options.payTable) {
    const found = lookupCost(options.payTable, line.grade, line.scp);
    if (found) {
      line.annualCostPerFtePence = found.annualCostPerFtePence;
      notes.push(`Cost from the ${found.source}: ${formatPounds(found.annualCostPerFtePence)} a year with on-costs.`);
    }
  }
  if (line.annualCostPerFtePence !== undefined) line.costIsEstimate = false;

  if (until) line.term = { type: 'temporary', endDate: parseDate(until[1]!)! };
  else if (months) line.term = { type: 'temporary', months: Number(months[1] ?? months[2]) };
  else if (isPermanent || line.kind === 'disestablish' || line.kind === 'make_permanent') line.term = { type: 'permanent' };
  if (line.term?.type === 'temporary' && 'endDate' in line.term && !line.term.endDate) delete line.term;
  if (isTemporary && !line.term) notes.push('It is temporary: I still need its end date or length.');

  const plural = /\bposts\b/i.test(rest) || (line.fteHundredths ?? 0) > 100;
  const title = rest
    .replace(/\b(the\s+)?(currently\s+)?(unfilled|vacant)\b/gi, ' ')
    .replace(/\b(new\s+)?posts?\s+of\b/gi, ' ')
    .replace(/\bposts?\b/gi, ' ')
    .replace(/\bposition\s+ids?\s+for\b/gi, ' ')
    .replace(/\(\s*[,\s-]*\)/g, ' ')
    .replace(/[()]/g, ' ')
    .replace(/\s*-\s*,/g, ' ,')
    .replace(/(\s*,\s*)+/g, ', ')
    .replace(/^[\s,.;:-]*((the|a|an|new)\b[\s,]*)*/i, '')
    .replace(/^[\s,.;:-]+|[\s,.;:-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (title) line.jobTitle = plural ? singularise(title) : title;
  if (line.jobTitle && line.jobTitle.length > 200) line.jobTitle = line.jobTitle.slice(0, 200);

  return { line, missing: missingFields(line), notes };
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

function tidyGrade(grade: string): string {
  const g = grade.replace(/\s+/g, ' ').trim();
  if (/^po\s?\d/i.test(g)) return g.toUpperCase().replace(/\s/g, '');
  if (/^(so|sc)\s?\d/i.test(g)) return g.toUpperCase().replace(/\s/g, '');
  return g.replace(/\b([a-z])/g, (c) => c.toUpperCase()).replace(/\bBand ([a-z])/i, (_, b: string) => `Band ${b.toUpperCase()}`);
}

function singularise(title: string): string {
  return title.replace(/\b(\w+?(?:er|or|ant|ent|ist|ian|ager|ser))s\b(?=[^,]*$)/i, '$1');
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

/** Writes a line back the way reports do. */
export function describeLine(line: DraftLine): string {
  if (line.kind === 'one_off_payment') {
    return `${line.description ?? 'One-off payment'} of ${line.amountPence !== undefined ? formatPounds(line.amountPence) : '£?'}${line.effectiveDate ? `, paid ${formatLongDate(line.effectiveDate)}` : ''}`;
  }
  const verb = line.kind === 'disestablish' ? 'disestablish ' : line.kind === 'regrade' ? 'regrade ' : line.kind === 'extend_fixed_term' ? 'extend the fixed term of ' : line.kind === 'make_permanent' ? 'make permanent ' : '';
  const grade = [line.grade, line.scp !== undefined ? `scp ${line.scp}` : undefined].filter(Boolean).join(' ');
  const cost = line.annualCostPerFtePence !== undefined ? `${formatPounds(line.annualCostPerFtePence)} with on-costs${line.costIsEstimate ? ' (estimate)' : ''}` : undefined;
  const bracket = [grade || undefined, cost].filter(Boolean).join(', ');
  const term = !line.term ? '' : line.term.type === 'permanent' ? ', permanent' : 'endDate' in line.term ? `, temporary until ${formatLongDate(line.term.endDate)}` : `, temporary for ${line.term.months} months`;
  const from = line.effectiveDate ? `, with effect from ${formatLongDate(line.effectiveDate)}` : '';
  const text = `${verb}${line.fteHundredths !== undefined ? `${formatFte(line.fteHundredths)} fte ` : ''}${line.jobTitle ?? '(job title to come)'}${bracket ? ` (${bracket})` : ''}${term}${from}`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export { isJobEvaluation };
