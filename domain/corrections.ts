import { formatLongDate } from './calendar-date';
import { CASE_SECTIONS } from './case-sections';
import { formatPounds } from './money';
import type { QuestionKey } from './questionnaire';
import { type LineField } from './quick-entry';
import type { RequestContent, DraftLine } from './request';

/**
 * Going back and correcting: what a question's saved answer is (shown when it is asked
 * again), which question "change <field>" names, and what "sorry, I meant …" means.
 */

const LINE_FIELD_LABELS: Record<LineField, string> = {
  kind: 'kind of change',
  fte: 'FTE',
  jobTitle: 'job title',
  grade: 'grade',
  cost: 'cost',
  previousCost: 'current cost',
  term: 'term',
  effectiveDate: 'start date',
  amount: 'amount',
  description: 'payment description',
};

const LABELS: Partial<Record<QuestionKey, string>> = {
  title: 'title',
  directorate: 'directorate',
  service: 'service',
  team: 'team',
  contact: 'contact officer',
  line: 'changes',
  moreLines: 'changes',
  funding: 'funding',
  moreFunding: 'funding',
  keyDecision: 'key decision answer',
  callIn: 'call-in answer',
  exempt: 'exempt information answer',
};

/** "the directorate", "the FTE of change 2". */
export function fieldLabel(key: QuestionKey): string {
  if (key.startsWith('section:')) return CASE_SECTIONS.find((s) => `section:${s.key}` === key)?.label.toLowerCase() ?? key;
  if (key.startsWith('lineField:')) {
    const [, index, field] = key.split(':') as [string, string, LineField];
    return `${LINE_FIELD_LABELS[field]} of change ${Number(index) + 1}`;
  }
  return LABELS[key] ?? key;
}

/** The saved answer to a question, as the officer would read it; undefined when unanswered. */
export function currentValue(draft: RequestContent, key: QuestionKey): string | undefined {
  if (key.startsWith('section:')) {
    const section = key.slice('section:'.length) as keyof RequestContent['case'];
    return draft.case[section] ?? (draft.skippedSections.includes(section) ? 'skipped' : undefined);
  }
  if (key.startsWith('lineField:')) {
    const [, index, field] = key.split(':') as [string, string, LineField];
    const line = draft.lines[Number(index)];
    return line ? lineFieldValue(line, field) : undefined;
  }
  const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');
  switch (key) {
    case 'title':
    case 'directorate':
    case 'service':
      return draft[key];
    case 'team':
      return draft.team === undefined ? undefined : draft.team || 'skipped';
    case 'contact':
      return draft.contactOfficer ? [draft.contactOfficer.name, draft.contactOfficer.jobTitle].filter(Boolean).join(', ') : undefined;
    case 'keyDecision':
      return yesNo(draft.decisionFacts.keyDecision);
    case 'callIn':
      return yesNo(draft.decisionFacts.openToCallIn);
    case 'exempt': {
      const e = draft.decisionFacts.exempt;
      return e === undefined ? undefined : e === null ? 'no' : `paragraph ${e.paragraph}: ${e.sections.join(', ')}`;
    }
    default:
      return undefined;
  }
}

function lineFieldValue(line: DraftLine, field: LineField): string | undefined {
  switch (field) {
    case 'fte':
      return line.fteHundredths === undefined ? undefined : String(line.fteHundredths / 100);
    case 'cost':
      return line.annualCostPerFtePence === undefined ? undefined : formatPounds(line.annualCostPerFtePence);
    case 'previousCost':
      return line.previousAnnualCostPerFtePence === undefined ? undefined : formatPounds(line.previousAnnualCostPerFtePence);
    case 'amount':
      return line.amountPence === undefined ? undefined : formatPounds(line.amountPence);
    case 'term':
      return !line.term
        ? undefined
        : line.term.type === 'permanent'
          ? 'permanent'
          : 'endDate' in line.term
            ? `until ${formatLongDate(line.term.endDate)}`
            : `${line.term.months} months`;
    case 'effectiveDate':
      return line.effectiveDate ? formatLongDate(line.effectiveDate) : undefined;
    case 'grade':
      return line.grade === undefined ? undefined : `${line.grade}${line.scp ? ` scp ${line.scp}` : ''}`;
    default:
      return line[field];
  }
}

const SIMPLE: ReadonlyArray<[RegExp, QuestionKey]> = [
  [/^(request\s+)?(title|name)( of the request)?$/, 'title'],
  [/^directorate$/, 'directorate'],
  [/^service$/, 'service'],
  [/^team$/, 'team'],
  [/^(contact|contact officer|officer|contact person)$/, 'contact'],
  [/^(changes?|posts?|lines?|the changes|list of changes)$/, 'moreLines'],
  [/^(funding|funding sources?|sources? of funding)$/, 'moreFunding'],
  [/^key decision$/, 'keyDecision'],
  [/^(call[\s-]?in|open to call[\s-]?in)$/, 'callIn'],
  [/^(exempt|exempt information|exemption|schedule 12a)$/, 'exempt'],
];

const LINE_FIELDS: ReadonlyArray<[RegExp, LineField]> = [
  [/^(fte|wte|hours)$/, 'fte'],
  [/^(job title|post title|job|post)$/, 'jobTitle'],
  [/^(grade|band|scp)$/, 'grade'],
  [/^(cost|annual cost|salary)$/, 'cost'],
  [/^(current cost|previous cost|old cost)$/, 'previousCost'],
  [/^(term|end date|duration)$/, 'term'],
  [/^(date|start date|effective date|start)$/, 'effectiveDate'],
  [/^(amount|payment amount)$/, 'amount'],
  [/^(kind|kind of change|type)$/, 'kind'],
];

