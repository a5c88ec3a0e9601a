import fc from 'fast-check';
import { addDays, addMonths, calendarDate } from '../../domain/calendar-date';
import { costRequest, prorate } from '../../domain/costs';
import { formatPounds } from '../../domain/money';
import type { ChangeLine, PostLine } from '../../domain/request';

const post = (fte: number, pounds: number, extra: Partial<PostLine> = {}): PostLine => ({
  kind: 'establish',
  fteHundredths: Math.round(fte * 100),
  jobTitle: 'Post',
  grade: 'Grade 4',
  annualCostPerFtePence: pounds * 100,
  costIsEstimate: false,
  term: { type: 'permanent' },
  effectiveDate: calendarDate(2018, 7, 1),
  ...extra,
});

describe('cost engine: the seed reports', () => {
  it('002: temporary posts to 31 March 2019 plus an honorarium come to £284,937, and £211,332 over the 9 months', () => {
    const term = { type: 'temporary', endDate: calendarDate(2019, 3, 31) } as const;
    const lines: ChangeLine[] = [
      post(2, 40_702, { term }),
      post(2, 33_504, { term }),
      post(2, 28_376, { term }),
      post(1, 40_702, { term }),
      post(1.5, 23_940, { term }),
      { kind: 'one_off_payment', description: 'Honorarium', amountPence: 316_100 },
    ];
    const costs = costRequest(lines, [{ kind: 'contingency', amountPence: 28_493_700 }]);
    expect(formatPounds(costs.fullYearPence)).toBe('£281,776');
    expect(formatPounds(costs.totalPence)).toBe('£284,937');
    expect(formatPounds(costs.temporaryTermPence!)).toBe('£211,332');
    expect(costs.byFinancialYear).toEqual([{ label: '2018/19', pence: 21_133_200 + 0 }]);
    expect(costs.funding).toEqual({ status: 'covered', differencePence: 0 });
  });

  it('004: two PO4s and a PO2 cost £156,008, exactly covered by £100,420 + £55,588', () => {
    const lines = [post(1, 55_588), post(1, 44_832), post(1, 55_588, { term: { type: 'temporary', endDate: calendarDate(2025, 3, 31) } })];
    const costs = costRequest(lines, [
      { kind: 'traded_income', description: 'OAWY', amountPence: 10_042_000 },
      { kind: 'government_grant', description: 'SAFE Taskforce', amountPence: 5_558_800 },
    ]);
    expect(formatPounds(costs.totalPence)).toBe('£156,008');
    expect(costs.funding).toEqual({ status: 'covered', differencePence: 0 });
  });

  it('000: three Service Organisers £85,104 a year; a 12-month Project Manager at most £52,392', () => {
    const may = calendarDate(2022, 5, 1);
    const organisers = costRequest([post(3, 28_368, { effectiveDate: may })], []);
    expect(formatPounds(organisers.fullYearPence)).toBe('£85,104');
    const manager = costRequest([post(1, 52_392, { effectiveDate: may, term: { type: 'temporary', months: 12 } })], []);
    expect(formatPounds(manager.temporaryTermPence!)).toBe('£52,392');
    expect(manager.lines[0]!.termEnd).toBe('2023-04-30');
    expect(manager.byFinancialYear).toEqual([
      { label: '2022/23', pence: 4_802_600 },
      { label: '2023/24', pence: 436_600 },
    ]);
  });

  it('001: a shortfall is shown in pounds', () => {
    const costs = costRequest([post(1, 1_131_750)], [{ kind: 'existing_budget', amountPence: 108_476_100 }]);
    expect(costs.funding).toEqual({ status: 'shortfall', differencePence: -4_698_900 });
  });

  it('counts disestablished posts as savings and a regrade as the difference', () => {
    const costs = costRequest(
      [post(4, 23_940, { kind: 'disestablish' }), post(4, 28_376), post(1, 40_702, { kind: 'regrade', previousAnnualCostPerFtePence: 33_504_00 })],
      [],
    );
    expect(costs.lines.map((l) => l.fullYearPence)).toEqual([-9_576_000, 11_350_400, 719_800]);
    expect(costs.fullYearPence).toBe(2_494_200);
  });

  it('prorates a part month by its days', () => {
    // 16–31 July is 16/31 of a month.
    expect(prorate(1_200_000, calendarDate(2018, 7, 16), calendarDate(2018, 7, 31))).toBe(Math.round((100_000 * 16) / 31));
  });
});

describe('cost engine: properties (1,000 generated requests each)', () => {
  const line = fc.record({
    fte: fc.integer({ min: 1, max: 2_000 }),
    cost: fc.integer({ min: 0, max: 20_000_000 }),
    start: fc.integer({ min: 0, max: 4_000 }),
    months: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
    kind: fc.constantFrom('establish', 'disestablish', 'extend_fixed_term'),
  });

  it('the total is the sum of the lines, and financial years add up to each term', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (generated) => {
        const lines = generated.map((g) =>
          post(g.fte / 100, 0, {
            kind: g.kind as PostLine['kind'],
            annualCostPerFtePence: g.cost,
            effectiveDate: addDays(calendarDate(2018, 1, 1), g.start),
            term: g.months ? { type: 'temporary', months: g.months } : { type: 'permanent' },
          }),
        );
        const costs = costRequest(lines, []);
        expect(costs.fullYearPence).toBe(costs.lines.reduce((s, l) => s + l.fullYearPence, 0));
        for (const l of costs.lines) {
          if (l.termPence !== null) expect(l.byFinancialYear.reduce((s, y) => s + y.pence, 0)).toBe(l.termPence);
          expect(Number.isInteger(l.fullYearPence)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('twelve whole months from the first of a month cost exactly the annual figure', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 1_000_000_000 }), (monthOffset, annual) => {
        const start = addMonths(calendarDate(2018, 1, 1), monthOffset);
        expect(prorate(annual, start, addDays(addMonths(start, 12), -1))).toBe(annual);
      }),
      { numRuns: 1000 },
    );
  });
});
