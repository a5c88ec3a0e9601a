import fc from 'fast-check';
import payTableJson from '../../config/pay-table.example.json';
import { PayTableSchema } from '../../domain/pay-table';
import { describeLine, parseDate, parseLines, parseTerm } from '../../domain/quick-entry';
import { DraftLineSchema, JOB_EVALUATION, type DraftLine } from '../../domain/request';

const payTable = PayTableSchema.parse(payTableJson);
const temporaryTo = (endDate: string) => ({ type: 'temporary', endDate });

describe('quick entry: every post line in the seed reports', () => {
  it.each<[string, Array<Partial<DraftLine> & { missing: string[] }>]>([
    [
      '3 fte Service Organiser, Grade 4 scp 23, £28,376 with on-costs, temporary until 31 March 2019, from 1 July 2018',
      [
        {
          kind: 'establish',
          fteHundredths: 300,
          jobTitle: 'Service Organiser',
          grade: 'Grade 4',
          scp: 23,
          annualCostPerFtePence: 2_837_600,
          term: temporaryTo('2019-03-31') as never,
          effectiveDate: '2018-07-01' as never,
          missing: [],
        },
      ],
    ],
    [
      '2 fte Reviewing Officers (Hay Band A scp 34 - £40,702 with on-costs)',
      [
        {
          fteHundredths: 200,
          jobTitle: 'Reviewing Officer',
          grade: 'Hay Band A',
          scp: 34,
          annualCostPerFtePence: 4_070_200,
          missing: ['term', 'effectiveDate'],
        },
      ],
    ],
    [
      '2 fte Assessment Officers (Grade 5 scp 28 - £33,504 with on-costs)',
      [{ fteHundredths: 200, jobTitle: 'Assessment Officer', grade: 'Grade 5', scp: 28, annualCostPerFtePence: 3_350_400, missing: ['term', 'effectiveDate'] }],
    ],
    [
      '2 fte Service Organisers (Grade 4 scp 23 £28,376 with on-costs)',
      [{ fteHundredths: 200, jobTitle: 'Service Organiser', grade: 'Grade 4', scp: 23, annualCostPerFtePence: 2_837_600, missing: ['term', 'effectiveDate'] }],
    ],
    [
      '1 fte Commissioning Officer (Hay Band A scp 34 - £40,702 with on-costs)',
      [{ fteHundredths: 100, jobTitle: 'Commissioning Officer', annualCostPerFtePence: 4_070_200, missing: ['term', 'effectiveDate'] }],
    ],
    [
      '1.5 fte Commissioning Assistants (Grade 3 scp 18 - £23,940 with on-costs).',
      [
        {
          fteHundredths: 150,
          jobTitle: 'Commissioning Assistant',
          grade: 'Grade 3',
          scp: 18,
          annualCostPerFtePence: 2_394_000,
          missing: ['term', 'effectiveDate'],
        },
      ],
    ],
    ['an honorarium payment of £3,161', [{ kind: 'one_off_payment', description: 'Honorarium', amountPence: 316_100, missing: [] }]],
    [
      'establish 3 fte Service Organiser (grade subject to Job Evaluation) posts with effect from 1 May 2022',
      [
        {
          kind: 'establish',
          fteHundredths: 300,
          jobTitle: 'Service Organiser',
          grade: JOB_EVALUATION,
          effectiveDate: '2022-05-01' as never,
          missing: ['cost', 'term'],
        },
      ],
    ],
    [
      'establish 1 fte Project Manager (grade subject to Job Evaluation) on a temporary basis for 12 months with effect from 1 May 2022',
      [
        {
          jobTitle: 'Project Manager',
          grade: JOB_EVALUATION,
          term: { type: 'temporary', months: 12 },
          effectiveDate: '2022-05-01' as never,
          missing: ['cost'],
        },
      ],
    ],
    [
      'disestablish 4 fte Commissioning Assistant posts (Grade 3)',
      [
        {
          kind: 'disestablish',
          fteHundredths: 400,
          jobTitle: 'Commissioning Assistant',
          grade: 'Grade 3',
          term: { type: 'permanent' },
          missing: ['cost', 'effectiveDate'],
        },
      ],
    ],
    [
      'to disestablish the 1 fte (Band B) post of Commissioning Officer, Short Breaks and Budget Management',
      [
        {
          kind: 'disestablish',
          fteHundredths: 100,
          grade: 'Band B',
          jobTitle: 'Commissioning Officer, Short Breaks and Budget Management',
          missing: ['cost', 'effectiveDate'],
        },
      ],
    ],
    [
      'to disestablish the currently unfilled 1 fte post of Commissioning and Contracts Manager (Band D) and to establish in its place the post of 1 fte Team Manager, Alternative Education and Short Breaks Placements (Band D)',
      [
        { kind: 'disestablish', jobTitle: 'Commissioning and Contracts Manager', grade: 'Band D', missing: ['cost', 'effectiveDate'] },
        {
          kind: 'establish',
          jobTitle: 'Team Manager, Alternative Education and Short Breaks Placements',
          grade: 'Band D',
          missing: ['cost', 'term', 'effectiveDate'],
        },
      ],
    ],
    [
      'to disestablish 4 fte Commissioning Assistant posts (Grade 3) and to establish 4 fte Service Organiser posts (Grade 4)',
      [
        { kind: 'disestablish', fteHundredths: 400, jobTitle: 'Commissioning Assistant', grade: 'Grade 3' },
        { kind: 'establish', fteHundredths: 400, jobTitle: 'Service Organiser', grade: 'Grade 4' },
      ] as never,
    ],
    [
      '1.0 FTE PO4 Commissioning Manager',
      [{ fteHundredths: 100, jobTitle: 'Commissioning Manager', grade: 'PO4', missing: ['cost', 'term', 'effectiveDate'] }],
    ],
    [
      '1.0 FTE PO2 Commissioning Officer',
      [{ fteHundredths: 100, jobTitle: 'Commissioning Officer', grade: 'PO2', missing: ['cost', 'term', 'effectiveDate'] }],
    ],
    [
      '1 FTE PO4 Commissioning Manager fixed term to 31/03/2025',
      [{ jobTitle: 'Commissioning Manager', grade: 'PO4', term: temporaryTo('2025-03-31') as never, missing: ['cost', 'effectiveDate'] }],
    ],
  ])('%s', (text, expected) => {
    const parsed = parseLines(text);
    expect(parsed).toHaveLength(expected.length);
    expected.forEach(({ missing, ...fields }, i) => {
      expect(parsed[i]!.line).toMatchObject(fields);
      if (missing) expect(parsed[i]!.missing).toEqual(missing);
      expect(DraftLineSchema.safeParse(parsed[i]!.line).success).toBe(true);
    });
  });

  it('fills the cost from the pay table when only the grade is given, and says so', () => {
    const [parsed] = parseLines('1 fte PO4 Commissioning Manager permanent from 1 December 2022', { payTable });
    expect(parsed!.line).toMatchObject({ annualCostPerFtePence: 5_558_800, term: { type: 'permanent' }, effectiveDate: '2022-12-01' });
    expect(parsed!.missing).toEqual([]);
    expect(parsed!.notes.join(' ')).toContain('pay table');
  });

  it.each([
    ['31 March 2019', '2019-03-31'],
    ['31st March 2019', '2019-03-31'],
    ['31/03/2025', '2025-03-31'],
    ['1 May 2022', '2022-05-01'],
    ['2019-03-31', '2019-03-31'],
    ['31 February 2019', undefined],
    ['32/13/2019', undefined],
    ['next Tuesday', undefined],
  ])('reads the date %s', (text, expected) => expect(parseDate(text)).toBe(expected));

  it.each([
    ['permanent', { type: 'permanent' }],
    ['until 31 March 2019', { type: 'temporary', endDate: '2019-03-31' }],
    ['12 months', { type: 'temporary', months: 12 }],
    ['for 18 months', { type: 'temporary', months: 18 }],
    ['forever', undefined],
    ['0 months', undefined],
  ])('reads the term %s', (text, expected) => expect(parseTerm(text)).toEqual(expected));
});

