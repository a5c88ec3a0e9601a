import { calendarDate } from '../../domain/calendar-date';
import { digestWeekDue, isEmptyDigest, mondayOf, weeklyDigest, type DecisionListing } from '../../domain/weekly-digest';

describe('the weekly digest', () => {
  it.each([
    ['2026-11-23T07:59:00Z', '2026-11-16'], // Monday 07:59 in London (GMT): last week's is still the one due
    ['2026-11-23T08:00:00Z', '2026-11-23'],
    ['2026-08-31T06:59:00Z', '2026-08-24'], // 07:59 British Summer Time
    ['2026-08-31T07:00:00Z', '2026-08-31'], // 08:00 BST
    ['2026-11-29T23:30:00Z', '2026-11-23'], // Sunday night
    ['2026-11-25T12:00:00Z', '2026-11-23'],
  ])('at %s the digest due is the one for Monday %s', (now, week) => {
    expect(digestWeekDue(new Date(now))).toBe(week);
  });

  it('finds the Monday of any day, across a year end', () => {
    expect(mondayOf(calendarDate(2027, 1, 1))).toBe('2026-12-28');
    expect(mondayOf(calendarDate(2026, 11, 23))).toBe('2026-11-23');
  });

  const listing = (reference: string, publishedOn: string, status: string, deadline?: string): DecisionListing => ({
    reference,
    title: reference,
    status,
    publishedOn,
    implementableFrom: deadline ?? publishedOn,
    ...(deadline ? { deadline } : {}),
  });

  it('lists Monday-to-Sunday publications of the week before and call-in periods open on the Monday', () => {
    const digest = weeklyDigest(calendarDate(2026, 11, 23), [
      listing('ECR-2026-0005', '2026-11-23', 'published', '2026-11-30'), // published on the Monday itself: next week's
      listing('ECR-2026-0004', '2026-11-22', 'implementable'), // Sunday, not open to call-in
      listing('ECR-2026-0003', '2026-11-16', 'published', '2026-11-23'), // last day is the Monday: still open
      listing('ECR-2026-0002', '2026-11-16', 'called_in', '2026-11-23'), // called in: not open
      listing('ECR-2026-0001', '2026-11-15', 'published', '2026-11-20'), // period over
    ]);
    expect(digest.publishedFrom).toBe('2026-11-16');
    expect(digest.publishedTo).toBe('2026-11-22');
    expect(digest.published.map((d) => d.reference)).toEqual(['ECR-2026-0002', 'ECR-2026-0003', 'ECR-2026-0004']);
    expect(digest.callInEnding.map((d) => d.reference)).toEqual(['ECR-2026-0003', 'ECR-2026-0005']);
    expect(isEmptyDigest(digest)).toBe(false);
    expect(isEmptyDigest(weeklyDigest(calendarDate(2026, 11, 23), []))).toBe(true);
  });
});
