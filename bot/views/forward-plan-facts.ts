import { formatLongDate, type CalendarDate } from '../../domain/calendar-date';
import { earliestLawfulDate, ROUTE_LABELS, routeOf } from '../../domain/forward-plan';
import type { WorkflowState } from '../../domain/lifecycle';

/**
 * A key decision's forward plan on the request card: when its notice went on the plan, the
 * earliest date it may be decided (the card offers no decision before it) and any exception.
 */
export function forwardPlanFacts(workflow: WorkflowState): Array<{ label: string; value: string }> {
  const plan = workflow.forwardPlan;
  if (!plan) return [];
  const long = (d: string) => formatLongDate(d as CalendarDate);
  const facts = [
    { label: 'Forward plan notice', value: `Published ${long(plan.notice.publishedOn)} by ${plan.notice.by.name}` },
    { label: 'Earliest decision date', value: long(earliestLawfulDate(plan)) },
    { label: 'Forward plan route', value: ROUTE_LABELS[routeOf(plan)] },
  ];
  const e = plan.exception;
  if (e) facts.push({ label: 'Exception recorded', value: `by ${e.by.name} on ${long(e.recordedOn)} (chair: ${e.chair}): ${e.reasons}` });
  return facts;
}