/** The question `change <field>` names: "change service", "change the title", "change the grade of change 2". */
export function changeTarget(argument: string, draft: RequestContent): QuestionKey | undefined {
  let words = argument
    .toLowerCase()
    .replace(/[.!?]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  words = words.replace(/^(the|my|its|our)\s+/, '').replace(/\s+please$/, '');
  for (const [pattern, key] of SIMPLE) if (pattern.test(words)) return key;
  const section = CASE_SECTIONS.find((s) => s.label.toLowerCase() === words || s.key.toLowerCase() === words || s.label.toLowerCase().split(' ')[0] === words);
  if (section) return `section:${section.key}`;
  // A field of one change: "grade", "grade of change 2", "change 2 grade", "2 grade".
  let index = draft.lines.length - 1;
  const numbered =
    /^(.+?)\s+(?:of|for|on|in)\s+(?:change|line)\s+(\d{1,2})$/.exec(words) ?? /^(?:change\s+|line\s+)?(\d{1,2})(?:'s)?\s+(.+)$/.exec(words)?.reverse();
  if (numbered) {
    const [field, n] = /^\d+$/.test(numbered[1]!) ? [numbered[2]!, numbered[1]!] : [numbered[1]!, numbered[2]!];
    words = field.replace(/^(the|its)\s+/, '');
    index = Number(n) - 1;
  }
  const field = LINE_FIELDS.find(([pattern]) => pattern.test(words))?.[1];
  if (!field || index < 0 || index >= draft.lines.length) return undefined;
  return `lineField:${index}:${field}`;
}

/** What `change` can name, for when it names nothing known. */
export const CHANGEABLE =
  'title, directorate, service, team, contact officer, changes, funding, a section (e.g. purpose), key decision, call-in, exempt, or a field of a change (fte, job title, grade, cost, term, start date; add "of change 2" for another than the last)';

export interface Correction {
  /** What the officer meant. */
  meant: string;
  /** What they said was wrong ("not Adults"), when they said. */
  wrong?: string;
}

const MEANT =
  /^(?:(?:sorry|oops|apologies|my mistake)[,.!:;]?\s*)?(?:i\s+meant(?:\s+to\s+(?:say|type|put))?|i\s+mean|it\s+should\s+(?:be|have\s+been|say)|(?:that\s+)?should\s+(?:be|have\s+been|say)|correction)[:,]?\s+(.+)$/i;
const SORRY = /^(?:sorry|oops|apologies)[,.!:;]\s*(.+)$/i;
const NO_COMMA = /^no[,:;]\s*(.+)$/i;
const NOT_A_CORRECTION = /^(that'?s all|that is all|thanks?|thank you|none|nothing|no more|i'?m done|done|finished|not now|skip|n\/a)\b/i;

/**
 * "sorry, I meant Children and Families, not Adults" → { meant: "Children and Families",
 * wrong: "Adults" }. "no, …" counts only where the question does not take "no" itself.
 */
export function parseCorrection(text: string, questionTakesNo: boolean): Correction | undefined {
  const m = MEANT.exec(text) ?? SORRY.exec(text) ?? (questionTakesNo ? null : NO_COMMA.exec(text));
  if (!m) return undefined;
  let meant = m[1]!.trim();
  if (NOT_A_CORRECTION.test(meant)) return undefined;
  let wrong: string | undefined;
  const not = /^(.+?)[,;]?\s+(?:and\s+|but\s+)?(?:not|rather than|instead of)\s+(.+?)[.!]?$/i.exec(meant);
  if (not) {
    meant = not[1]!.trim();
    wrong = not[2]!.replace(/^["'“]|["'”]$/g, '').trim();
  } else {
    const notFirst = /^not\s+(.+?)[,;]?\s+but\s+(.+?)[.!]?$/i.exec(meant);
    if (notFirst) [wrong, meant] = [notFirst[1]!.trim(), notFirst[2]!.trim()];
  }
  meant = meant
    .replace(/[,;]?\s+instead$/i, '')
    .replace(/^["'“]|["'”]$/g, '')
    .replace(/[.!]$/, '')
    .trim();
  return meant ? { meant, ...(wrong ? { wrong } : {}) } : undefined;
}

/** Questions whose answer may itself begin "no, …". */
export function takesNo(key: QuestionKey | undefined): boolean {
  return !key || ['moreLines', 'moreFunding', 'keyDecision', 'callIn', 'exempt', 'team'].includes(key) || key.startsWith('section:');
}

/** Which simple answer the officer's "not Y" names, if it names one. */
export function keyHolding(draft: RequestContent, value: string): QuestionKey | undefined {
  const wanted = value.toLowerCase().trim();
  return (['title', 'directorate', 'service', 'team', 'contact'] as const).find((k) => currentValue(draft, k)?.toLowerCase() === wanted);
}

/**
 * The question before `current` in the questionnaire's order, for `back` when this
 * conversation has no answers of its own yet (after `continue` or a restart).
 */
export function previousInOrder(draft: RequestContent, current: QuestionKey): QuestionKey | undefined {
  const order: QuestionKey[] = [
    'title',
    'directorate',
    'service',
    'team',
    'contact',
    ...(draft.lines.length ? (['moreLines'] as const) : []),
    ...(draft.funding.length ? (['moreFunding'] as const) : []),
    ...CASE_SECTIONS.map((s) => `section:${s.key}` as const),
    'keyDecision',
    'callIn',
    'exempt',
  ];
  const at =
    current.startsWith('lineField:') || current === 'line'
      ? order.indexOf('moreLines')
      : current === 'funding'
        ? order.indexOf('moreFunding')
        : order.indexOf(current);
  const before = at < 0 ? -1 : at - 1;
  return before >= 0 ? order[before] : undefined;
}
