import { formatShortDate } from './calendar-date';
import { decider, DISCIPLINES } from './duties';
import type { CommandOf } from './workflow-commands';
import { reasonMissing, refuse, type Decision, type Step, type WorkflowEvent } from './workflow-outcome';
import { STATUS_LABELS } from './workflow-state';

/** Formal comments from finance, HR and legal; the last one in sends the request for decision. */
export function addComment(s: Step, command: CommandOf<'add_comment'>): Decision {
  const missing = reasonMissing(command.text, 'your comment');
  if (missing) return missing;
  const { state, acting } = s;
  if (state.reviews[command.discipline]) return refuse('ALREADY_DONE', `${STATUS_LABELS[state.status]}: the ${command.discipline} comment is already in.`);
  const initials =
    acting.initials ??
    acting.name
      .split(/\s+/)
      .map((w) => w[0])
      .join('')
      .toUpperCase();
  const reviews = { ...state.reviews, [command.discipline]: { ...s.record, text: command.text.trim(), signature: `${initials} ${formatShortDate(s.today)}` } };
  const complete = DISCIPLINES.every((d) => reviews[d]);
  const events: WorkflowEvent[] = [{ type: 'comment_added', discipline: command.discipline }];
  if (complete) events.push({ type: 'decision_requested', to: decider(state)! });
  return s.next(complete ? 'awaiting_decision' : 'in_review', { reviews }, events);
}

/** A reviewer, or the decider, sends it back to the requester with a reason. */
export function returnForChanges(s: Step, command: CommandOf<'return_for_changes'>): Decision {
  const missing = reasonMissing(command.reason, 'the reason for returning it');
  if (missing) return missing;
  return s.next(
    'returned',
    { returned: { ...s.record, reason: command.reason.trim() } },
    [{ type: 'requester_notified', message: `Returned for changes by ${s.acting.name}: ${command.reason.trim()}` }],
    command.reason,
  );
}
