import type { CalendarDate } from './calendar-date';
import { CASE_SECTIONS, SCHEDULE_12A, type CaseSectionKey } from './case-sections';
import { formatPounds, parseFte, parsePounds } from './money';
import { isJobEvaluation, lookupCost, type PayTable } from './pay-table';
import { parseFunding, parseFundingKind } from './funding-entry';
import { looksLikeFunding, pastDateNote, quoted } from './entry-reply';
import { DEFAULT_FULL_TIME_HOURS, describeLine, isUseful, missingFields, parseDate, parseEntry, parseTerm, type LineField } from './quick-entry';
import { CHANGE_KINDS, type ChangeKind, type DraftContent, type DraftLine } from './request';

/**
 * The dialogue as data: which question comes next for a draft, and what an answer does
 * to it. The bot only asks, saves and repeats; every rule lives here, where a table of
 * (draft, answer) → (draft, reply) tests it without a bot.
 */
export type QuestionKey =
  | 'title'
  | 'directorate'
  | 'service'
  | 'team'
  | 'contact'
  | 'line'
  | 'moreLines'
  | 'funding'
  | 'moreFunding'
  | 'keyDecision'
  | 'callIn'
  | 'exempt'
  | `section:${CaseSectionKey}`
  | `lineField:${number}:${LineField}`;

export interface Question {
  key: QuestionKey;
  text: string;
  /** Quick replies offered as buttons; typing is always allowed. */
  choices?: string[];
  /** A card form that gathers the same answer in one go. */
  form?: { kind: 'line'; lineIndex: number } | { kind: 'funding' };
}

export interface Answer {
  text?: string;
  /** An Adaptive Card form's values (Action.Submit). */
  form?: Record<string, string | undefined>;
}

export interface AnswerContext {
  payTable?: PayTable;
  /** Hours in a full-time week for hours-based FTE (37 unless set). */
  fullTimeHours?: number;
  /** Today in London, to remark on a start date in the past (no remark when unset). */
  today?: CalendarDate;
  requesterName: string;
}

export type AnswerResult = { ok: true; draft: DraftContent; reply?: string } | { ok: false; message: string };

