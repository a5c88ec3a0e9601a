import fc from 'fast-check';
import { addDays, calendarDate, type CalendarDate } from '../../domain/calendar-date';
import { costRequest } from '../../domain/costs';
import { applyDecision, reportedMovement } from '../../domain/establishment-apply';
import { findScope, LedgerPostSchema, totalsOn, within, type LedgerPost } from '../../domain/establishment';
import { establishmentView } from '../../domain/establishment-view';
import type { ChangeLine, PostLine } from '../../domain/request';

const unit = { directorate: 'Children and Families', service: 'Commissioning and Placements' };
const d = (s: string) => s as CalendarDate;
const post = (over: Partial<PostLine>): PostLine => ({
  kind: 'establish',
  fteHundredths: 100,
  jobTitle: 'Service Organiser',
  grade: 'Grade 4',
  annualCostPerFtePence: 2_836_800,
  costIsEstimate: false,
  term: { type: 'permanent' },
  effectiveDate: d('2022-05-01'),
  ...over,
});

/** Seed 000: 3 fte Service Organiser from 1 May 2022 (£85,104 a year) and a Project Manager for 12 months (£52,392). */
const SEED_000: ChangeLine[] = [
  post({ fteHundredths: 300, grade: 'subject to job evaluation' }),
  post({ jobTitle: 'Project Manager', grade: 'Grade 9', annualCostPerFtePence: 5_239_200, term: { type: 'temporary', months: 12 } }),
];

