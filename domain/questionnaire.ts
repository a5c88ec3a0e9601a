import type { CalendarDate } from './calendar-date';
import { CASE_SECTIONS, SCHEDULE_12A, type CaseSectionKey } from './case-sections';
import { formatPounds } from './money';
import { isJobEvaluation, type PayTable } from './pay-table';
import { parseFunding } from './funding-entry';
import { describeLine, missingFields, type LineField } from './quick-entry';
import type { RequestContent } from './request';
import { understoodFunding, type Understood } from './understood';
import { addLines, answerLineField, fundingFromForm, fundingTypedAsChange, KIND_CHOICES } from './questionnaire-lines';

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
}

export interface Answer {
  text?: string;
  /** A card form's values (the change and funding forms: bot/invoke/draft-actions/). */
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

/** `understood`: what quick entry read from the text, field by field with the words quoted (the dialogue shows it as a card). */
export type AnswerResult = { ok: true; draft: RequestContent; reply?: string; understood?: Understood } | { ok: false; message: string };

const YES = /^(y|yes|yep|yeah|true|it is|correct)\b/i;
const NO = /^(n|no|nope|false|none|not|done|finished|that's all|that is all)\b/i;
const SKIP = /^(skip|none|n\/a|na|not applicable|nothing)\.?$/i;
/** Not an answer: "not sure" begins like "no", and must never be recorded as one. */
const UNSURE = /^(not\s+sure|unsure|no\s+idea|not\s+known|unknown|(i\s+)?(don'?t|do\s+not)\s+know|dunno|maybe|perhaps|possibly)\b/i;
const NOT_SURE_EXEMPT =
  'Say "no" only if the report holds no exempt information: once the decision is published, ' +
  'its title, purpose and costs are posted in the decisions channel. If you are not sure, ask legal services, then give "no" or the paragraph and sections.';

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

export function nextQuestion(draft: RequestContent): Question | undefined {
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

function answered(draft: RequestContent, key: 'title' | 'directorate' | 'service' | 'team' | 'contact' | 'keyDecision' | 'callIn' | 'exempt'): boolean {
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

export function question(key: QuestionKey, draft: RequestContent): Question {
  if (key.startsWith('section:')) {
    const section = CASE_SECTIONS.find((s) => `section:${s.key}` === key)!;
    return { key, text: section.required ? section.prompt : `${section.prompt} (or "skip")`, choices: section.required ? undefined : ['skip'] };
  }
  if (key.startsWith('lineField:')) {
    const [, index, field] = key.split(':') as [string, string, LineField];
    const line = draft.lines[Number(index)];
    const about = line ? `Change ${Number(index) + 1}: ${describeLine(line)}.\n\n` : '';
    const estimate =
      field === 'cost' && line?.grade && isJobEvaluation(line.grade)
        ? ' The grade is subject to job evaluation, so give your best estimate: I will mark it as an estimate.'
        : '';
    return {
      key,
      text: `${about}${LINE_FIELD_TEXT[field]}${estimate}`,
      choices: field === 'kind' ? Object.keys(KIND_CHOICES) : field === 'term' ? ['permanent'] : undefined,
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
      };
    case 'moreLines':
      return { key, text: `${listLines(draft)}\n\nAny more changes? Describe the next one, or say "no".`, choices: ['no'] };
    case 'funding':
      return { key, text: 'How is it funded? Give one source and its amount a year, e.g. "existing budget £85,104" or "traded income from OAWY £100,420".' };
    case 'moreFunding':
      return {
        key,
        text: `Funding so far: ${draft.funding.map((f) => `${f.description ?? f.kind.replace(/_/g, ' ')} ${formatPounds(f.amountPence)}`).join('; ')}. Another source? Describe it, or say "no".`,
        choices: ['no'],
      };
    case 'keyDecision':
      return { key, text: 'Is this a key decision?', choices: ['yes', 'no'] };
    case 'callIn':
      return { key, text: 'Will the decision be open to call-in?', choices: ['yes', 'no'] };
    case 'exempt':
      return {
        key,
        text: `Does the report contain exempt information under Schedule 12A? Say "no", or the paragraph and the sections it covers, e.g. "paragraph 1: background, costs". Paragraphs: ${Object.entries(
          SCHEDULE_12A,
        )
          .map(([n, d]) => `${n} ${d.toLowerCase()}`)
          .join('; ')}.`,
        choices: ['no'],
      };
  }
  throw new Error(`No question ${key}`);
}

function listLines(draft: RequestContent): string {
  return draft.lines.map((l, i) => `${i + 1}. ${describeLine(l)}`).join('\n');
}

export function answer(draft: RequestContent, key: QuestionKey, input: Answer, ctx: AnswerContext): AnswerResult {
  const text = (input.text ?? '').trim();
  const set = (patch: Partial<RequestContent>, reply?: string): AnswerResult => ({ ok: true, draft: { ...draft, ...patch }, reply });
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
      return text.length > 120
        ? { ok: false, message: 'Please keep the team name to 120 characters.' }
        : text
          ? set({ team: text })
          : { ok: false, message: 'Please type the team, or "skip".' };
    case 'contact': {
      if (/^(me|myself|i am|i'm)$/i.test(text)) return set({ contactOfficer: { name: ctx.requesterName || 'The requester' } });
      const value = requireText(200, 'a name');
      if (typeof value !== 'string') return value;
      const [name, ...rest] = value.split(',').map((s) => s.trim());
      // A job title with no name (", Service Manager") would save a contact the schema refuses: the draft could not be read again.
      if (!name) return { ok: false, message: `Please give the contact officer's name first, then their job title, e.g. "Jo Bloggs, Service Manager".` };
      return set({ contactOfficer: { name: name.slice(0, 120), ...(rest.length ? { jobTitle: rest.join(', ').slice(0, 120) } : {}) } });
    }
    case 'line':
    case 'moreLines': {
      if (key === 'moreLines' && !input.form && NO.test(text)) return set({ linesComplete: true });
      const funding = input.form ? undefined : fundingTypedAsChange(draft, text, ctx);
      if (funding) return funding;
      return addLines(draft, input, ctx, draft.lines.length);
    }
    case 'funding':
    case 'moreFunding': {
      if (key === 'moreFunding' && !input.form && NO.test(text)) return set({ fundingComplete: true });
      const parsed = input.form ? fundingFromForm(input.form) : parseFunding(text);
      if (!parsed.ok) return { ok: false, message: parsed.message };
      if (draft.funding.length >= 20) return { ok: false, message: 'A request can have at most 20 funding sources.' };
      const added = set(
        { funding: [...draft.funding, parsed.value], fundingComplete: false },
        `Added: ${parsed.value.description ?? parsed.value.kind.replace(/_/g, ' ')} ${formatPounds(parsed.value.amountPence)}.`,
      );
      return input.form || !added.ok ? added : { ...added, understood: { intro: added.reply, changes: [], funding: [understoodFunding(text, parsed.value)] } };
    }
    case 'keyDecision':
    case 'callIn': {
      const yes = UNSURE.test(text) ? undefined : YES.test(text) ? true : NO.test(text) ? false : undefined;
      if (yes === undefined) return { ok: false, message: `Please answer yes or no (you typed "${text.slice(0, 40)}").` };
      return set({ decisionFacts: { ...draft.decisionFacts, [key === 'keyDecision' ? 'keyDecision' : 'openToCallIn']: yes } });
    }
    case 'exempt': {
      if (UNSURE.test(text)) return { ok: false, message: NOT_SURE_EXEMPT };
      if (NO.test(text)) return set({ decisionFacts: { ...draft.decisionFacts, exempt: null } });
      const m = /^(?:para(?:graph)?\s*)?([1-7])\s*[:,-]?\s*(.*)$/i.exec(text);
      if (!m) return { ok: false, message: 'Say "no", or the paragraph (1–7) and the sections it covers, e.g. "paragraph 1: background, costs".' };
      const wanted = m[2]!
        .split(/[,;]|\band\b/)
        .map((s) => s.trim().toLowerCase())
        .filter(Boolean);
      const sections: Array<CaseSectionKey | 'costs'> = [];
      for (const w of wanted) {
        const found =
          w === 'costs' || w === 'cost' ? 'costs' : CASE_SECTIONS.find((s) => s.label.toLowerCase().startsWith(w) || s.key.toLowerCase() === w)?.key;
        if (!found)
          return { ok: false, message: `"${w}" is not a section I know. Sections: ${CASE_SECTIONS.map((s) => s.label.toLowerCase()).join(', ')}, costs.` };
        sections.push(found);
      }
      if (sections.length === 0) return { ok: false, message: 'Which sections does the exemption cover? e.g. "paragraph 1: background, costs".' };
      return set({ decisionFacts: { ...draft.decisionFacts, exempt: { paragraph: Number(m[1]), sections: [...new Set(sections)] } } });
    }
  }
  return { ok: false, message: 'I was not expecting that.' };
}

/** The key to edit for a summary "Edit" choice, checked against the list offered. */
export function editableKey(value: unknown): QuestionKey | undefined {
  return EDITABLE.find((e) => e.value === value)?.value;
}
