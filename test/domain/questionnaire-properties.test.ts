import fc from 'fast-check';
import payTableJson from '../../config/pay-table.example.json';
import { CASE_SECTIONS } from '../../domain/case-sections';
import { PayTableSchema } from '../../domain/pay-table';
import { answer, EDITABLE, nextQuestion, type AnswerContext } from '../../domain/questionnaire';
import { missingFields } from '../../domain/quick-entry';
import { completeLine, RequestContentSchema, emptyDraft } from '../../domain/request';
import { draftArb, outstanding, validAnswers } from '../support/draft-arbitraries';

/**
 * domain/questionnaire.ts over drafts in any state: the next question can always be
 * answered, and a valid answer always moves the draft on, so the dialogue ends
 * (questionnaire-any-input.test.ts gives it anything at all).
 */
const ctx: AnswerContext = { requesterName: 'Olivia Officer', payTable: PayTableSchema.parse(payTableJson), today: '2026-11-23' as AnswerContext['today'] };
const RUNS = { numRuns: 400 };

describe('the questionnaire over any draft (fast-check)', () => {
  it('asks a question every draft can answer, and a valid answer moves it on towards the end', () => {
    fc.assert(
      fc.property(draftArb, fc.nat(), (draft, pick) => {
        const q = nextQuestion(draft);
        if (!q) return expect(outstanding(draft, missingFields)).toBe(0);
        const options = validAnswers(q.key);
        const text = options[pick % options.length]!;
        const result = answer(draft, q.key, { text }, ctx);
        if (!result.ok) throw new Error(`"${text}" refused at ${q.key}: ${result.message}`);
        expect(outstanding(result.draft, missingFields)).toBeLessThan(outstanding(draft, missingFields));
      }),
      RUNS,
    );
  });

  it('answering each question in turn from an empty draft reaches a complete draft, and never loops', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 80, maxLength: 80 }), (picks) => {
        let draft = emptyDraft();
        const asked: string[] = [];
        for (const pick of picks) {
          const q = nextQuestion(draft);
          if (!q) break;
          const options = validAnswers(q.key);
          const result = answer(draft, q.key, { text: options[pick % options.length]! }, ctx);
          if (!result.ok) throw new Error(`refused at ${q.key}: ${result.message}`);
          asked.push(`${q.key}: ${JSON.stringify(draft)}`);
          draft = result.draft;
        }
        expect(nextQuestion(draft)).toBeUndefined();
        // No question was asked twice of the same draft.
        expect(new Set(asked).size).toBe(asked.length);
        expect(RequestContentSchema.parse(draft)).toEqual(draft);
        expect(draft.lines.length).toBeGreaterThan(0);
        expect(draft.lines.every((l) => completeLine(l))).toBe(true);
        expect(draft).toMatchObject({ linesComplete: true, fundingComplete: true });
        for (const s of CASE_SECTIONS.filter((c) => c.required)) expect(draft.case[s.key]).toBeTruthy();
      }),
      { numRuns: 150 },
    );
  });

  it('a complete draft stays complete when any field the summary offers to edit is answered validly', () => {
    const complete = (() => {
      let draft = emptyDraft();
      for (let q = nextQuestion(draft); q; q = nextQuestion(draft)) {
        const r = answer(draft, q.key, { text: validAnswers(q.key)[0]! }, ctx);
        if (!r.ok) throw new Error(r.message);
        draft = r.draft;
      }
      return draft;
    })();
    fc.assert(
      fc.property(fc.constantFrom(...EDITABLE.map((e) => e.value).filter((k) => k !== 'funding')), fc.nat(), (key, pick) => {
        const options = validAnswers(key);
        const result = answer(complete, key, { text: options[pick % options.length]! }, ctx);
        if (!result.ok) throw new Error(result.message);
        expect(nextQuestion(result.draft)).toBeUndefined();
      }),
    );
  });
});
