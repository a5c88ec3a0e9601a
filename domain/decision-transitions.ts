import type { CommandOf } from './workflow-commands';
import { reasonMissing, type Decision, type Step } from './workflow-outcome';

// The decision: the director's approval or rejection, or the committee's resolution as recorded.

export function approve(s: Step, command: CommandOf<'approve'>): Decision {
  return s.next('approved', { decision: { ...s.record, outcome: 'approved', ...(command.reasons ? { reasons: command.reasons } : {}) } }, [
    { type: 'decision_recorded', outcome: 'approved' },
    { type: 'publish_requested' },
  ]);
}

export function reject(s: Step, command: CommandOf<'reject'>): Decision {
  const missing = reasonMissing(command.reasons, 'the reasons for rejecting it');
  if (missing) return missing;
  return s.next('rejected', { decision: { ...s.record, outcome: 'rejected', reasons: command.reasons.trim() } }, [
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
  const outcome = command.resolution === 'approve' ? 'approved' : 'rejected';
  return s.next(outcome, { decision: { ...s.record, outcome, reasons: command.minute.trim() } }, [
    { type: 'decision_recorded', outcome },
    ...(outcome === 'approved' ? [{ type: 'publish_requested' } as const] : []),
  ]);
}
