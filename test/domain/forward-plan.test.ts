import fc from 'fast-check';
import { addDays, calendarDate, compareDates, dayOfWeek, type CalendarDate } from '../../domain/calendar-date';
import { clearDaysBetween, earliestDecisionDate, earliestLawfulDate, mayDecideOn, mayRecordException, type ForwardPlan } from '../../domain/forward-plan';

const someone = { tenantId: 't', aadObjectId: 'a', name: 'Derek Democratic' };
const date = fc.integer({ min: 0, max: 3650 }).map((n) => addDays(calendarDate(2024, 1, 1), n));
const plan = (publishedOn: CalendarDate, exception?: { route: 'general_exception' | 'special_urgency'; recordedOn: CalendarDate }): ForwardPlan => ({
  notice: { publishedOn, by: someone, at: '', matter: 'Posts', decisionMaker: 'Committee', expectedDate: addDays(publishedOn, 29), documents: [] },
  ...(exception ? { exception: { ...exception, by: someone, at: '', reasons: 'Grant deadline.', chair: 'Cllr Chair' } } : {}),
});

describe('the forward plan: the earliest lawful date of a key decision', () => {
  it('a notice given on Monday 2 November 2026 allows the decision on Tuesday 1 December (28 clear days), 8 November under a general exception', () => {
    const monday = calendarDate(2026, 11, 2);
    expect(dayOfWeek(monday)).toBe(1);
    expect(earliestDecisionDate(monday, 'standard')).toBe('2026-12-01');
    expect(clearDaysBetween(monday, calendarDate(2026, 12, 1))).toBe(28);
    expect(clearDaysBetween(monday, calendarDate(2026, 11, 30))).toBe(27);
    expect(earliestDecisionDate(monday, 'general_exception')).toBe('2026-11-08');
    expect(earliestDecisionDate(monday, 'special_urgency')).toBe(monday);
  });

  it('counts across the spring clock change and year ends as calendar days', () => {
    expect(earliestDecisionDate(calendarDate(2026, 3, 10), 'standard')).toBe('2026-04-08');
    expect(earliestDecisionDate(calendarDate(2026, 12, 20), 'standard')).toBe('2027-01-18');
    expect(earliestDecisionDate(calendarDate(2028, 2, 1), 'standard')).toBe('2028-03-01');
  });

  it('property: the earliest date is the first day with the required clear days, for every route', () => {
    fc.assert(
      fc.property(date, fc.constantFrom('standard', 'general_exception') as fc.Arbitrary<'standard' | 'general_exception'>, (notice, route) => {
        const needed = route === 'standard' ? 28 : 5;
        const first = earliestDecisionDate(notice, route);
        expect(clearDaysBetween(notice, first)).toBe(needed);
        expect(clearDaysBetween(notice, addDays(first, -1))).toBe(needed - 1);
      }),
    );
  });

  it('property: a decision is allowed on a day exactly when the day is on or after the earliest date, and an exception never makes it later', () => {
    fc.assert(
      fc.property(
        date,
        fc.option(
          fc.record({
            route: fc.constantFrom('general_exception', 'special_urgency') as fc.Arbitrary<'general_exception' | 'special_urgency'>,
            after: fc.nat(60),
          }),
        ),
        fc.integer({ min: -5, max: 70 }),
        (notice, ex, offset) => {
          const p = plan(notice, ex ? { route: ex.route, recordedOn: addDays(notice, ex.after) } : undefined);
          const earliest = earliestLawfulDate(p);
          const day = addDays(notice, offset);
          expect(mayDecideOn(p, day)).toBe(compareDates(day, earliest) >= 0);
          expect(compareDates(earliest, earliestDecisionDate(notice, 'standard'))).toBeLessThanOrEqual(0);
          if (!ex) expect(clearDaysBetween(notice, earliest)).toBe(28);
        },
      ),
    );
  });

  it('an exception is recorded once, and general exception may only give way to special urgency', () => {
    const notice = calendarDate(2026, 11, 2);
    expect(mayRecordException(plan(notice), 'general_exception')).toBe(true);
    expect(mayRecordException(plan(notice, { route: 'general_exception', recordedOn: notice }), 'special_urgency')).toBe(true);
    expect(mayRecordException(plan(notice, { route: 'general_exception', recordedOn: notice }), 'general_exception')).toBe(false);
    expect(mayRecordException(plan(notice, { route: 'special_urgency', recordedOn: notice }), 'general_exception')).toBe(false);
  });
});