const YES = /^(y|yes|yep|yeah|true|it is|correct)\b/i;
const NO = /^(n|no|nope|false|none|not|done|finished|that's all|that is all)\b/i;
const SKIP = /^(skip|none|n\/a|na|not applicable|nothing)\.?$/i;

export const EDITABLE: ReadonlyArray<{ value: QuestionKey; title: string }> = [
  { value: 'title', title: 'Title' },
  { value: 'directorate', title: 'Directorate' },
  { value: 'service', title: 'Service' },
  { value: 'team', title: 'Team' },
  { value: 'contact', title: 'Contact officer' },
  ...CASE_SECTIONS.map((s) => ({ value: `section:${s.key}` as QuestionKey, title: s.label })),
  { value: 'keyDecision', title: 'Key decision' },
  { value: 'callIn', title: 'Open to call-in' },
  { value: 'exempt', title: 'Exempt information' },
  { value: 'funding', title: 'Add a funding source' },
];

const LINE_FIELD_TEXT: Record<LineField, string> = {
  kind: 'What kind of change is it?',
  fte: 'How many FTE? (e.g. 1, 0.5 or 1.5, or hours a week such as "18.5 hours")',
  jobTitle: 'What is the job title?',
  grade: 'What grade? (e.g. Grade 4, Hay Band A, PO4, or "subject to job evaluation")',
  cost: 'What is the annual cost per FTE, including on-costs? (e.g. £28,376)',
  previousCost: 'What does the post cost now, per FTE a year with on-costs? (the regrade costs the difference)',
  term: 'Is it permanent, or temporary? Say "permanent", "until 31 March 2019" or "12 months".',
  effectiveDate: 'From what date does it take effect? (e.g. 1 July 2018)',
  amount: 'How much is the payment? (e.g. £3,161)',
  description: 'What is the payment for? (e.g. Honorarium)',
};

const KIND_CHOICES: Record<string, ChangeKind> = {
  establish: 'establish',
  disestablish: 'disestablish',
  regrade: 'regrade',
  'extend a fixed term': 'extend_fixed_term',
  'make permanent': 'make_permanent',
  'one-off payment': 'one_off_payment',
};

export function nextQuestion(draft: DraftContent): Question | undefined {
  for (const key of ['title', 'directorate', 'service', 'team', 'contact'] as const) {
    if (!answered(draft, key)) return question(key, draft);
  }
  const incomplete = draft.lines.findIndex((l) => missingFields(l).length > 0);
  if (incomplete >= 0) return question(`lineField:${incomplete}:${missingFields(draft.lines[incomplete]!)[0]!}`, draft);
  if (draft.lines.length === 0) return question('line', draft);
  if (!draft.linesComplete) return question('moreLines', draft);
  if (draft.funding.length === 0) return question('funding', draft);
  if (!draft.fundingComplete) return question('moreFunding', draft);
  for (const section of CASE_SECTIONS) {
    if (!draft.case[section.key] && !draft.skippedSections.includes(section.key)) return question(`section:${section.key}`, draft);
  }
  for (const key of ['keyDecision', 'callIn', 'exempt'] as const) {
    if (!answered(draft, key)) return question(key, draft);
  }
  return undefined;
}

function answered(draft: DraftContent, key: 'title' | 'directorate' | 'service' | 'team' | 'contact' | 'keyDecision' | 'callIn' | 'exempt'): boolean {
  switch (key) {
    case 'contact':
      return !!draft.contactOfficer;
    case 'keyDecision':
      return draft.decisionFacts.keyDecision !== undefined;
    case 'callIn':
      return draft.decisionFacts.openToCallIn !== undefined;
    case 'exempt':
      return draft.decisionFacts.exempt !== undefined;
    default:
      return draft[key] !== undefined;
  }
}

export function question(key: QuestionKey, draft: DraftContent): Question {
  if (key.startsWith('section:')) {
    const section = CASE_SECTIONS.find((s) => `section:${s.key}` === key)!;
    return { key, text: section.required ? section.prompt : `${section.prompt} (or "skip")`, choices: section.required ? undefined : ['skip'] };
  }
  if (key.startsWith('lineField:')) {
    const [, index, field] = key.split(':') as [string, string, LineField];
    const line = draft.lines[Number(index)];
    const about = line ? `Change ${Number(index) + 1}: ${describeLine(line)}.\n\n` : '';
    const estimate = field === 'cost' && line?.grade && isJobEvaluation(line.grade) ? ' The grade is subject to job evaluation, so give your best estimate: I will mark it as an estimate.' : '';
    return {
      key,
      text: `${about}${LINE_FIELD_TEXT[field]}${estimate}`,
      choices: field === 'kind' ? Object.keys(KIND_CHOICES) : field === 'term' ? ['permanent'] : undefined,
      form: { kind: 'line', lineIndex: Number(index) },
    };
  }
  switch (key) {
    case 'title':
      return { key, text: 'What is the request called? (e.g. "Temporary posts to introduce the revised Short Breaks offer")' };
    case 'directorate':
      return { key, text: 'Which directorate is it in? (e.g. Children and Families)' };
    case 'service':
      return { key, text: 'Which service? (e.g. Commissioning and Placements)' };
    case 'team':
      return { key, text: 'Which team? (or "skip")', choices: ['skip'] };
    case 'contact':
      return { key, text: 'Who is the contact officer for enquiries? Say "me", or give a name and job title.', choices: ['me'] };
    case 'line':
      return {
        key,
        text: 'Describe the first change the way you would in a report, e.g. "3 fte Service Organiser, Grade 4 scp 23, £28,376 with on-costs, temporary until 31 March 2019, from 1 July 2018", or "an honorarium payment of £3,161". You can describe several at once, or use the form.',
        form: { kind: 'line', lineIndex: draft.lines.length },
      };
    case 'moreLines':
      return { key, text: `${listLines(draft)}\n\nAny more changes? Describe the next one, or say "no".`, choices: ['no'], form: { kind: 'line', lineIndex: draft.lines.length } };
    case 'funding':
      return { key, text: 'How is it funded? Give one source and its amount a year, e.g. "existing budget £85,104" or "traded income from OAWY £100,420".', form: { kind: 'funding' } };
    case 'moreFunding':
      return { key, text: `Funding so far: ${draft.funding.map((f) => `${f.description ?? f.kind.replace(/_/g, ' ')} ${formatPounds(f.amountPence)}`).join('; ')}. Another source? Describe it, or say "no".`, choices: ['no'], form: { kind: 'funding' } };
    case 'keyDecision':
      return { key, text: 'Is this a key decision?', choices: ['yes', 'no'] };
    case 'callIn':
      return { key, text: 'Will the decision be open to call-in?', choices: ['yes', 'no'] };
    case 'exempt':
      return {
        key,
        text: `Does the report contain exempt information under Schedule 12A? Say "no", or the paragraph and the sections it covers, e.g. "paragraph 1: background, costs". Paragraphs: ${Object.entries(SCHEDULE_12A).map(([n, d]) => `${n} ${d.toLowerCase()}`).join('; ')}.`,
        choices: ['no'],
      };
  }
  throw new Error(`No question ${key}`);
}

function listLines(draft: DraftContent): string {
  return draft.lines.map((l, i) => `${i + 1}. ${describeLine(l)}`).join('\n');
}

export function answer(draft: DraftContent, key: QuestionKey, input: Answer, ctx: AnswerContext): AnswerResult {
  const text = (input.text ?? '').trim();
  const set = (patch: Partial<DraftContent>, reply?: string): AnswerResult => ({ ok: true, draft: { ...draft, ...patch }, reply });
  const requireText = (max: number, what: string): string | AnswerResult => {
    if (!text) return { ok: false, message: `Please type ${what}.` };
    if (text.length > max) return { ok: false, message: `That is ${text.length} characters; please keep ${what} to ${max}.` };
    return text;
  };

  if (key.startsWith('section:')) {
    const section = CASE_SECTIONS.find((s) => `section:${s.key}` === key)!;
    if (SKIP.test(text) && !section.required) return set({ skippedSections: [...new Set([...draft.skippedSections, section.key])] });
    if (SKIP.test(text)) return { ok: false, message: `"${section.label}" is needed for the decision maker: please write a sentence or two.` };
    const value = requireText(8000, `the ${section.label.toLowerCase()}`);
    if (typeof value !== 'string') return value;
    return set({ case: { ...draft.case, [section.key]: value }, skippedSections: draft.skippedSections.filter((k) => k !== section.key) });
  }
  if (key.startsWith('lineField:')) {
    const [, index, field] = key.split(':') as [string, string, LineField];
    return answerLineField(draft, Number(index), field, input, ctx);
  }
  switch (key) {
    case 'title':
    case 'directorate':
    case 'service': {
      const value = requireText(key === 'title' ? 200 : 120, `the ${key}`);
      return typeof value === 'string' ? set({ [key]: value }) : value;
    }
    case 'team':
      if (SKIP.test(text)) return set({ team: '' });
      return text.length > 120 ? { ok: false, message: 'Please keep the team name to 120 characters.' } : text ? set({ team: text }) : { ok: false, message: 'Please type the team, or "skip".' };
    case 'contact': {
      if (/^(me|myself|i am|i'm)$/i.test(text)) return set({ contactOfficer: { name: ctx.requesterName || 'The requester' } });
      const value = requireText(200, 'a name');
      if (typeof value !== 'string') return value;
      const [name, ...rest] = value.split(',').map((s) => s.trim());
      return set({ contactOfficer: { name: name!.slice(0, 120), ...(rest.length ? { jobTitle: rest.join(', ').slice(0, 120) } : {}) } });
    }
    case 'line':
    case 'moreLines': {
      if (key === 'moreLines' && !input.form && NO.test(text)) return set({ linesComplete: true });
      return addLines(draft, input, ctx, draft.lines.length);
    }
    case 'funding':
    case 'moreFunding': {
      if (key === 'moreFunding' && !input.form && NO.test(text)) return set({ fundingComplete: true });
      const parsed = input.form ? fundingFromForm(input.form) : parseFunding(text);
      if (!parsed.ok) return { ok: false, message: parsed.message };
      if (draft.funding.length >= 20) return { ok: false, message: 'A request can have at most 20 funding sources.' };
      return set({ funding: [...draft.funding, parsed.value], fundingComplete: false }, `Added: ${parsed.value.description ?? parsed.value.kind.replace(/_/g, ' ')} ${formatPounds(parsed.value.amountPence)}.`);
    }
    case 'keyDecision':
    case 'callIn': {
      const yes = YES.test(text) ? true : NO.test(text) ? false : undefined;
      if (yes === undefined) return { ok: false, message: `Please answer yes or no (you typed "${text.slice(0, 40)}").` };
      return set({ decisionFacts: { ...draft.decisionFacts, [key === 'keyDecision' ? 'keyDecision' : 'openToCallIn']: yes } });
    }
    case 'exempt': {
      if (NO.test(text)) return set({ decisionFacts: { ...draft.decisionFacts, exempt: null } });
      const m = /^(?:para(?:graph)?\s*)?([1-7])\s*[:,-]?\s*(.*)$/i.exec(text);
      if (!m) return { ok: false, message: 'Say "no", or the paragraph (1–7) and the sections it covers, e.g. "paragraph 1: background, costs".' };
      const wanted = m[2]!.split(/[,;]|\band\b/).map((s) => s.trim().toLowerCase()).filter(Boolean);
      const sections: Array<CaseSectionKey | 'costs'> = [];
      for (const w of wanted) {
        const found = w === 'costs' || w === 'cost' ? 'costs' : CASE_SECTIONS.find((s) => s.label.toLowerCase().startsWith(w) || s.key.toLowerCase() === w)?.key;
        if (!found) return { ok: false, message: `"${w}" is not a section I know. Sections: ${CASE_SECTIONS.map((s) => s.label.toLowerCase()).join(', ')}, costs.` };
        sections.push(found);
      }
      if (sections.length === 0) return { ok: false, message: 'Which sections does the exemption cover? e.g. "paragraph 1: background, costs".' };
      return set({ decisionFacts: { ...draft.decisionFacts, exempt: { paragraph: Number(m[1]), sections: [...new Set(sections)] } } });
    }
  }
  return { ok: false, message: 'I was not expecting that.' };
}

function addLines(draft: DraftContent, input: Answer, ctx: AnswerContext, at: number): AnswerResult {
  if (input.form) {
    const built = lineFromForm(input.form, ctx);
    if (!built.ok) return built;
    const lines = [...draft.lines];
    lines.splice(at, at < lines.length ? 1 : 0, built.line);
    return { ok: true, draft: { ...draft, lines, linesComplete: false }, reply: `Saved: ${describeLine(built.line)}.` };
  }
  const text = (input.text ?? '').trim();
  if (!text) return { ok: false, message: 'Please describe the change, or use the form.' };
  if (text.length > 2000) return { ok: false, message: 'That is too long for one change: describe each change in a sentence.' };
  const entry = parseEntry(text, { payTable: ctx.payTable, ...(ctx.fullTimeHours ? { fullTimeHours: ctx.fullTimeHours } : {}) });
  const useful = entry.lines.filter((p) => isUseful(p.line));
  if (useful.length === 0 && looksLikeFunding(text)) {
    return { ok: false, message: `"${text.slice(0, 80)}" looks like funding rather than a change to a post. Say "no" to finish the list of changes, and I will ask how it is funded.` };
  }
  // Never guess: anything the parser could not place is asked about, and nothing is recorded until it is clear.
  if (entry.questions.length > 0) {
    const read = useful.filter((p) => p.questions.length === 0).map((p) => `- ${describeLine(p.line)}`);
    return {
      ok: false,
      message: `Before I record anything, I need to check:\n${entry.questions.map((q) => `- ${q}`).join('\n')}${read.length ? `\n\nThe rest I read as:\n${read.join('\n')}` : ''}\n\nPlease say it again with that made clear (one change at a time is fine), or use the form.`,
    };
  }
  if (useful.length === 0) return { ok: false, message: `I could not find a post in "${text.slice(0, 80)}". Try "2 fte Service Organiser, Grade 4, £28,376 with on-costs, permanent, from 1 July 2018", or use the form.` };
  if (draft.lines.length + useful.length > 50) return { ok: false, message: 'A request can have at most 50 changes.' };
  const lines = useful.map((p) => markEstimate(p.line, ctx));
  const understood = useful.map((p, i) => `${draft.lines.length + i + 1}. ${describeLine(lines[i]!)}${p.notes.length ? ` (${p.notes.join(' ')})` : ''}${quoted(p.quotes)}${pastDateNote(lines[i]!, ctx.today)}`).join('\n');
  return { ok: true, draft: { ...draft, lines: [...draft.lines, ...lines], linesComplete: false }, reply: `I understood:\n${understood}` };
}

function markEstimate(line: DraftLine, ctx: AnswerContext): DraftLine {
  if (line.kind === 'one_off_payment' || line.annualCostPerFtePence === undefined || !line.grade) return line;
  const known = ctx.payTable ? lookupCost(ctx.payTable, line.grade, line.scp) : undefined;
  return { ...line, costIsEstimate: isJobEvaluation(line.grade) || (!!ctx.payTable && !known && line.costIsEstimate !== false) };
}

function answerLineField(draft: DraftContent, index: number, field: LineField, input: Answer, ctx: AnswerContext): AnswerResult {
  const line = draft.lines[index];
  if (!line) return { ok: false, message: 'That change no longer exists.' };
  if (input.form) return addLines(draft, input, ctx, index);
  const text = (input.text ?? '').trim();
  const update = (patch: Partial<DraftLine>): AnswerResult => {
    const lines = [...draft.lines];
    lines[index] = { ...line, ...patch };
    return { ok: true, draft: { ...draft, lines } };
  };
  switch (field) {
    case 'kind': {
      const kind = KIND_CHOICES[text.toLowerCase()] ?? (CHANGE_KINDS as readonly string[]).find((k) => k === text);
      return kind ? update({ kind: kind as ChangeKind }) : { ok: false, message: `Choose one of: ${Object.keys(KIND_CHOICES).join(', ')}.` };
    }
    case 'fte': {
      const hours = /^(\d{1,2}(?:\.\d{1,2})?)\s*(?:hours?|hrs)(?:\s*(?:a|per|each)\s*week|\s*pw)?$/i.exec(text);
      if (hours) {
        const full = ctx.fullTimeHours ?? DEFAULT_FULL_TIME_HOURS;
        const value = Math.round((Number(hours[1]) * 100) / full);
        if (value < 1 || Number(hours[1]) > full * 1.5) return { ok: false, message: `${text} is not a working week I can convert: give the FTE, e.g. 0.5.` };
        return { ...update({ fteHundredths: value }), reply: `${hours[1]} hours a week at ${full} full-time hours = ${value / 100} FTE.` } as AnswerResult;
      }
      const fte = parseFte(text);
      return fte.ok ? update({ fteHundredths: fte.value }) : { ok: false, message: fte.message };
    }
    case 'jobTitle':
    case 'description':
      if (!text || text.length > 200) return { ok: false, message: 'Please type it in up to 200 characters.' };
      return update({ [field]: text });
    case 'grade': {
      if (/^(not\s+known|unknown|don'?t\s+know|do\s+not\s+know|no\s+idea|n\/?a|none|not\s+sure|\?+)$/i.test(text)) {
        return { ok: false, message: 'The decision record needs a grade. If it has not been evaluated yet, say "subject to job evaluation"; otherwise give the grade, e.g. Grade 4 or PO4.' };
      }
      if (!text || text.length > 80) return { ok: false, message: 'Please type the grade, e.g. Grade 4, PO4, or "subject to job evaluation".' };
      const grade = isJobEvaluation(text) ? 'subject to job evaluation' : text;
      const found = ctx.payTable && line.annualCostPerFtePence === undefined ? lookupCost(ctx.payTable, grade, line.scp) : undefined;
      return found ? update({ grade, annualCostPerFtePence: found.annualCostPerFtePence, costIsEstimate: false }) : update({ grade });
    }
    case 'cost':
    case 'previousCost':
    case 'amount': {
      const amount = parsePounds(text);
      if (!amount.ok) return { ok: false, message: amount.message };
      if (field === 'amount') return update({ amountPence: amount.value });
      if (field === 'previousCost') return update({ previousAnnualCostPerFtePence: amount.value });
      const known = line.grade && ctx.payTable ? lookupCost(ctx.payTable, line.grade, line.scp) : undefined;
      return update({ annualCostPerFtePence: amount.value, costIsEstimate: !line.grade || isJobEvaluation(line.grade) || !known });
    }
    case 'term': {
      const term = parseTerm(text);
      return term ? update({ term }) : { ok: false, message: `"${text.slice(0, 40)}" is not a term I recognise: say "permanent", "until 31 March 2019" or "12 months".` };
    }
    case 'effectiveDate': {
      const date = parseDate(text);
      return date ? update({ effectiveDate: date }) : { ok: false, message: `"${text.slice(0, 40)}" is not a date I recognise: try 1 July 2018 or 01/07/2018.` };
    }
  }
}

function lineFromForm(form: Record<string, string | undefined>, ctx: AnswerContext): { ok: true; line: DraftLine } | { ok: false; message: string } {
  const kind = (CHANGE_KINDS as readonly string[]).includes(form.kind ?? '') ? (form.kind as ChangeKind) : undefined;
  if (!kind) return { ok: false, message: 'Choose the kind of change.' };
  const v = (s: string | undefined) => (s ?? '').trim();
  if (kind === 'one_off_payment') {
    const amount = parsePounds(v(form.cost));
    if (!amount.ok) return { ok: false, message: `Payment: ${amount.message}` };
    return { ok: true, line: { kind, description: v(form.jobTitle).slice(0, 200) || 'One-off payment', amountPence: amount.value, ...(parseDate(v(form.effectiveDate)) ? { effectiveDate: parseDate(v(form.effectiveDate)) } : {}) } };
  }
  const line: DraftLine = { kind };
  const problems: string[] = [];
  if (v(form.fte)) {
    const fte = parseFte(v(form.fte));
    if (fte.ok) line.fteHundredths = fte.value;
    else problems.push(`FTE: ${fte.message}`);
  }
  if (v(form.jobTitle)) line.jobTitle = v(form.jobTitle).slice(0, 200);
  if (v(form.grade)) line.grade = isJobEvaluation(v(form.grade)) ? 'subject to job evaluation' : v(form.grade).slice(0, 80);
  if (v(form.scp)) {
    const scp = Number(v(form.scp));
    if (Number.isInteger(scp) && scp >= 1 && scp <= 99) line.scp = scp;
    else problems.push('SCP: give a whole number such as 23.');
  }
  if (v(form.cost)) {
    const cost = parsePounds(v(form.cost));
    if (cost.ok) line.annualCostPerFtePence = cost.value;
    else problems.push(`Cost: ${cost.message}`);
  }
  if (v(form.previousCost)) {
    const cost = parsePounds(v(form.previousCost));
    if (cost.ok) line.previousAnnualCostPerFtePence = cost.value;
    else problems.push(`Current cost: ${cost.message}`);
  }
  if (v(form.term)) {
    const term = parseTerm(v(form.term));
    if (term) line.term = term;
    else problems.push('Term: say "permanent", "until 31 March 2019" or "12 months".');
  } else if (kind === 'disestablish') line.term = { type: 'permanent' };
  if (v(form.effectiveDate)) {
    const date = parseDate(v(form.effectiveDate));
    if (date) line.effectiveDate = date;
    else problems.push('Effective date: try 1 July 2018 or 01/07/2018.');
  }
  if (problems.length) return { ok: false, message: problems.join(' ') };
  if (line.annualCostPerFtePence === undefined && line.grade && ctx.payTable) {
    const found = lookupCost(ctx.payTable, line.grade, line.scp);
    if (found) line.annualCostPerFtePence = found.annualCostPerFtePence;
  }
  return { ok: true, line: markEstimate({ ...line, costIsEstimate: false }, ctx) };
}

function fundingFromForm(form: Record<string, string | undefined>) {
  const kind = parseFundingKind(form.kind ?? '');
  if (!kind) return { ok: false as const, message: 'Choose where the money comes from.' };
  const amount = parsePounds(form.amount ?? '');
  if (!amount.ok) return amount;
  const description = (form.description ?? '').trim().slice(0, 200);
  return { ok: true as const, value: { kind, amountPence: amount.value, ...(description ? { description } : {}) } };
}

/** The key to edit for a summary "Edit" choice, checked against the list offered. */
export function editableKey(value: unknown): QuestionKey | undefined {
  return EDITABLE.find((e) => e.value === value)?.value;
}
