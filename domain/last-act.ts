import { formatLongDate } from './calendar-date';
import { DISCIPLINES, isSamePerson, type Discipline } from './duties';
import { formatDateTime } from './format-date';
import type { Person, Rules, WorkflowState } from './lifecycle';
import { possibleReleasers, releasedOn } from './release';

const NAMES: Record<Discipline, string> = { finance: 'Finance', hr: 'HR', legal: 'Legal' };

type Done = { by: Person; onBehalfOf?: Person; at: string };

/**
 * What `viewer` last did on the request, and when, as a sentence for their own card
 * ("You added the Finance comment on 1 April 2027 at 14:05."). A click's answer says it
 * was done, but the bot updates the same card moments later with the new state, so the
 * card itself must say it. Read from the stored state only, never from what a card sent.
 */
export function lastActOf(state: WorkflowState, viewer: Person, rules: Rules): string | undefined {
  // Released before releases were recorded: inferred, and (release ends the request's course) the last thing done.
  const released = state.released ? undefined : releasedOn(state, rules.minimumMembersToCallIn);
  const releasers = released ? possibleReleasers(state, rules, released) : [];
  if (released && releasers.some((p) => isSamePerson(p, viewer))) {
    // Released before releases were recorded: with a deputy in place that day, either could have.
    const others = releasers.filter((p) => !isSamePerson(p, viewer)).map((p) => p.name);
    return `${others.length ? `You or ${others.join(' or ')}` : 'You'} released it from call-in on ${formatLongDate(released)}.`;
  }

  const acts: Array<{ at: string; text: string }> = [];
  const add = (record: Done | undefined, text: string) => {
    if (record && isSamePerson(record.by, viewer))
      acts.push({ at: record.at, text: `${text}${record.onBehalfOf ? ` on behalf of ${record.onBehalfOf.name}` : ''}` });
  };
  for (const round of [...state.earlierReviews, state.reviews]) for (const d of DISCIPLINES) add(round[d], `You added the ${NAMES[d]} comment`);
  add(state.returned, 'You returned it for changes');
  const d = state.decision;
  if (d) add(d, state.approvers?.decision.kind === 'committee' ? `You recorded the committee's resolution: ${d.outcome}` : `You ${d.outcome} it`);
  for (const c of state.callIns) add(c, 'You asked for it to be called in');
  add(state.released, 'You released it from call-in');

  const latest = acts.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0))[0];
  return latest && `${latest.text} on ${formatDateTime(latest.at)}.`;
}
