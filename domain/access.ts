import { compareDates, londonDate, type CalendarDate } from './calendar-date';
import { decider, isSamePerson } from './duties';
import type { Person, Deputy, Rules, Status, WorkflowState } from './lifecycle';

/**
 * Who may see what of a request, on which surface. Every path that shows a request (a
 * card, a refresh, a click's answer, a command, a download, a proactive send) asks this
 * one function; what may be *done* is asked of the lifecycle's `decide`.
 *
 * - `full`: the whole request, exempt sections included. Only in a 1:1 chat (or a download
 *   by the signed-in person), and only for the requester, the people fixed on it, their
 *   deputies in range and, once it is published, scrutiny.
 * - `public`: the channel's allow-listed summary (domain/public-summary.ts), once the
 *   decision is published, for anyone in the requester's tenant. Group chats and channels
 *   only ever get this, whoever asks.
 * - `none`: nothing, not even whether the request exists.
 */
export type Surface = 'personal' | 'group' | 'channel' | 'download';
export type Visibility = 'full' | 'public' | 'none';

export const PUBLISHED: ReadonlySet<Status> = new Set(['published', 'called_in', 'implementable', 'referred_to_council']);

export function isPublished(state: WorkflowState): boolean {
  return PUBLISHED.has(state.status);
}

export function visibility(state: WorkflowState, viewer: Person, surface: Surface, now: Date, rules: Rules): Visibility {
  const sameTenant = viewer.tenantId.toLowerCase() === state.requester.tenantId.toLowerCase();
  if ((surface === 'personal' || surface === 'download') && isEntitled(state, viewer, now, rules)) return 'full';
  return sameTenant && isPublished(state) ? 'public' : 'none';
}

/** The people entitled to the whole request; deputies only within their dates. */
export function isEntitled(state: WorkflowState, viewer: Person, now: Date, rules: Rules): boolean {
  const people = entitledPeople(state, rules);
  if (people.some((p) => isSamePerson(p, viewer))) return true;
  const today = londonDate(now);
  return rules.deputies.some((d) => isSamePerson(d.deputy, viewer) && inRange(d, today) && people.some((p) => isSamePerson(p, d.for)));
}

function entitledPeople(state: WorkflowState, rules: Rules): Person[] {
  const a = state.approvers;
  const people: Person[] = [
    state.requester,
    ...(a ? [a.finance, a.hr, a.legal, decider(state)!] : []),
    ...(a?.democraticServices ? [a.democraticServices] : []),
  ];
  if (isPublished(state)) people.push(...rules.scrutinyMembers, ...(rules.scrutinyOfficer ? [rules.scrutinyOfficer] : []));
  return people;
}

export function inRange(d: Pick<Deputy, 'from' | 'to'>, today: CalendarDate): boolean {
  return compareDates(d.from as CalendarDate, today) <= 0 && compareDates(today, d.to as CalendarDate) <= 0;
}
