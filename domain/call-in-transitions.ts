import { addDays, compareDates, formatLongDate, type CalendarDate } from './calendar-date';
import { callInWindow } from './call-in';
import { decider, isSamePerson } from './duties';
import type { CommandOf } from './workflow-commands';
import { reasonMissing, refuse, type Decision, type Step } from './workflow-outcome';

// Publication and the call-in period: scrutiny members call in, the scrutiny officer resolves it.

export function publish(s: Step): Decision {
  const { today, rules } = s;
  if (!s.state.openToCallIn)
    return s.next('implementable', { publication: { publishedOn: today, implementableFrom: today } }, [
      { type: 'decision_published' },
      { type: 'decision_implementable' },
    ]);
  const window = callInWindow(today, rules!.calendar, rules!.callInWorkingDays);
  return s.next('published', { publication: { publishedOn: today, deadline: window.deadline, implementableFrom: window.implementableFrom } }, [
    { type: 'decision_published' },
  ]);
}

export function callIn(s: Step, command: CommandOf<'call_in'>): Decision {
  const missing = reasonMissing(command.grounds, 'the grounds for the call-in');
  if (missing) return missing;
  const { state } = s;
  if (compareDates(s.today, state.publication!.deadline as CalendarDate) > 0)
    return refuse('TOO_LATE', `The call-in period ended on ${formatLongDate(state.publication!.deadline as CalendarDate)}.`);
  // One call-in per member, however it is made: a deputy's counts for the member they cover, and neither may add another.
  const member = s.onBehalfOf ?? s.acting;
  if (state.callIns.some((c) => isSamePerson(c.by, s.actor) || isSamePerson(c.onBehalfOf ?? c.by, member)))
    return refuse('ALREADY_DONE', 'This decision has already been called in by you, or for the member you are covering.');
  const callIns = [...state.callIns, { ...s.record, grounds: command.grounds.trim() }];
  const needed = s.rules!.minimumMembersToCallIn;
  const members = new Set(callIns.map((c) => (c.onBehalfOf ?? c.by).aadObjectId.toLowerCase())).size;
  if (members < needed) return s.next('published', { callIns }, [{ type: 'call_in_recorded', count: members, needed }], command.grounds);
  return s.next('called_in', { callIns }, [{ type: 'call_in_recorded', count: members, needed }, { type: 'decision_called_in' }], command.grounds);
}

export function endCallInPeriod(s: Step): Decision {
  const deadline = s.state.publication!.deadline as CalendarDate;
  if (compareDates(s.today, addDays(deadline, 1)) < 0) return refuse('TOO_EARLY', `The call-in period runs until the end of ${formatLongDate(deadline)}.`);
  return s.next('implementable', {}, [{ type: 'decision_implementable' }]);
}

/** Released by scrutiny: it can be implemented from today, whatever the period said. */
export function release(s: Step): Decision {
  return s.next('implementable', { publication: { ...s.state.publication!, implementableFrom: s.today }, released: s.record }, [
    { type: 'decision_implementable' },
  ]);
}

export function referBack(s: Step, command: CommandOf<'refer_back'>): Decision {
  const missing = reasonMissing(command.reason, 'the reason for referring it back');
  if (missing) return missing;
  // Decided again and published again, it has a new call-in period: members may call it in afresh.
  return s.next(
    'awaiting_decision',
    { decision: undefined, callIns: [], released: undefined },
    [{ type: 'decision_requested', to: decider(s.state)! }],
    command.reason,
  );
}

export function referToCouncil(s: Step, command: CommandOf<'refer_to_council'>): Decision {
  const missing = reasonMissing(command.reason, 'the reason for referring it to full Council');
  if (missing) return missing;
  return s.next('referred_to_council', {}, [{ type: 'referred_to_council' }], command.reason);
}
