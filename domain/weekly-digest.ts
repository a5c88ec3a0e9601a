import { addDays, dayOfWeek, londonDate, type CalendarDate } from './calendar-date';
import type { DecisionListing } from './public-summary';
import type { ForwardPlanEntry } from './forward-plan-listing';

export type { DecisionListing };

/**
 * The weekly digest the decisions channel gets on Monday morning: the decisions published
 * in the week before (Monday to Sunday) and every call-in period still open, soonest end
 * first; and the key decisions whose notices went on the forward plan that week. It is built
 * from the public decision listing and the forward plan only, so it says no more than the
 * decision posts and the notices themselves.
 */

export interface WeeklyDigest {
  /** The Monday the digest is for (posted that morning). */
  week: CalendarDate;
  /** The Monday to Sunday whose publications it lists. */
  publishedFrom: CalendarDate;
  publishedTo: CalendarDate;
  published: DecisionListing[];
  callInEnding: DecisionListing[];
  /** Key decisions given notice on the forward plan in the week before (issue 31). */
  notices: ForwardPlanEntry[];
}

/** When on its Monday the digest is posted, London time. */
export const DIGEST_HOUR = 8;

const LONDON_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' });

/** The Monday of the week that `date` falls in. */
export function mondayOf(date: CalendarDate): CalendarDate {
  return addDays(date, -((dayOfWeek(date) + 6) % 7));
}

/**
 * The Monday whose digest is due at `now`: this week's once it is 08:00 in London on
 * Monday, otherwise last week's (which was due a week ago and may not have gone yet).
 */
export function digestWeekDue(now: Date): CalendarDate {
  const today = londonDate(now);
  const monday = mondayOf(today);
  const hour = Number(LONDON_HOUR.format(now));
  return today === monday && hour < DIGEST_HOUR ? addDays(monday, -7) : monday;
}

export function weeklyDigest(week: CalendarDate, listings: readonly DecisionListing[], forwardPlan: readonly ForwardPlanEntry[] = []): WeeklyDigest {
  const publishedFrom = addDays(week, -7);
  const publishedTo = addDays(week, -1);
  const published = listings
    .filter((d) => d.publishedOn >= publishedFrom && d.publishedOn <= publishedTo)
    .sort((a, b) => a.publishedOn.localeCompare(b.publishedOn) || a.reference.localeCompare(b.reference));
  // Open on the Monday itself: still published (not called in or implementable) and the last day not past.
  const callInEnding = listings
    .filter((d) => d.status === 'published' && d.deadline !== undefined && d.deadline >= week)
    .sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? '') || a.reference.localeCompare(b.reference));
  const notices = forwardPlan
    .filter((n) => n.noticeOn >= publishedFrom && n.noticeOn <= publishedTo)
    .sort((a, b) => a.noticeOn.localeCompare(b.noticeOn) || a.reference.localeCompare(b.reference));
  return { week, publishedFrom, publishedTo, published, callInEnding, notices };
}

export function isEmptyDigest(digest: WeeklyDigest): boolean {
  return digest.published.length === 0 && digest.callInEnding.length === 0 && digest.notices.length === 0;
}
