import { compareDates, type CalendarDate } from './calendar-date';
import { capacitiesOf, CAPACITY_LABELS, decider, DISCIPLINES, isSamePerson, type Capacity } from './duties';
import { REQUESTER_COMMANDS, SYSTEM, SYSTEM_COMMANDS, type Command, type CommandType, type Rules } from './workflow-commands';
import { refuse, type Refusal } from './workflow-outcome';
import type { Person, WorkflowState } from './workflow-state';

/** Who is recorded as acting on an accepted command, and for whom if they deputise. */
export interface Acting {
  acting: Person;
  onBehalfOf?: Person;
}

/**
 * Whether `actor` may give `command` on this request, and as whom. Asked before anything
 * about the request's progress is revealed, so a stranger learns nothing from the refusal.
 */
export function mayAct(state: WorkflowState, command: Command, actor: Person, rules: Rules | undefined, today: CalendarDate): Refusal | Acting {
  const self = person(actor);
  if (SYSTEM_COMMANDS.has(command.type)) {
    return isSamePerson(actor, SYSTEM) ? { acting: self } : refuse('NOT_ALLOWED', 'Only the bot itself does that.');
  }
  if (REQUESTER_COMMANDS.has(command.type)) {
    return isSamePerson(actor, state.requester) ? { acting: self } : refuse('NOT_ALLOWED', `Only the requester, ${state.requester.name}, can do that.`);
  }
  if (isSamePerson(actor, state.requester)) return refuse('SELF_APPROVAL', 'You raised this request, so you cannot review or decide it.');
  // An administrative act, not a part in the request: the new holder's duties are checked by the transition.
  if (command.type === 'reassign')
    return (rules?.administrators ?? []).some((a) => isSamePerson(a, actor))
      ? { acting: self }
      : refuse('NOT_ALLOWED', "Only your council's administrators can reassign a review or decision.");
  const allowed = entitled(state, command, rules);
  const found = rules ? actingAs(actor, allowed, rules, today) : allowed.some((p) => isSamePerson(p, actor)) ? { as: self } : undefined;
  if (!found) return refuse('NOT_ALLOWED', 'You are not one of the people who can do that on this request.');
  // Separation of duties: whoever acts (themselves or as a deputy) holds no other part in this request.
  const principal = found.onBehalfOf ?? found.as;
  const part = capacityOf(command.type, state, principal);
  const other = [...capacitiesOf(state, actor, rules)].find((c) => c !== part && !clerkAndRecorder(state, c, part));
  if (other) return refuse('CONFLICT_OF_ROLES', `You are ${CAPACITY_LABELS[other]} on this request, so you cannot also act as ${CAPACITY_LABELS[part]}.`);
  return { acting: { ...self, ...(found.as.initials ? { initials: found.as.initials } : {}) }, ...(found.onBehalfOf ? { onBehalfOf: found.onBehalfOf } : {}) };
}

const person = (p: Person): Person => ({ tenantId: p.tenantId, aadObjectId: p.aadObjectId, name: p.name });

/** The people entitled to give a person command on this request (deputies aside). */
function entitled(state: WorkflowState, command: Command, rules: Rules | undefined): Person[] {
  const approvers = state.approvers;
  if (command.type === 'add_comment') return approvers ? [approvers[command.discipline]] : [];
  if (command.type === 'return_for_changes') {
    const theDecider = decider(state);
    return state.status === 'in_review' ? (approvers ? DISCIPLINES.map((d) => approvers[d]) : []) : theDecider ? [theDecider] : [];
  }
  if (command.type === 'approve' || command.type === 'reject') return approvers?.decision.kind === 'director' ? [approvers.decision.person] : [];
  if (command.type === 'record_committee_resolution') return approvers?.decision.kind === 'committee' ? [approvers.decision.recordedBy] : [];
  if (command.type === 'declare_interest') return approvers ? [decider(state)!] : [];
  if (command.type === 'record_forward_plan_exception') return approvers?.democraticServices ? [approvers.democraticServices] : [];
  if (command.type === 'call_in') return [...(rules?.scrutinyMembers ?? [])];
  return rules?.scrutinyOfficer ? [rules.scrutinyOfficer] : [];
}

/** The person `actor` may act as among `people` today: themselves, or as a deputy in range. */
function actingAs(actor: Person, people: readonly Person[], rules: Rules, today: CalendarDate): { as: Person; onBehalfOf?: Person } | undefined {
  const self = people.find((p) => isSamePerson(p, actor));
  if (self) return { as: self };
  for (const d of rules.deputies) {
    const inRange = compareDates(d.from as CalendarDate, today) <= 0 && compareDates(today, d.to as CalendarDate) <= 0;
    if (inRange && isSamePerson(d.deputy, actor)) {
      const principal = people.find((p) => isSamePerson(p, d.for));
      if (principal) return { as: d.deputy, onBehalfOf: principal };
    }
  }
  return undefined;
}

/** The part a person command is given in; `principal` is whoever holds it (a deputy acts for them). */
function capacityOf(type: CommandType, state: WorkflowState, principal: Person): Capacity {
  if (type === 'add_comment' || (type === 'return_for_changes' && state.status === 'in_review')) {
    return DISCIPLINES.find((d) => state.approvers && isSamePerson(state.approvers[d], principal)) ?? 'finance';
  }
  if (type === 'call_in') return 'scrutiny_member';
  if (type === 'record_forward_plan_exception') return 'democratic_services';
  if (type === 'release' || type === 'refer_back' || type === 'refer_to_council') return 'scrutiny_officer';
  return 'decider';
}

/**
 * Democratic services both keep the forward plan and record a committee's resolution: two
 * clerical parts of one office, not two parts in the decision. A director is never both.
 */
function clerkAndRecorder(state: WorkflowState, a: Capacity, b: Capacity): boolean {
  const pair = new Set([a, b]);
  return state.approvers?.decision.kind === 'committee' && pair.has('decider') && pair.has('democratic_services');
}
