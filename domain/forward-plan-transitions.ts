import { formatLongDate } from './calendar-date';
import { earliestDecisionDate, earliestLawfulDate, mayRecordException, ROUTE_LABELS, type ForwardPlan } from './forward-plan';
import { SYSTEM, type CommandOf } from './workflow-commands';
import { reasonMissing, refuse, type Decision, type Step } from './workflow-outcome';

// The forward plan's part of the lifecycle: the notice given on submission, and the exceptions democratic services record.

/** A key decision's notice, published by the bot on the forward plan the day it is submitted. */
export function noticeOnSubmission(s: Step, facts: NonNullable<CommandOf<'submit'>['notice']>): ForwardPlan {
  return {
    notice: {
      by: SYSTEM,
      at: s.at,
      publishedOn: s.today,
      matter: facts.matter,
      decisionMaker: facts.decisionMaker,
      expectedDate: earliestDecisionDate(s.today, 'standard'),
      documents: facts.documents,
    },
  };
}

/** Democratic services record a general exception (reg. 10) or special urgency (reg. 11), with reasons. */
export function recordForwardPlanException(s: Step, command: CommandOf<'record_forward_plan_exception'>): Decision {
  const plan = s.state.forwardPlan;
  if (!plan) return refuse('INVALID_TRANSITION', 'This is not a key decision on the forward plan, so it needs no exception.');
  const missing =
    reasonMissing(command.reasons, 'the reasons the 28 days’ notice cannot be given') ?? reasonMissing(command.chair, 'the name of the scrutiny chair');
  if (missing) return missing;
  if (!mayRecordException(plan, command.route)) return refuse('ALREADY_DONE', `${ROUTE_LABELS[plan.exception!.route]} is already recorded.`);
  const next: ForwardPlan = {
    ...plan,
    exception: { ...s.record, route: command.route, reasons: command.reasons.trim(), chair: command.chair.trim(), recordedOn: s.today },
  };
  const from = formatLongDate(earliestLawfulDate(next));
  return s.next(
    s.state.status,
    { forwardPlan: next },
    [{ type: 'requester_notified', message: `${ROUTE_LABELS[command.route]} was recorded by ${s.acting.name}: it can be decided from ${from}.` }],
    `${ROUTE_LABELS[command.route]} (chair: ${command.chair.trim()}): ${command.reasons.trim()}`,
  );
}
