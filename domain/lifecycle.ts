import type { Person } from './person';
import { londonDate } from './calendar-date';
import { formatDay } from './format-date';
import { DISCIPLINES, type Discipline } from './duties';
import { approve, declareInterest, recordCommitteeResolution, reject } from './decision-transitions';
import { reassign } from './reassign-transitions';
import { recordForwardPlanException } from './forward-plan-transitions';
import { NO_INTEREST } from './interest';
import { callIn, endCallInPeriod, publish, referBack, referToCouncil, release } from './call-in-transitions';
import { addComment, returnForChanges } from './review-transitions';
import { resubmit, startReview, submit, withdraw } from './submission-transitions';
import { DONE, TRANSITIONS, type Command, type CommandType, type PersonCommandType, type Rules } from './workflow-commands';
import { refuse, stepFor, type Decision } from './workflow-outcome';
import { mayAct } from './workflow-permissions';
import { STATUS_LABELS, type Status, type WorkflowState } from './workflow-state';

// The lifecycle's whole vocabulary is imported from here; its parts live beside it.
export { decider, DISCIPLINES, isSamePerson, type Discipline } from './duties';
export {
  newWorkflow,
  ApproversSchema,
  DeputySchema,
  PersonSchema,
  STATUS_LABELS,
  STATUSES,
  WorkflowStateSchema,
  type ApproversOnRequest,
  type Deputy,
  type Person,
  type Status,
  type WorkflowState,
} from './workflow-state';
export {
  PERSON_COMMANDS,
  SYSTEM,
  TRANSITIONS,
  type Command,
  type CommandType,
  type NoticeFacts,
  type PersonCommandType,
  type Rules,
} from './workflow-commands';
export type { AuditEntry, Decision, ErrorCode, WorkflowEvent } from './workflow-outcome';

/**
 * The request lifecycle: one pure state machine. Given the state, a command, who is
 * acting and when, it returns the next state, an audit entry and the notifications to
 * send, or a coded refusal. The bot, cards and storage call this; none re-implements it.
 *
 *   draft ─submit→ submitted ─start_review→ in_review ─(3 comments)→ awaiting_decision
 *   awaiting_decision ─approve→ approved ─publish→ published ─end_call_in_period→ implementable
 *                     ─reject→ rejected                      ─call_in (quorum)→ called_in
 *   in_review | awaiting_decision ─return_for_changes→ returned ─resubmit→ submitted
 *   awaiting_decision ─declare_interest→ awaiting_decision (the alternate decides)
 *   a key decision: no approve, reject or committee resolution before its earliest lawful date
 *     (domain/forward-plan.ts); record_forward_plan_exception may bring that date forward
 *   called_in ─release→ implementable · ─refer_back→ awaiting_decision · ─refer_to_council→ referred_to_council
 *   submitted | in_review | awaiting_decision | returned ─withdraw→ withdrawn
 *   submitted | in_review | awaiting_decision ─reassign→ the same status (a review or decision not yet done moves to someone else)
 *
 * Who may act is checked in workflow-permissions.ts; each transition's own rules are in
 * the *-transitions.ts modules.
 */
export function decide(state: WorkflowState, command: Command, actor: Person, now: Date, rules?: Rules): Decision {
  const today = londonDate(now);
  // Who may act: decided before anything about the request is revealed.
  const who = mayAct(state, command, actor, rules, today);
  if ('ok' in who) return who;

  // A second click on a decided request learns who decided, whatever version its card showed.
  if (!TRANSITIONS[command.type].includes(state.status) && DECIDED.has(state.status) && DECISION_COMMANDS.has(command.type) && state.decision) {
    return refuse('ALREADY_DECIDED', `Already ${state.decision.outcome} by ${state.decision.by.name} on ${formatDay(state.decision.at)}.`);
  }
  if ('expectedVersion' in command && command.expectedVersion !== state.version) {
    return refuse('STALE_VERSION', 'The request has changed since this card was shown: here is where it is now.');
  }
  if (!TRANSITIONS[command.type].includes(state.status)) {
    return refuse('INVALID_TRANSITION', `A request that is ${STATUS_LABELS[state.status].toLowerCase()} cannot be ${DONE[command.type]}.`);
  }

  const step = stepFor(state, command, { actor, ...who }, now, today, rules);
  switch (command.type) {
    case 'submit':
      return submit(step, command);
    case 'resubmit':
      return resubmit(step, command);
    case 'start_review':
      return startReview(step);
    case 'withdraw':
      return withdraw(step, command);
    case 'add_comment':
      return addComment(step, command);
    case 'return_for_changes':
      return returnForChanges(step, command);
    case 'approve':
      return approve(step, command);
    case 'reject':
      return reject(step, command);
    case 'record_committee_resolution':
      return recordCommitteeResolution(step, command);
    case 'declare_interest':
      return declareInterest(step, command);
    case 'record_forward_plan_exception':
      return recordForwardPlanException(step, command);
    case 'publish':
      return publish(step);
    case 'call_in':
      return callIn(step, command);
    case 'end_call_in_period':
      return endCallInPeriod(step);
    case 'release':
      return release(step);
    case 'refer_back':
      return referBack(step, command);
    case 'refer_to_council':
      return referToCouncil(step, command);
    case 'reassign':
      return reassign(step, command);
  }
}

const DECIDED: ReadonlySet<Status> = new Set(['approved', 'rejected', 'published', 'called_in', 'implementable', 'referred_to_council']);
const DECISION_COMMANDS: ReadonlySet<CommandType> = new Set([
  'approve',
  'reject',
  'record_committee_resolution',
  'declare_interest',
  'record_forward_plan_exception',
  'return_for_changes',
  'add_comment',
]);

/**
 * What `actor` could do to the request right now, asked of the machine itself (with
 * placeholder text), so cards offer exactly the buttons that would be accepted.
 */
export function availableActions(state: WorkflowState, actor: Person, now: Date, rules?: Rules): Array<{ type: PersonCommandType; discipline?: Discipline }> {
  const v = state.version;
  const text = 'placeholder';
  const tries: Array<{ command: Command; discipline?: Discipline }> = [
    ...DISCIPLINES.map((discipline) => ({ command: { type: 'add_comment', expectedVersion: v, discipline, text } as Command, discipline })),
    { command: { type: 'return_for_changes', expectedVersion: v, reason: text } },
    { command: { type: 'approve', expectedVersion: v, interest: NO_INTEREST } },
    { command: { type: 'reject', expectedVersion: v, reasons: text, interest: NO_INTEREST } },
    { command: { type: 'record_committee_resolution', expectedVersion: v, resolution: 'approve', minute: text, interest: NO_INTEREST } },
    { command: { type: 'declare_interest', expectedVersion: v, nature: text } },
    { command: { type: 'record_forward_plan_exception', expectedVersion: v, route: 'special_urgency', reasons: text, chair: text } },
    { command: { type: 'call_in', expectedVersion: v, grounds: text } },
    { command: { type: 'release', expectedVersion: v } },
    { command: { type: 'refer_back', expectedVersion: v, reason: text } },
    { command: { type: 'refer_to_council', expectedVersion: v, reason: text } },
  ];
  const found: Array<{ type: PersonCommandType; discipline?: Discipline }> = [];
  for (const t of tries) {
    if (decide(state, t.command, actor, now, rules).ok)
      found.push({ type: t.command.type as PersonCommandType, ...(t.discipline ? { discipline: t.discipline } : {}) });
  }
  return found;
}
