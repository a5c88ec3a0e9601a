import { DISCIPLINES } from './duties';
import type { CommandOf } from './workflow-commands';
import type { Decision, Step } from './workflow-outcome';
import { noticeOnSubmission } from './forward-plan-transitions';

// The requester's transitions (submit, resubmit, withdraw) and the start of review.

export function submit(s: Step, command: CommandOf<'submit'>): Decision {
  // A part routed past its usual holder (they raised it, or hold another part) is on the record.
  const rerouted = (command.approvers.reroutes ?? [])
    .map((r) => `${r.part}: not ${r.instead.name}, as ${r.reason.replace(`${r.instead.name} `, '')}`)
    .join('; ');
  return s.next(
    'submitted',
    {
      approvers: command.approvers,
      openToCallIn: command.openToCallIn,
      submittedAt: s.at,
      // A key decision goes on the forward plan as it is submitted: its 28 clear days start today.
      ...(command.notice ? { forwardPlan: noticeOnSubmission(s, command.notice) } : {}),
    },
    [
      { type: 'request_submitted' },
      ...(command.notice
        ? [{ type: 'notice_published' as const, ...(command.approvers.democraticServices ? { to: command.approvers.democraticServices } : {}) }]
        : []),
    ],
    rerouted ? `Rerouted (${rerouted})` : undefined,
  );
}

/**
 * The earlier round's comments are kept; the new round starts with none. A request that
 * became a key decision on revision goes on the forward plan now; one already there keeps
 * its notice (its 28 clear days run from when it was first given).
 */
export function resubmit(s: Step, command: CommandOf<'resubmit'>): Decision {
  const approvers = s.state.approvers;
  const newNotice = command.notice && !s.state.forwardPlan;
  const keyDecision = newNotice
    ? {
        forwardPlan: noticeOnSubmission(s, command.notice!),
        ...(approvers && command.democraticServices ? { approvers: { ...approvers, democraticServices: command.democraticServices } } : {}),
      }
    : {};
  return s.next('submitted', { reviews: {}, earlierReviews: [...s.state.earlierReviews, s.state.reviews], submittedAt: s.at, ...keyDecision }, [
    { type: 'request_submitted' },
    ...(newNotice ? [{ type: 'notice_published' as const, ...(command.democraticServices ? { to: command.democraticServices } : {}) }] : []),
  ]);
}

export function startReview(s: Step): Decision {
  return s.next('in_review', {}, [{ type: 'review_requested', to: DISCIPLINES.map((d) => s.state.approvers![d]) }]);
}

export function withdraw(s: Step, command: CommandOf<'withdraw'>): Decision {
  return s.next(
    'withdrawn',
    { withdrawnAt: s.at, ...(command.reason ? { withdrawnReason: command.reason } : {}) },
    [{ type: 'request_withdrawn' }],
    command.reason,
  );
}
