import type { Person, Rules, WorkflowState } from './lifecycle';

/**
 * Who holds which part in one request. Kept apart from the lifecycle so that both it and
 * the access policy can ask without importing each other.
 */
export const DISCIPLINES = ['finance', 'hr', 'legal'] as const;
export type Discipline = (typeof DISCIPLINES)[number];

export function isSamePerson(a: { tenantId: string; aadObjectId: string }, b: { tenantId: string; aadObjectId: string }): boolean {
  return a.tenantId.toLowerCase() === b.tenantId.toLowerCase() && a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase();
}

/** Who records the decision: the director, or the officer who records the committee's resolution. */
export function decider(state: Pick<WorkflowState, 'approvers'>): Person | undefined {
  const d = state.approvers?.decision;
  return d ? (d.kind === 'director' ? d.person : d.recordedBy) : undefined;
}

/** The capacities in which a person can act on one request. */
export type Capacity = 'requester' | Discipline | 'decider' | 'democratic_services' | 'scrutiny_member' | 'scrutiny_officer';

export const CAPACITY_LABELS: Record<Capacity, string> = {
  requester: 'the requester',
  finance: 'the finance reviewer',
  hr: 'the HR reviewer',
  legal: 'the legal reviewer',
  decider: 'the decision maker',
  democratic_services: 'democratic services (the forward plan)',
  scrutiny_member: 'a scrutiny member',
  scrutiny_officer: 'the scrutiny officer',
};

/**
 * Every capacity `person` holds on the request, by appointment (fixed at submission, or
 * scrutiny by configuration) or by what they have already done on it (a comment, the
 * decision or a call-in made as someone's deputy). Separation of duties: a person acts in
 * one of these at most.
 */
export function capacitiesOf(state: WorkflowState, person: Person, rules: Rules | undefined): Set<Capacity> {
  const held = new Set<Capacity>();
  const is = (p: Person | undefined) => !!p && isSamePerson(p, person);
  if (is(state.requester)) held.add('requester');
  for (const d of DISCIPLINES) if (is(state.approvers?.[d]) || is(state.reviews[d]?.by)) held.add(d);
  if (is(decider(state)) || is(state.decision?.by)) held.add('decider');
  if (is(state.approvers?.democraticServices) || is(state.forwardPlan?.exception?.by)) held.add('democratic_services');
  if (rules?.scrutinyMembers.some(is) || state.callIns.some((c) => is(c.by))) held.add('scrutiny_member');
  if (is(rules?.scrutinyOfficer)) held.add('scrutiny_officer');
  return held;
}
