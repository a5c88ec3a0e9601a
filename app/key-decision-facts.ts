import { isSamePerson, newWorkflow, type ApproversOnRequest, type NoticeFacts, type Person } from '../domain/lifecycle';
import type { RequestCosts } from '../domain/costs';
import { publicDecisionSummary } from '../domain/public-summary';
import { EXEMPT_MATTER } from '../domain/forward-plan-listing';
import type { RequestContent } from '../domain/request';
import { routeRequest, type RoutedPerson, type RoutingConfig } from '../domain/routing';

type Routed = { directorate: string; totalAnnualCostPence: number; keyDecision: boolean };

/** What a resubmission adds when the request became a key decision on revision: its notice and democratic services. */
export function revisionFacts(
  routing: RoutingConfig,
  directorate: string,
  approvers: ApproversOnRequest,
  requester: Person,
  content: RequestContent,
  costs: RequestCosts,
): { notice?: NoticeFacts; democraticServices?: Person } {
  const facts = keyDecisionFacts(routing, { directorate, totalAnnualCostPence: costs.totalPence, keyDecision: true }, approvers, requester, content, costs);
  return {
    ...(facts.notice ? { notice: facts.notice } : {}),
    ...(facts.approvers.democraticServices ? { democraticServices: facts.approvers.democraticServices } : {}),
  };
}

/**
 * What a submission adds for the forward plan and for declarations of interest: who takes
 * the decision if its maker declares a prejudicial interest (the route's alternate), and,
 * for a key decision, democratic services for the directorate and the notice the bot
 * publishes on the forward plan (public facts only: the public summary's title, decision
 * maker and non-exempt document titles).
 */
export function keyDecisionFacts(
  routing: RoutingConfig,
  request: Routed,
  approvers: ApproversOnRequest,
  requester: Person,
  content: RequestContent,
  costs: RequestCosts,
): { approvers: ApproversOnRequest; notice?: NoticeFacts } {
  const person = (p: RoutedPerson): Person => ({
    tenantId: p.tenantId ?? requester.tenantId,
    aadObjectId: p.aadObjectId,
    name: p.name,
    ...(p.initials ? { initials: p.initials } : {}),
  });
  const taken = [requester, approvers.finance, approvers.hr, approvers.legal, deciderOf(approvers)];
  const free = (p: Person | undefined) => (p && !taken.some((t) => isSamePerson(t, p)) ? p : undefined);
  // Who would decide had the decision maker raised it: the route's alternate, free of every other part.
  const asIfDecider = routeRequest(routing, request, deciderOf(approvers));
  const alternate = asIfDecider.ok ? free(person(decisionPerson(asIfDecider.approvers.decision))) : undefined;
  const withAlternate = { ...approvers, ...(alternate ? { alternateDecision: alternate } : {}) };
  if (!request.keyDecision) return { approvers: withAlternate };

  // Democratic services for the directorate, as routing names them to record a committee's resolution.
  const committee = routeRequest(routing, { ...request, keyDecision: true }, requester);
  const clerk = committee.ok && committee.approvers.decision.kind === 'committee' ? person(committee.approvers.decision.recordedBy) : undefined;
  const summary = publicDecisionSummary({ reference: 'notice', content, workflow: { ...newWorkflow(requester), approvers }, costs });
  return {
    approvers: { ...withAlternate, ...(clerk ? { democraticServices: clerk } : {}) },
    // An exempt request's matter is withheld wherever the notice goes (the forward plan, the channel).
    notice: {
      matter: content.decisionFacts.exempt ? EXEMPT_MATTER : summary.title,
      decisionMaker: summary.decisionMaker ?? 'Decision maker',
      documents: summary.documents,
    },
  };
}

function deciderOf(approvers: ApproversOnRequest): Person {
  return decisionPerson(approvers.decision);
}

function decisionPerson<P>(decision: { kind: 'director'; person: P } | { kind: 'committee'; recordedBy: P }): P {
  return decision.kind === 'director' ? decision.person : decision.recordedBy;
}
