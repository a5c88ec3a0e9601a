import { earliestLawfulDate, routeOf, type ForwardPlanRoute } from './forward-plan';
import type { Status, WorkflowState } from './lifecycle';
import type { RequestContent } from './request';

/**
 * One key decision on the council's forward plan as anyone in the council may see it (the
 * `forward plan` command, the weekly digest): the notice's public facts, where it stands,
 * and nothing typed into the request beyond its public title.
 */
export interface ForwardPlanEntry {
  reference: string;
  /** The matter as published (an exempt request's says only that it contains exempt information). */
  matter: string;
  decisionMaker: string;
  noticeOn: string;
  earliest: string;
  route: ForwardPlanRoute;
  status: Status;
}

export const EXEMPT_MATTER = 'Establishment change (contains exempt information)';

/** Still to be decided: what the forward plan lists as forthcoming. */
const FORTHCOMING: ReadonlySet<Status> = new Set(['submitted', 'in_review', 'awaiting_decision', 'returned']);

export function isForthcoming(entry: Pick<ForwardPlanEntry, 'status'>): boolean {
  return FORTHCOMING.has(entry.status);
}

/** The request's entry, or undefined when it is not a key decision on the forward plan. */
export function forwardPlanEntry(reference: string, content: RequestContent, workflow: WorkflowState): ForwardPlanEntry | undefined {
  const plan = workflow.forwardPlan;
  if (!plan) return undefined;
  return {
    reference,
    matter: (content.decisionFacts.exempt ? EXEMPT_MATTER : plan.notice.matter).slice(0, 200),
    decisionMaker: plan.notice.decisionMaker.slice(0, 200),
    noticeOn: plan.notice.publishedOn,
    earliest: earliestLawfulDate(plan),
    route: routeOf(plan),
    status: workflow.status,
  };
}
