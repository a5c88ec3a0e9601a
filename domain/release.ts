import { compareDates, londonDate, type CalendarDate } from './calendar-date';
import { inRange } from './access';
import { isSamePerson } from './duties';
import type { Person, Rules, WorkflowState } from './lifecycle';

/**
 * The day scrutiny released a called-in decision, read from the state: it keeps no record
 * of the release itself. Release is the only way from `called_in` to `implementable`, a
 * decision is called in only once enough members have asked, and release makes it
 * implementable from that day. Call-ins made before this publication (a decision
 * referred back and published again) do not count.
 */
export function releasedOn(state: WorkflowState, minimumMembersToCallIn: number): CalendarDate | undefined {
  const pub = state.publication;
  if (state.status !== 'implementable' || !state.openToCallIn || !pub) return undefined;
  const published = pub.publishedOn as CalendarDate;
  const members = new Set(
    state.callIns.filter((c) => compareDates(londonDate(new Date(c.at)), published) >= 0).map((c) => (c.onBehalfOf ?? c.by).aadObjectId.toLowerCase()),
  );
  return members.size > 0 && members.size >= minimumMembersToCallIn ? (pub.implementableFrom as CalendarDate) : undefined;
}

/** The people who could have released it on `day`: the scrutiny officer, and any deputy of theirs that day. */
export function possibleReleasers(rules: Rules, day: CalendarDate): Person[] {
  const officer = rules.scrutinyOfficer;
  if (!officer) return [];
  return [officer, ...rules.deputies.filter((d) => isSamePerson(d.for, officer) && inRange(d, day)).map((d) => d.deputy)];
}
