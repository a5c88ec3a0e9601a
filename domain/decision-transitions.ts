import { formatLongDate } from './calendar-date';
import { earliestLawfulDate, mayDecideOn } from './forward-plan';
import { barsDecision, type Interest } from './interest';
import type { CommandOf } from './workflow-commands';
import { reasonMissing, refuse, type Decision, type Refusal, type Step } from './workflow-outcome';

// The decision: the director's approval or rejection, or the committee's resolution as recorded.

/**
 * Whether the decision may be taken now, by this decision maker: a key decision not before
 * its earliest lawful date (the forward plan), and never without a declaration of interests
 * or by someone whose prejudicial interest has no dispensation.
 */
function mayTake(s: Step, interest: Interest | undefined): Refusal | undefined {
  const plan = s.state.forwardPlan;
  if (plan && !mayDecideOn(plan, s.today)) {
    return refuse(
      'NOTICE_PERIOD',
      `This is a key decision: it cannot be taken before ${formatLongDate(earliestLawfulDate(plan))}, 28 clear days after its notice on the forward plan on ${formatLongDate(plan.notice.publishedOn)}, unless democratic services record a general exception or special urgency.`,
    );
  }
  if (!interest) return refuse('INTEREST_REQUIRED', 'Please declare any interest you have in this matter, or that you have none.');
  if (interest.kind === 'declared' && !interest.nature.trim()) return refuse('REASON_REQUIRED', 'Please say what your interest is.');
  if (barsDecision(interest))
    return refuse(
      'PREJUDICIAL_INTEREST',
      'You declared a prejudicial interest with no dispensation, so you cannot take this decision: it passes to the alternate decision maker.',
    );
  return undefined;
}

export function approve(s: Step, command: CommandOf<'approve'>): Decision {
  const barred = mayTake(s, command.interest);
  if (barred) return barred;
  return s.next(
    'approved',
    { decision: { ...s.record, outcome: 'approved', ...(command.reasons ? { reasons: command.reasons } : {}), interest: command.interest } },
    [{ type: 'decision_recorded', outcome: 'approved' }, { type: 'publish_requested' }],
  );
}

export function reject(s: Step, command: CommandOf<'reject'>): Decision {
  const missing = reasonMissing(command.reasons, 'the reasons for rejecting it');
  if (missing) return missing;
  const barred = mayTake(s, command.interest);
  if (barred) return barred;
  return s.next('rejected', { decision: { ...s.record, outcome: 'rejected', reasons: command.reasons.trim(), interest: command.interest } }, [
    { type: 'decision_recorded', outcome: 'rejected' },
    { type: 'requester_notified', message: `Rejected by ${s.acting.name}: ${command.reasons.trim()}` },
  ]);
}

export function recordCommitteeResolution(s: Step, command: CommandOf<'record_committee_resolution'>): Decision {
  const missing = reasonMissing(command.minute, "the committee's minute");
  if (missing) return missing;
  if (command.resolution === 'return')
    return s.next(
      'returned',
      { returned: { ...s.record, reason: command.minute.trim() } },
      [{ type: 'requester_notified', message: `Returned by committee: ${command.minute.trim()}` }],
      command.minute,
    );
  const barred = mayTake(s, command.interest);
  if (barred) return barred;
  const outcome = command.resolution === 'approve' ? 'approved' : 'rejected';
  return s.next(outcome, { decision: { ...s.record, outcome, reasons: command.minute.trim(), interest: command.interest } }, [
    { type: 'decision_recorded', outcome },
    ...(outcome === 'approved' ? [{ type: 'publish_requested' } as const] : []),
  ]);
}

/**
 * The decision maker declares a prejudicial interest and stands aside: the decision passes
 * to the alternate routing named at submission, who gets the decision card.
 */
export function declareInterest(s: Step, command: CommandOf<'declare_interest'>): Decision {
  const missing = reasonMissing(command.nature, 'the nature of your interest');
  if (missing) return missing;
  const approvers = s.state.approvers!;
  const alternate = approvers.alternateDecision;
  if (!alternate)
    return refuse('NO_ALTERNATE', 'No alternate decision maker is named for this request: please ask democratic services to arrange who decides instead.');
  const d = approvers.decision;
  const previous = d.kind === 'director' ? d.person : d.recordedBy;
  const nature = command.nature.trim();
  const { alternateDecision: _used, ...rest } = approvers;
  const next = {
    ...rest,
    decision: d.kind === 'director' ? { ...d, person: alternate } : { ...d, recordedBy: alternate },
    reroutes: [...(approvers.reroutes ?? []), { part: 'decision' as const, instead: previous, reason: `${previous.name} declared a prejudicial interest` }],
  };
  return s.next(
    'awaiting_decision',
    { approvers: next, stoodAside: [...s.state.stoodAside, { ...s.record, nature }] },
    [
      { type: 'decision_requested', to: alternate },
      { type: 'requester_notified', message: `${previous.name} declared a prejudicial interest, so ${alternate.name} will take the decision instead.` },
    ],
    `Prejudicial interest: ${nature}`,
  );
}
