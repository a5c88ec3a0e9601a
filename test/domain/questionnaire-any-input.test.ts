import fc from 'fast-check';
import corpusJson from '../corpus/quick-entry-corpus.json';
import payTableJson from '../../config/pay-table.example.json';
import { CASE_SECTIONS } from '../../domain/case-sections';
import { PayTableSchema } from '../../domain/pay-table';
import { answer, nextQuestion, type AnswerContext, type QuestionKey } from '../../domain/questionnaire';
import type { LineField } from '../../domain/quick-entry';
import { RequestContentSchema, emptyDraft, type RequestContent } from '../../domain/request';
import { draftArb } from '../support/draft-arbitraries';

/**
 * Whatever an officer types at whatever question (or sends on a form), `answer` answers:
 * it never throws, what it accepts is a draft the schema reads back (a draft saved that
 * the schema refuses can never be opened again), and what it refuses changes nothing.
 *
 * Bug found (domain/entry-field.ts, readFieldAnswer): a lone £ figure that quick entry
 * finds no change in ("£0", or more than £100m) typed at any field question but the
 * money ones throws "Cannot read properties of undefined (reading 'line')", as it
 * reads `entry.lines[0]!` when the entry has no lines. The examples below are such
 * answers; the assertion is as it should be: a refusal, not a throw.
 */
const ctx: AnswerContext = { requesterName: 'Olivia Officer', payTable: PayTableSchema.parse(payTableJson), today: '2026-11-23' as AnswerContext['today'] };
const FIELDS: LineField[] = ['kind', 'fte', 'jobTitle', 'grade', 'cost', 'previousCost', 'term', 'effectiveDate', 'amount', 'description'];

/** Every key a question can have for `draft`, including changes that do not exist. */
const keysFor = (draft: RequestContent): fc.Arbitrary<QuestionKey> => {
  const fixed: QuestionKey[] = [
    'title',
    'directorate',
    'service',
    'team',
    'contact',
    'line',
    'moreLines',
    'funding',
    'moreFunding',
    'keyDecision',
    'callIn',
    'exempt',
    ...CASE_SECTIONS.map((s) => `section:${s.key}` as const),
  ];
  return fc.oneof(
    fc.constantFrom(...fixed),
    fc.tuple(fc.integer({ min: 0, max: draft.lines.length + 1 }), fc.constantFrom(...FIELDS)).map(([i, f]): QuestionKey => `lineField:${i}:${f}`),
  );
};
const draftAndKey = draftArb.chain((d) => fc.tuple(fc.constant(d), keysFor(d)));

const corpusTexts = (corpusJson as Array<{ text: string }>).map((e) => e.text);
/** What an officer might type anywhere: real report sentences, the answers of other questions, and anything at all. */
const typed = fc.oneof(
  fc.constantFrom(...corpusTexts),
  fc.constantFrom(
    '',
    ' ',
    'no',
    'yes',
    'not sure',
    'skip',
    'me',
    'remove',
    ',',
    ' , Manager',
    '£',
    '£0',
    '£999,999,999,999',
    '0',
    '-1',
    '0 fte',
    'paragraph 8',
    '1:',
    'x'.repeat(8001),
  ),
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const form = fc.option(fc.dictionary(fc.constantFrom('kind', 'fte', 'jobTitle', 'grade', 'cost', 'term', 'effectiveDate', 'description'), typed), {
  nil: undefined,
});

/** The answers that threw when this was written: a lone £ figure at a field question. */
const withChange: RequestContent = { ...emptyDraft(), title: 'Posts', lines: [{ kind: 'establish', fteHundredths: 100 }] };
const FOUND: Array<[[RequestContent, QuestionKey], string]> = [
  [[withChange, 'lineField:0:jobTitle'], '£0'],
  [[withChange, 'lineField:0:grade'], '£999,999,999,999'],
  [[withChange, 'lineField:0:effectiveDate'], '£100,000,001'],
];

describe('the questionnaire given anything at all (fast-check)', () => {
  it('never throws, and anything it accepts is a draft the schema reads back', () => {
    fc.assert(
      fc.property(draftAndKey, typed, form, ([draft, key], text, values) => {
        const result = answer(draft, key, values ? { text, form: values } : { text }, ctx);
        if (result.ok) expect(RequestContentSchema.safeParse(JSON.parse(JSON.stringify(result.draft))).error?.issues).toBeUndefined();
        else expect(result.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 3000, examples: FOUND.map(([dk, text]): [[RequestContent, QuestionKey], string, undefined] => [dk, text, undefined]) },
    );
  });

  it('leaves the draft it was given as it was, so a refused answer leaves the same question to ask', () => {
    fc.assert(
      fc.property(draftAndKey, typed, ([draft, key], text) => {
        const before = JSON.stringify(draft);
        const asked = nextQuestion(draft);
        const result = answer(draft, key, { text }, ctx);
        expect(JSON.stringify(draft)).toBe(before);
        if (!result.ok) expect(nextQuestion(draft)).toEqual(asked);
      }),
      { numRuns: 1500, examples: FOUND },
    );
  });
});