describe('quick entry: properties', () => {
  it('never throws and never returns an invalid line, whatever is typed (1,000 strings)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        for (const parsed of parseLines(text)) expect(DraftLineSchema.safeParse(parsed.line).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on text built from council-report words (1,000 phrases)', () => {
    const word = fc.constantFrom(
      'establish',
      'disestablish',
      '3 fte',
      '1.5 fte',
      '(Grade 4',
      'scp 23',
      '£28,376',
      'with on-costs',
      'until 31 March 2019',
      'from 1 July 2018',
      'posts',
      'Officer',
      ',',
      ')',
      'and to establish in its place',
      'for 12 months',
      'permanent',
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 15 }), (words) => {
        for (const parsed of parseLines(words.join(' '))) expect(DraftLineSchema.safeParse(parsed.line).success).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('reads back what describeLine writes (1,000 complete lines)', () => {
    const line = fc.record({
      kind: fc.constantFrom('establish' as const, 'disestablish' as const),
      fteHundredths: fc.integer({ min: 1, max: 5000 }),
      jobTitle: fc.constantFrom('Service Organiser', 'Commissioning Manager', 'Team Manager, Short Breaks', 'Project Manager'),
      grade: fc.constantFrom('Grade 4', 'Hay Band A', 'PO4', 'Band D'),
      scp: fc.integer({ min: 1, max: 60 }),
      annualCostPerFtePence: fc.integer({ min: 100, max: 20_000_000 }).map((p) => p * 100),
      effectiveDate: fc.date({ min: new Date('2018-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      months: fc.integer({ min: 1, max: 60 }),
    });
    fc.assert(
      fc.property(line, (l) => {
        const original: DraftLine = {
          kind: l.kind,
          fteHundredths: l.fteHundredths,
          jobTitle: l.jobTitle,
          grade: l.grade,
          scp: l.scp,
          annualCostPerFtePence: l.annualCostPerFtePence,
          costIsEstimate: false,
          term: l.kind === 'disestablish' ? { type: 'permanent' } : { type: 'temporary', months: l.months },
          effectiveDate: l.effectiveDate as never,
        };
        const [parsed] = parseLines(describeLine(original));
        expect(parsed!.line).toEqual(original);
      }),
      { numRuns: 1000 },
    );
  });
});
