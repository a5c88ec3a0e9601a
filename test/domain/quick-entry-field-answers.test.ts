import fc from 'fast-check';
import corpusJson from '../corpus/quick-entry-corpus.json';
import payTableJson from '../../config/pay-table.example.json';
import { findMoney } from '../../domain/entry-money';
import { PayTableSchema } from '../../domain/pay-table';
import { answer, type AnswerContext, type AnswerResult } from '../../domain/questionnaire';
import type { LineField } from '../../domain/quick-entry';
import { DraftLineSchema, emptyDraft, type RequestContent, type DraftLine } from '../../domain/request';

/**
 * Issue 28: an answer to one field of a change that is really a whole change ("2 fte
 * Reviewing Officers (Hay Band A scp 34 - £40,702 with on-costs)" at "What grade?") is
 * never saved as that field. Its parts are used when they agree with the change, and
 * the reply says which; otherwise nothing is saved and the reply says what was read.
 */
const ctx: AnswerContext = { requesterName: 'Olivia Officer' };
const draftWith = (line: DraftLine): RequestContent => ({
  ...emptyDraft(),
  title: 'Posts',
  directorate: 'Adults',
  service: 'Support',
  team: '',
  contactOfficer: { name: 'Olivia Officer' },
  lines: [line],
});
const at = (field: LineField, line: DraftLine, text: string, context: AnswerContext = ctx): AnswerResult =>
  answer(draftWith(line), `lineField:0:${field}`, { text }, context);
const saved = (r: AnswerResult) => (r.ok ? r.draft.lines[0] : undefined);

const organisers: DraftLine = { kind: 'establish', fteHundredths: 200, jobTitle: 'Service Organiser' };