describe('establishment ledger: applying a decision', () => {
  it('moves the establishment by exactly the report figures, and a temporary post leaves after its end date', () => {
    const { posts, change } = applyDecision([], { reference: 'ECR-2026-0001', title: 'Seed 000', unit, lines: SEED_000 }, d('2026-11-30'));
    expect(totalsOn(posts, d('2022-04-30'))).toEqual({ fteHundredths: 0, annualCostPence: 0 });
    expect(totalsOn(posts, d('2022-05-01'))).toEqual({ fteHundredths: 400, annualCostPence: 8_510_400 + 5_239_200 });
    expect(totalsOn(posts, d('2023-04-30'))).toEqual({ fteHundredths: 400, annualCostPence: 13_749_600 });
    expect(totalsOn(posts, d('2023-05-01'))).toEqual({ fteHundredths: 300, annualCostPence: 8_510_400 });
    expect(change.lines.map((l) => [l.fteHundredths, l.annualCostPence])).toEqual([
      [300, 8_510_400],
      [100, 5_239_200],
    ]);
    for (const p of posts) expect(LedgerPostSchema.parse(p)).toEqual(p);
  });

  it('disestablishes and regrades posts it holds, and keeps what it cannot find as unmatched so totals still move as decided', () => {
    const start: LedgerPost[] = [
      {
        ...unit,
        id: 'import-a-2',
        title: 'Commissioning Assistant',
        grade: 'Grade 3',
        fteHundredths: 400,
        annualCostPerFtePence: 2_394_000,
        from: d('2020-04-01'),
        source: 'import',
      },
    ];
    const lines: ChangeLine[] = [
      post({
        kind: 'disestablish',
        jobTitle: 'Commissioning Assistant',
        grade: 'Grade 3',
        fteHundredths: 300,
        annualCostPerFtePence: 2_394_000,
        effectiveDate: d('2024-04-01'),
      }),
      post({
        kind: 'regrade',
        jobTitle: 'Commissioning Assistant',
        grade: 'Grade 4',
        fteHundredths: 100,
        annualCostPerFtePence: 2_837_600,
        previousAnnualCostPerFtePence: 2_394_000,
        effectiveDate: d('2024-04-01'),
      }),
      post({
        kind: 'disestablish',
        jobTitle: 'Team Manager',
        grade: 'Band D',
        fteHundredths: 100,
        annualCostPerFtePence: 6_000_000,
        effectiveDate: d('2024-04-01'),
      }),
    ];
    const { posts, change } = applyDecision(start, { reference: 'ECR-2026-0002', title: 'x', unit, lines }, d('2024-03-01'));
    expect(totalsOn(posts, d('2024-03-31'))).toEqual({ fteHundredths: 400, annualCostPence: 9_576_000 });
    // 1 Grade 4 left, and an unmatched -1 Team Manager.
    expect(totalsOn(posts, d('2024-04-01'))).toEqual({ fteHundredths: 0, annualCostPence: 2_837_600 - 6_000_000 });
    expect(change.lines.map((l) => l.unmatched)).toEqual([false, false, true]);
    expect(change.lines.map((l) => l.annualCostPence)).toEqual([-7_182_000, 443_600, -6_000_000]);
  });

  it('extends a fixed term and makes a temporary post permanent', () => {
    const temp = post({ jobTitle: 'Project Manager', term: { type: 'temporary', endDate: d('2023-03-31') }, effectiveDate: d('2022-04-01') });
    const first = applyDecision([], { reference: 'R1', title: 'x', unit, lines: [temp, { ...temp, jobTitle: 'Analyst' }] }, d('2022-03-01'));
    const extend = post({
      kind: 'extend_fixed_term',
      jobTitle: 'Project Manager',
      term: { type: 'temporary', endDate: d('2024-03-31') },
      effectiveDate: d('2023-04-01'),
    });
    const permanent = post({ kind: 'make_permanent', jobTitle: 'Analyst', effectiveDate: d('2023-04-01') });
    const { posts, change } = applyDecision(first.posts, { reference: 'R2', title: 'x', unit, lines: [extend, permanent] }, d('2023-03-01'));
    expect(totalsOn(posts, d('2024-03-31')).fteHundredths).toBe(200);
    expect(totalsOn(posts, d('2024-04-01')).fteHundredths).toBe(100);
    expect(totalsOn(posts, d('2030-01-01')).fteHundredths).toBe(100);
    expect(change.lines.every((l) => !l.unmatched)).toBe(true);
  });

  const dateArb = fc.integer({ min: 0, max: 3000 }).map((n) => addDays(calendarDate(2018, 1, 1), n));
  const lineArb: fc.Arbitrary<ChangeLine> = fc.oneof(
    fc.record({
      kind: fc.constantFrom('establish' as const, 'disestablish' as const, 'regrade' as const, 'extend_fixed_term' as const, 'make_permanent' as const),
      fteHundredths: fc.integer({ min: 1, max: 1000 }),
      jobTitle: fc.constantFrom('Service Organiser', 'Project Manager', 'Social Worker'),
      grade: fc.constantFrom('Grade 4', 'PO4', 'Hay Band A'),
      annualCostPerFtePence: fc.integer({ min: 1, max: 15_000_000 }),
      previousAnnualCostPerFtePence: fc.integer({ min: 1, max: 15_000_000 }),
      costIsEstimate: fc.constant(false),
      term: fc.oneof(
        fc.constant({ type: 'permanent' as const }),
        fc.integer({ min: 1, max: 36 }).map((months) => ({ type: 'temporary' as const, months })),
      ),
      effectiveDate: dateArb,
    }),
    fc.record({ kind: fc.constant('one_off_payment' as const), description: fc.constant('Honorarium'), amountPence: fc.integer({ min: 1, max: 1_000_000 }) }),
  );

  it('property: a decision of new posts moves the totals on each effective date by exactly its full-year cost and FTE, and re-applying gives the same posts', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 8 }), dateArb, (raw, at) => {
        const lines = raw.map((l) => (l.kind === 'one_off_payment' ? l : { ...l, kind: 'establish' as const, effectiveDate: at }));
        const decision = { reference: 'ECR-2026-0042', title: 't', unit, lines };
        const once = applyDecision([], decision, at);
        expect(applyDecision([], decision, at)).toEqual(once);
        const expected = reportedMovement(lines);
        expect(totalsOn(once.posts, at)).toEqual({ fteHundredths: expected.fteHundredths, annualCostPence: costRequest(lines, []).fullYearPence });
      }),
      { numRuns: 300 },
    );
  });

  it('property: any decision changes only its own unit, keeps every post valid, and the change lines add up to the movement on each date', () => {
    const other = { directorate: 'Adults', service: 'Reablement' };
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 6 }), fc.array(lineArb, { maxLength: 6 }), (first, second) => {
        const a = applyDecision([], { reference: 'A', title: 't', unit: other, lines: first }, d('2026-01-01'));
        const start = applyDecision(a.posts, { reference: 'B', title: 't', unit, lines: first }, d('2026-01-01'));
        const b = applyDecision(start.posts, { reference: 'C', title: 't', unit, lines: second }, d('2026-01-01'));
        for (const p of b.posts) expect(LedgerPostSchema.safeParse(p).success).toBe(true);
        const outside = (ps: LedgerPost[]) => ps.filter((p) => !within(p, unit));
        expect(outside(b.posts)).toEqual(outside(start.posts));
        expect(new Set(b.posts.map((p) => p.id)).size).toBe(b.posts.length);
        // A single post line's recorded movement is the difference on its effective date.
        if (second.length === 1 && second[0]!.kind !== 'one_off_payment') {
          const at = second[0]!.effectiveDate;
          const mine = (ps: LedgerPost[]) => ps.filter((p) => within(p, unit));
          const before = totalsOn(mine(start.posts), at);
          const after = totalsOn(mine(b.posts), at);
          expect(b.change.lines[0]!.fteHundredths).toBe(after.fteHundredths - before.fteHundredths);
          expect(b.change.lines[0]!.annualCostPence).toBe(after.annualCostPence - before.annualCostPence);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the view charts each month end and lists the decision and the temporary post that ended', () => {
    const { posts, change } = applyDecision([], { reference: 'ECR-2026-0001', title: 'Seed 000', unit, lines: SEED_000 }, d('2022-04-20'));
    const ledger = { posts, changes: [change], pending: [] };
    const scope = findScope(ledger, 'commissioning and placements')!;
    expect(scope.level).toBe('service');
    const view = establishmentView(ledger, scope, d('2023-06-15'));
    expect(view.now).toEqual({ fteHundredths: 300, annualCostPence: 8_510_400 });
    expect(view.series.map((p) => p.fteHundredths)).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 400, 300, 300]);
    expect(view.changes.map((c) => [c.reference, c.when, c.fteHundredths])).toEqual([['ended', '2023-04-30', -100]]);
    expect(establishmentView(ledger, scope, d('2022-06-01')).changes.map((c) => c.reference)).toEqual(['ECR-2026-0001']);
    expect(findScope(ledger, 'Children and Families')!.level).toBe('directorate');
    expect(findScope(ledger, 'Nowhere')).toBeUndefined();
  });
});
