import { DISCIPLINES, isSamePerson } from './duties';
import type { CommandOf } from './workflow-commands';
import { reasonMissing, refuse, type Decision, type Step, type WorkflowEvent } from './workflow-outcome';
import type { Person } from './workflow-state';

const PART_NAMES = { finance: 'finance review', hr: 'HR review', legal: 'legal review', decision: 'decision' } as const;

/**
 * An administrator moves a review or the decision, not yet done, to someone else (the
 * holder has left, or is off long term): audited with the reason, the new holder gets the
 * card, the requester and the previous holder are told. Separation of duties holds: the
 * new holder is neither the requester nor holds another part in the request.
 */
export function reassign(s: Step, command: CommandOf<'reassign'>): Decision {
  const missing = reasonMissing(command.reason, 'the reason for reassigning it');
  if (missing) return missing;
  const { state } = s;
  const approvers = state.approvers!;
  const to: Person = { tenantId: command.to.tenantId, aadObjectId: command.to.aadObjectId, name: command.to.name };
  const d = approvers.decision;
  const decider = d.kind === 'director' ? d.person : d.recordedBy;
  const part = command.part;
  if (part !== 'decision' && state.reviews[part]) return refuse('ALREADY_DONE', `The ${PART_NAMES[part]} is already in, so there is nothing to reassign.`);
  const previous = part === 'decision' ? decider : approvers[part];
  if (isSamePerson(previous, to)) return refuse('ALREADY_DONE', `${to.name} already holds the ${PART_NAMES[part]}.`);
  if (isSamePerson(state.requester, to)) return refuse('CONFLICT_OF_ROLES', `${to.name} raised this request, so cannot review or decide it.`);
  const others: Person[] = [...DISCIPLINES.filter((x) => x !== part).map((x) => approvers[x]), ...(part === 'decision' ? [] : [decider])];
  if (approvers.democraticServices && part !== 'decision') others.push(approvers.democraticServices);
  if (others.some((p) => isSamePerson(p, to)))
    return refuse('CONFLICT_OF_ROLES', `${to.name} already holds another part in this request: choose someone else.`);
  const reason = command.reason.trim();
  const next =
    part === 'decision' ? { ...approvers, decision: d.kind === 'director' ? { ...d, person: to } : { ...d, recordedBy: to } } : { ...approvers, [part]: to };
  const reroutes = [...(approvers.reroutes ?? []), { part, instead: previous, reason: `Reassigned by ${s.acting.name}: ${reason}` }];
  const events: WorkflowEvent[] = [];
  if (part !== 'decision' && state.status === 'in_review') events.push({ type: 'review_requested', to: [to] });
  if (part === 'decision' && state.status === 'awaiting_decision') events.push({ type: 'decision_requested', to });
  events.push({ type: 'requester_notified', message: `The ${PART_NAMES[part]} has moved from ${previous.name} to ${to.name} (${s.acting.name}: ${reason}).` });
  return s.next(
    state.status,
    { approvers: { ...next, reroutes } },
    events,
    `Reassigned the ${PART_NAMES[part]} from ${previous.name} to ${to.name}: ${reason}`,
  );
}