describe('a whole change typed at the grade question', () => {
  it('takes the grade and the cost the change still lacks, and says so', () => {
    const r = at('grade', organisers, '2 fte Service Organisers (Grade 4 scp 23 £28,376 with on-costs)');
    expect(saved(r)).toEqual({ ...organisers, grade: 'Grade 4', scp: 23, annualCostPerFtePence: 2_837_600, costIsEstimate: false });
    expect(r.ok && r.reply).toMatch(/took the grade "Grade 4" scp 23, the cost £28,376 for change 1/);
  });

  it('takes the grade, the term and the date of the same post described again', () => {
    const r = at(
      'grade',
      { kind: 'establish', fteHundredths: 100, jobTitle: 'Project Manager' },
      'establish 1 fte Project Manager (grade subject to Job Evaluation) on a temporary basis for 12 months with effect from 1 May 2022',
    );
    expect(saved(r)).toMatchObject({ grade: 'subject to job evaluation', term: { type: 'temporary', months: 12 }, effectiveDate: '2022-05-01' });
    expect(r.ok && r.reply).toMatch(/the start date 1 May 2022/);
  });

  it('refuses a different post, saying what it read and where the two differ', () => {
    const r = at(
      'grade',
      organisers,
      'establish 1 fte Project Manager (grade subject to Job Evaluation) on a temporary basis for 12 months with effect from 1 May 2022',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toMatch(/reads as a different change/);
    expect(r.message).toMatch(/it says 1 FTE where the change has 2 FTE/);
    expect(r.message).toMatch(/I read it as: 1 fte Project Manager \(subject to job evaluation\), temporary for 12 months/);
    expect(r.message).toMatch(/What is the grade of change 1 \(2 fte Service Organiser\)\?/);
  });

  it('refuses a change it would have to ask about, with the questions', () => {
    const r = at(
      'grade',
      organisers,
      'The additional full-year cost of the 3 fte Service Organiser posts within the Placements Service (£85,104) is contained within the Placements Service budget.',
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(
      /reads as a whole change, not the grade of change 1, and I saved nothing[\s\S]*Is £85,104 the cost of each post, or of all 3 FTE together\?/,
    );
  });

  it('refuses a change that has no grade in it', () => {
    const r = at('grade', organisers, '2 fte Service Organisers at £28,376 each with on-costs');
    expect(!r.ok && r.message).toMatch(/does not give the grade, so I saved nothing\. I read it as: 2 fte Service Organiser \(£28,376 with on-costs\)/);
  });

  it('refuses more than one change', () => {
    const r = at('grade', organisers, 'to disestablish 4 fte Commissioning Assistant posts (Grade 3) and to establish 4 fte Service Organiser posts (Grade 4)');
    expect(!r.ok && r.message).toMatch(/reads as 2 changes, not the grade of change 1/);
  });

  it('refuses a sentence with no grade in it', () => {
    const r = at('grade', organisers, "The post would be funded from the Council's General Fund budget.");
    expect(!r.ok && r.message).toMatch(/reads as a sentence, not a grade/);
  });

  it('checks a cost against the FTE already recorded: "£85,104" beside a grade for 3 FTE is asked about', () => {
    const r = at('grade', { ...organisers, fteHundredths: 300 }, 'Grade 4, total cost £85,104');
    expect(!r.ok && r.message).toMatch(/Is £85,104 the cost of all 3 FTE together\?/);
  });

  it('fills the cost from the pay table when the typed change gives the grade only', () => {
    const payTable = PayTableSchema.parse(payTableJson);
    const r = at('grade', { kind: 'establish', fteHundredths: 100, jobTitle: 'Commissioning Manager' }, '1 fte Commissioning Manager, PO4, permanent', {
      ...ctx,
      payTable,
    });
    expect(saved(r)).toMatchObject({ grade: 'PO4', annualCostPerFtePence: 5_558_800, costIsEstimate: false, term: { type: 'permanent' } });
    expect(r.ok && r.reply).toMatch(/The cost comes from the/);
  });

  it.each([
    ['Grade 4', 'Grade 4'],
    ['Grade 4.', 'Grade 4'],
    ['grade 4', 'Grade 4'],
    ['po4', 'PO4'],
    ['PO4', 'PO4'],
    ['Level 3', 'Level 3'],
    ['Hay B', 'Hay B'],
    ['subject to job evaluation', 'subject to job evaluation'],
  ])('keeps a plain grade as typed: %s', (text, grade) => {
    expect(saved(at('grade', organisers, text))).toEqual({ ...organisers, grade });
  });

  it('reads the point of "Grade 4 scp 23", so the pay table finds its cost', () => {
    const payTable = PayTableSchema.parse(payTableJson);
    const r = at('grade', organisers, 'Grade 4 scp 23', { ...ctx, payTable });
    expect(saved(r)).toMatchObject({ grade: 'Grade 4', scp: 23, costIsEstimate: false });
    expect(saved(r)?.annualCostPerFtePence).toBeGreaterThan(0);
  });

  it('takes only the grade from "Grade 5 Service Organiser" for the Service Organiser, and keeps other words as the grade', () => {
    expect(saved(at('grade', organisers, 'Grade 5 Service Organiser'))).toEqual({ ...organisers, grade: 'Grade 5' });
    expect(saved(at('grade', organisers, 'Band 5 Agenda for Change'))).toEqual({ ...organisers, grade: 'Band 5 Agenda for Change' });
  });
});

describe('a whole change typed at other field questions', () => {
  it('the job title question takes the title and the grade the change lacks', () => {
    const r = at('jobTitle', { kind: 'establish', fteHundredths: 100 }, 'Assessment Officer (Grade 5)');
    expect(saved(r)).toEqual({ kind: 'establish', fteHundredths: 100, jobTitle: 'Assessment Officer', grade: 'Grade 5' });
  });

  it('the job title question keeps a plain title as typed', () => {
    expect(saved(at('jobTitle', { kind: 'establish', fteHundredths: 100 }, 'senior social worker'))).toMatchObject({ jobTitle: 'senior social worker' });
    expect(saved(at('jobTitle', { kind: 'establish', fteHundredths: 100 }, 'Section 151 Officer'))).toMatchObject({ jobTitle: 'Section 151 Officer' });
  });

  it('the cost question reads "£27,450 per FTE inc. on-costs"', () => {
    expect(saved(at('cost', { ...organisers, grade: 'Grade 4' }, '£27,450 per FTE inc. on-costs'))).toMatchObject({ annualCostPerFtePence: 2_745_000 });
  });

  it('the cost question passes on what quick entry would ask ("£28,376 each" for a part-time post), not "not an amount"', () => {
    const r = at('cost', { kind: 'establish', fteHundredths: 50, jobTitle: 'Project Officer', grade: 'Grade 4' }, '£28,376 each');
    expect(!r.ok && r.message).toMatch(/^I saved nothing: £28,376 each is per post, and the posts are part-time: what is the cost per FTE\?/);
    expect(at('cost', organisers, '£2,000 a month').ok).toBe(false);
  });

  it('the FTE question reads "2 fte posts" and ".5 fte"', () => {
    expect(saved(at('fte', { kind: 'establish', jobTitle: 'Project Officer' }, '2 fte posts'))).toMatchObject({ fteHundredths: 200 });
    expect(saved(at('fte', { kind: 'establish', jobTitle: 'Project Officer' }, '.5 fte'))).toMatchObject({ fteHundredths: 50 });
  });

  it('the cost question asks about a total for several FTE', () => {
    const r = at('cost', { ...organisers, grade: 'Grade 4' }, 'at a total cost of £56,752');
    expect(r.ok).toBe(false);
  });

  it('the payment question takes what it is for and the amount from "an honorarium payment of £3,161"', () => {
    const r = at('description', { kind: 'one_off_payment' }, 'an honorarium payment of £3,161');
    expect(saved(r)).toEqual({ kind: 'one_off_payment', description: 'Honorarium', amountPence: 316_100 });
  });

  it('the FTE question refuses a different post', () => {
    const r = at('fte', { kind: 'establish', jobTitle: 'Service Organiser' }, '2 fte Reviewing Officers (Hay Band A scp 34 - £40,702 with on-costs)');
    expect(!r.ok && r.message).toMatch(/it says "Reviewing Officer" where the change has "Service Organiser"/);
  });
});

describe('property: no corpus sentence typed at any field question is saved as a sentence with money in it', () => {
  const corpus = (corpusJson as Array<{ text: string }>).map((e) => e.text);
  const fields: LineField[] = ['kind', 'fte', 'jobTitle', 'grade', 'cost', 'previousCost', 'term', 'effectiveDate', 'amount', 'description'];
  const lines: DraftLine[] = [
    {},
    { kind: 'establish' },
    { kind: 'establish', fteHundredths: 100 },
    organisers,
    { ...organisers, fteHundredths: 300, grade: 'Grade 4' },
    { kind: 'regrade', fteHundredths: 100, jobTitle: 'Team Leader', grade: 'Grade 7' },
    { kind: 'disestablish', fteHundredths: 50, jobTitle: 'Admin Assistant', term: { type: 'permanent' } },
    { kind: 'one_off_payment' },
    { kind: 'one_off_payment', description: 'Honorarium' },
  ];
  const TEXT_FIELDS = ['jobTitle', 'grade', 'description'] as const;
  const PENCE_FIELDS = ['annualCostPerFtePence', 'previousAnnualCostPerFtePence', 'amountPence'] as const;

  const check = (text: string, field: LineField, line: DraftLine): boolean => {
    const r = at(field, line, text);
    const after = r.ok ? r.draft.lines[0] : undefined;
    if (!after) return false; // refused, or "remove" took the change out
    expect(DraftLineSchema.safeParse(after).success).toBe(true);
    const money = findMoney(text);
    for (const f of TEXT_FIELDS) {
      if (after[f] === line[f]) continue;
      expect(after[f]).not.toMatch(/£\s?\d/);
      if (money.length) expect(after[f]).not.toBe(text.trim());
    }
    for (const f of PENCE_FIELDS) {
      if (after[f] !== line[f] && after[f] !== undefined) expect(money.map((m) => m.pence)).toContain(after[f]);
    }
    return true;
  };

  it('every saved text field is free of £ figures, and every saved amount is one the text gives (all 180 sentences × 10 questions × 9 changes)', () => {
    let savedCount = 0;
    for (const text of corpus) for (const field of fields) for (const line of lines) if (check(text, field, line)) savedCount++;
    expect(savedCount).toBeGreaterThan(0);
  });

  it('the same for generated report-style changes typed at any field question (3,000 runs)', () => {
    const change = fc.record({
      verb: fc.constantFrom('', 'establish ', 'delete ', 'to create ', 'It is proposed that '),
      fte: fc.constantFrom('1 fte', '2 fte', '0.5 FTE', '2 x', 'two full time', '3'),
      title: fc.constantFrom('Service Organiser', 'Assessment Officers', 'Team Manager, Short Breaks', 'Project Manager'),
      grade: fc.constantFrom('', ' (Grade 4)', ' Hay Band A scp 34', ', PO4,', ' (grade subject to Job Evaluation)'),
      cost: fc.integer({ min: 100, max: 200_000 }),
      costWords: fc.constantFrom(
        ' - £%',
        ' £% with on-costs',
        ' at £% per FTE inc. on-costs',
        ' on £% each',
        ' at a total cost of £%',
        ' up to £%',
        ' £% per week',
        '',
      ),
      tail: fc.constantFrom('', ', permanent', ', fixed term 18 months', ' until 31 March 2027', ' from 1 October 2026', ' 1/10/2026 to 31/03/2028.'),
    });
    fc.assert(
      fc.property(change, fc.constantFrom(...fields), fc.constantFrom(...lines), (c, field, line) => {
        const text = `${c.verb}${c.fte} ${c.title}${c.grade}${c.costWords.replace('%', c.cost.toLocaleString('en-GB'))}${c.tail}`;
        check(text, field, line);
      }),
      { numRuns: 3000 },
    );
  });
});
