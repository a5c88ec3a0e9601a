import { compareDates, londonDate, type CalendarDate } from './calendar-date';
import { inRange } from './access';
import { isSamePerson } from './duties';
import type { Person, Rules, WorkflowState } from './lifecycle';

/**
 * The day scrutiny released a called-in decision. The state records the release; for
 * requests released before it did, it is inferred: release is the only way from
 * `called_in` to `implementable`, a decision is called in only once enough members have
 * asked, and release makes it implementable from that day.
 */
export function releasedOn(state: WorkflowState, minimumMembersToCallIn: number): CalendarDate | undefined {
  if (state.released) return londonDate(new Date(state.released.at));
  const pub = state.publication;
  if (state.status !== 'implementable' || !state.openToCallIn || !pub) return undefined;
  const published = pub.publishedOn as CalendarDate;
  const members = new Set(
    state.callIns.filter((c) => compareDates(londonDate(new Date(c.at)), published) >= 0).map((c) => (c.onBehalfOf ?? c.by).aadObjectId.toLowerCase()),
  );
  return members.size > 0 && members.size >= minimumMembersToCallIn ? (pub.implementableFrom as CalendarDate) : undefined;
}

/**
 * Who released it: the person recorded, or (released before releases were recorded) the
 * people who could have on `day`: the scrutiny officer, and any deputy of theirs that day.
 */
export function possibleReleasers(state: WorkflowState, rules: Rules, day: CalendarDate): Person[] {
  if (state.released) return [state.released.by];
  const officer = rules.scrutinyOfficer;
  if (!officer) return [];
  return [officer, ...rules.deputies.filter((d) => isSamePerson(d.for, officer) && inRange(d, day)).map((d) => d.deputy)];
}
