import { z } from 'zod';
import { addDays, compareDates, formatShortDate, londonDate, type CalendarDate } from './calendar-date';
import { callInWindow } from './call-in';
import type { WorkingCalendar } from './working-days';
import { capacitiesOf, CAPACITY_LABELS, decider, DISCIPLINES, isSamePerson, type Capacity, type Discipline } from './duties';

export { decider, DISCIPLINES, isSamePerson, type Discipline } from './duties';

/**
 * The request lifecycle: one pure state machine. Given the state, a command, who is
 * acting and when, it returns the next state, an audit entry and the notifications to
 * send, or a coded refusal. The bot, cards and storage call this; none re-implements it.
 *
 *   draft ─submit→ submitted ─start_review→ in_review ─(3 comments)→ awaiting_decision
 *   awaiting_decision ─approve→ approved ─publish→ published ─end_call_in_period→ implementable
 *                     ─reject→ rejected                      ─call_in (quorum)→ called_in
 *   in_review | awaiting_decision ─return_for_changes→ returned ─resubmit→ submitted
 *   called_in ─release→ implementable · ─refer_back→ awaiting_decision · ─refer_to_council→ referred_to_council
 *   submitted | in_review | awaiting_decision | returned ─withdraw→ withdrawn
 */
export const STATUSES = [
  'draft', 'submitted', 'in_review', 'awaiting_decision', 'approved', 'rejected', 'returned', 'withdrawn',
  'published', 'called_in', 'implementable', 'referred_to_council',
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  awaiting_decision: 'Awaiting decision',
  approved: 'Approved',
  rejected: 'Rejected',
  returned: 'Returned for changes',
  withdrawn: 'Withdrawn',
  published: 'Published: call-in period',
  called_in: 'Called in',
  implementable: 'Can be implemented',
  referred_to_council: 'Referred to full Council',
};

export const PersonSchema = z.object({ tenantId: z.string(), aadObjectId: z.string(), name: z.string().max(200), initials: z.string().max(6).optional() });
export type Person = z.infer<typeof PersonSchema>;

const ActionRecord = z.object({ by: PersonSchema, onBehalfOf: PersonSchema.optional(), at: z.string() });
const ReviewSchema = ActionRecord.extend({ text: z.string().max(4000), signature: z.string() });

export const ApproversSchema = z.object({
  finance: PersonSchema,
  hr: PersonSchema,
  legal: PersonSchema,
  decision: z.union([
    z.object({ kind: z.literal('director'), person: PersonSchema }),
    z.object({ kind: z.literal('committee'), name: z.string(), recordedBy: PersonSchema }),
  ]),
  /** Where routing put someone else in a part because its usual holder was conflicted (domain/routing.ts). */
  reroutes: z.array(z.object({ part: z.enum(['finance', 'hr', 'legal', 'decision']), instead: PersonSchema, reason: z.string().max(200) })).optional(),
});
export type ApproversOnRequest = z.infer<typeof ApproversSchema>;

export const DeputySchema = z.object({ for: PersonSchema, deputy: PersonSchema, from: z.string(), to: z.string() });
export type Deputy = z.infer<typeof DeputySchema>;

export const WorkflowStateSchema = z.object({
  status: z.enum(STATUSES),
  version: z.number().int().min(1),
  requester: PersonSchema,
  openToCallIn: z.boolean().default(true),
  approvers: ApproversSchema.optional(),
  reviews: z.partialRecord(z.enum(DISCIPLINES), ReviewSchema).default({}),
  earlierReviews: z.array(z.partialRecord(z.enum(DISCIPLINES), ReviewSchema)).default([]),
  decision: ActionRecord.extend({ outcome: z.enum(['approved', 'rejected']), reasons: z.string().max(4000).optional() }).optional(),
  returned: ActionRecord.extend({ reason: z.string().max(4000) }).optional(),
  publication: z.object({ publishedOn: z.string(), deadline: z.string().optional(), implementableFrom: z.string() }).optional(),
  callIns: z.array(ActionRecord.extend({ grounds: z.string().max(4000) })).default([]),
  submittedAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
  withdrawnReason: z.string().max(2000).optional(),
});
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;

export type Command =
  | { type: 'submit'; approvers: ApproversOnRequest; openToCallIn: boolean }
  | { type: 'start_review' }
  | { type: 'withdraw'; expectedVersion: number; reason?: string }
  | { type: 'add_comment'; expectedVersion: number; discipline: Discipline; text: string }
  | { type: 'return_for_changes'; expectedVersion: number; reason: string }
  | { type: 'resubmit'; expectedVersion: number }
  | { type: 'approve'; expectedVersion: number; reasons?: string }
  | { type: 'reject'; expectedVersion: number; reasons: string }
  | { type: 'record_committee_resolution'; expectedVersion: number; resolution: 'approve' | 'reject' | 'return'; minute: string }
  | { type: 'publish' }
  | { type: 'call_in'; expectedVersion: number; grounds: string }
  | { type: 'end_call_in_period' }
  | { type: 'release'; expectedVersion: number }
  | { type: 'refer_back'; expectedVersion: number; reason: string }
  | { type: 'refer_to_council'; expectedVersion: number; reason: string };
export type CommandType = Command['type'];

export interface Actor {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

/** Who the system itself is, for scheduled and automatic commands. */
export const SYSTEM: Actor = { tenantId: 'system', aadObjectId: 'system', name: 'Establishment Changes' };

export interface Rules {
  calendar: WorkingCalendar;
  callInWorkingDays: number;
  minimumMembersToCallIn: number;
  scrutinyMembers: readonly Person[];
  scrutinyOfficer?: Person;
  deputies: readonly Deputy[];
}

export interface AuditEntry {
  action: CommandType;
  actor: Actor;
  onBehalfOf?: Person;
  at: string;
  fromStatus: Status;
  toStatus: Status;
  version: number;
  reason?: string;
}

export type WorkflowEvent =
  | { type: 'request_submitted' }
  | { type: 'review_requested'; to: Person[] }
  | { type: 'comment_added'; discipline: Discipline }
  | { type: 'decision_requested'; to: Person }
  | { type: 'requester_notified'; message: string }
  | { type: 'decision_recorded'; outcome: 'approved' | 'rejected' }
  | { type: 'publish_requested' }
  | { type: 'decision_published' }
  | { type: 'call_in_recorded'; count: number; needed: number }
  | { type: 'decision_called_in' }
  | { type: 'decision_implementable' }
  | { type: 'referred_to_council' }
  | { type: 'request_withdrawn' };

export type ErrorCode = 'NOT_ALLOWED' | 'SELF_APPROVAL' | 'CONFLICT_OF_ROLES' | 'INVALID_TRANSITION' | 'STALE_VERSION' | 'ALREADY_DECIDED' | 'REASON_REQUIRED' | 'ALREADY_DONE' | 'TOO_LATE' | 'TOO_EARLY';
export type Decision = { ok: true; state: WorkflowState; audit: AuditEntry; events: WorkflowEvent[] } | { ok: false; code: ErrorCode; message: string };

/** Where each command may start from. */
export const TRANSITIONS: Record<CommandType, readonly Status[]> = {
  submit: ['draft'],
  start_review: ['submitted'],
  withdraw: ['submitted', 'in_review', 'awaiting_decision', 'returned'],
  add_comment: ['in_review'],
  return_for_changes: ['in_review', 'awaiting_decision'],
  resubmit: ['returned'],
  approve: ['awaiting_decision'],
  reject: ['awaiting_decision'],
  record_committee_resolution: ['awaiting_decision'],
  publish: ['approved'],
  call_in: ['published'],
  end_call_in_period: ['published'],
  release: ['called_in'],
  refer_back: ['called_in'],
  refer_to_council: ['called_in'],
};

/** "cannot be …" for each command, in refusals. */
const DONE: Record<CommandType, string> = {
  submit: 'submitted',
  start_review: 'sent for review',
  withdraw: 'withdrawn',
  add_comment: 'commented on',
  return_for_changes: 'returned for changes',
  resubmit: 'resubmitted',
  approve: 'approved',
  reject: 'rejected',
  record_committee_resolution: 'decided by committee',
  publish: 'published',
  call_in: 'called in',
  end_call_in_period: 'made implementable',
  release: 'released',
  refer_back: 'referred back',
  refer_to_council: 'referred to full Council',
};

const SYSTEM_COMMANDS: ReadonlySet<CommandType> = new Set(['start_review', 'publish', 'end_call_in_period']);
const DECIDED: ReadonlySet<Status> = new Set(['approved', 'rejected', 'published', 'called_in', 'implementable', 'referred_to_council']);
const DECISION_COMMANDS: ReadonlySet<CommandType> = new Set(['approve', 'reject', 'record_committee_resolution', 'return_for_changes', 'add_comment']);

export function newWorkflow(requester: Person): WorkflowState {
  return WorkflowStateSchema.parse({ status: 'draft', version: 1, requester });
}

const refuse = (code: ErrorCode, message: string): Decision => ({ ok: false, code, message });

/** The person `actor` may act as among `people` today: themselves, or as a deputy in range. */
function actingAs(actor: Actor, people: readonly Person[], rules: Rules, today: CalendarDate): { as: Person; onBehalfOf?: Person } | undefined {
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

export function decide(state: WorkflowState, command: Command, actor: Actor, now: Date, rules?: Rules): Decision {
  const at = now.toISOString();
  const today = londonDate(now);
  const isSystem = SYSTEM_COMMANDS.has(command.type);
  const person = (p: Actor): Person => ({ tenantId: p.tenantId, aadObjectId: p.aadObjectId, name: p.name });

  // Who may act: decided before anything about the request is revealed.
  let onBehalfOf: Person | undefined;
  let acting: Person = person(actor);
  const requesterOnly = ['submit', 'withdraw', 'resubmit'].includes(command.type);
  if (isSystem) {
    if (!isSamePerson(actor, SYSTEM)) return refuse('NOT_ALLOWED', 'Only the bot itself does that.');
  } else if (requesterOnly) {
    if (!isSamePerson(actor, state.requester)) return refuse('NOT_ALLOWED', `Only the requester, ${state.requester.name}, can do that.`);
  } else {
    if (isSamePerson(actor, state.requester)) return refuse('SELF_APPROVAL', 'You raised this request, so you cannot review or decide it.');
    const r = rules;
    const approvers = state.approvers;
    const reviewers = approvers ? DISCIPLINES.map((d) => approvers[d]) : [];
    const theDecider = decider(state);
    let allowed: Person[] = [];
    if (command.type === 'add_comment') allowed = approvers ? [approvers[command.discipline]] : [];
    else if (command.type === 'return_for_changes') allowed = state.status === 'in_review' ? reviewers : theDecider ? [theDecider] : [];
    else if (command.type === 'approve' || command.type === 'reject') allowed = approvers?.decision.kind === 'director' ? [approvers.decision.person] : [];
    else if (command.type === 'record_committee_resolution') allowed = approvers?.decision.kind === 'committee' ? [approvers.decision.recordedBy] : [];
    else if (command.type === 'call_in') allowed = [...(r?.scrutinyMembers ?? [])];
    else allowed = r?.scrutinyOfficer ? [r.scrutinyOfficer] : [];
    const found = r ? actingAs(actor, allowed, r, today) : allowed.some((p) => isSamePerson(p, actor)) ? { as: person(actor) } : undefined;
    if (!found) return refuse('NOT_ALLOWED', 'You are not one of the people who can do that on this request.');
    // Separation of duties: whoever acts (themselves or as a deputy) holds no other part in this request.
    const principal = found.onBehalfOf ?? found.as;
    const part = capacityOf(command.type, state, principal);
    const other = [...capacitiesOf(state, actor, r)].find((c) => c !== part);
    if (other) return refuse('CONFLICT_OF_ROLES', `You are ${CAPACITY_LABELS[other]} on this request, so you cannot also act as ${CAPACITY_LABELS[part]}.`);
    acting = { ...person(actor), ...(found.as.initials ? { initials: found.as.initials } : {}) };
    onBehalfOf = found.onBehalfOf;
  }

  // A second click on a decided request learns who decided, whatever version its card showed.
  if (!TRANSITIONS[command.type].includes(state.status) && DECIDED.has(state.status) && DECISION_COMMANDS.has(command.type) && state.decision) {
    return refuse('ALREADY_DECIDED', `Already ${state.decision.outcome} by ${state.decision.by.name} on ${formatShortDate(londonDate(new Date(state.decision.at)))}.`);
  }
  if ('expectedVersion' in command && command.expectedVersion !== state.version) {
    return refuse('STALE_VERSION', 'The request has changed since this card was shown: here is where it is now.');
  }
  if (!TRANSITIONS[command.type].includes(state.status)) {
    return refuse('INVALID_TRANSITION', `A request that is ${STATUS_LABELS[state.status].toLowerCase()} cannot be ${DONE[command.type]}.`);
  }
  const needsReason = (text: string | undefined, what: string) => (!text || !text.trim() ? refuse('REASON_REQUIRED', `Please give ${what}.`) : undefined);
  const record = { by: acting, ...(onBehalfOf ? { onBehalfOf } : {}), at };
  const next = (status: Status, patch: Partial<WorkflowState>, events: WorkflowEvent[], reason?: string): Decision => {
    const version = state.version + 1;
    return {
      ok: true,
      state: { ...state, ...patch, status, version },
      audit: { action: command.type, actor, ...(onBehalfOf ? { onBehalfOf } : {}), at, fromStatus: state.status, toStatus: status, version, ...(reason ? { reason } : {}) },
      events,
    };
  };

  switch (command.type) {
    case 'submit': {
      // A part routed past its usual holder (they raised it, or hold another part) is on the record.
      const rerouted = (command.approvers.reroutes ?? []).map((r) => `${r.part}: not ${r.instead.name}, as ${r.reason.replace(`${r.instead.name} `, '')}`).join('; ');
      return next('submitted', { approvers: command.approvers, openToCallIn: command.openToCallIn, submittedAt: at }, [{ type: 'request_submitted' }], rerouted ? `Rerouted (${rerouted})` : undefined);
    }
    case 'resubmit':
      return next('submitted', { reviews: {}, earlierReviews: [...state.earlierReviews, state.reviews], submittedAt: at }, [{ type: 'request_submitted' }]);
    case 'start_review':
      return next('in_review', {}, [{ type: 'review_requested', to: DISCIPLINES.map((d) => state.approvers![d]) }]);
    case 'withdraw':
      return next('withdrawn', { withdrawnAt: at, ...(command.reason ? { withdrawnReason: command.reason } : {}) }, [{ type: 'request_withdrawn' }], command.reason);
    case 'add_comment': {
      const missing = needsReason(command.text, 'your comment');
      if (missing) return missing;
      if (state.reviews[command.discipline]) return refuse('ALREADY_DONE', `${STATUS_LABELS[state.status]}: the ${command.discipline} comment is already in.`);
      const initials = acting.initials ?? acting.name.split(/\s+/).map((w) => w[0]).join('').toUpperCase();
      const reviews = { ...state.reviews, [command.discipline]: { ...record, text: command.text.trim(), signature: `${initials} ${formatShortDate(today)}` } };
      const complete = DISCIPLINES.every((d) => reviews[d]);
      const events: WorkflowEvent[] = [{ type: 'comment_added', discipline: command.discipline }];
      if (complete) events.push({ type: 'decision_requested', to: decider(state)! });
      return next(complete ? 'awaiting_decision' : 'in_review', { reviews }, events);
    }
    case 'return_for_changes': {
      const missing = needsReason(command.reason, 'the reason for returning it');
      if (missing) return missing;
      return next('returned', { returned: { ...record, reason: command.reason.trim() } }, [{ type: 'requester_notified', message: `Returned for changes by ${acting.name}: ${command.reason.trim()}` }], command.reason);
    }
    case 'approve':
      return next('approved', { decision: { ...record, outcome: 'approved', ...(command.reasons ? { reasons: command.reasons } : {}) } }, [{ type: 'decision_recorded', outcome: 'approved' }, { type: 'publish_requested' }]);
    case 'reject': {
      const missing = needsReason(command.reasons, 'the reasons for rejecting it');
      if (missing) return missing;
      return next('rejected', { decision: { ...record, outcome: 'rejected', reasons: command.reasons.trim() } }, [{ type: 'decision_recorded', outcome: 'rejected' }, { type: 'requester_notified', message: `Rejected by ${acting.name}: ${command.reasons.trim()}` }]);
    }
    case 'record_committee_resolution': {
      const missing = needsReason(command.minute, "the committee's minute");
      if (missing) return missing;
      if (command.resolution === 'return') return next('returned', { returned: { ...record, reason: command.minute.trim() } }, [{ type: 'requester_notified', message: `Returned by committee: ${command.minute.trim()}` }], command.minute);
      const outcome = command.resolution === 'approve' ? 'approved' : 'rejected';
      return next(outcome, { decision: { ...record, outcome, reasons: command.minute.trim() } }, [{ type: 'decision_recorded', outcome }, ...(outcome === 'approved' ? [{ type: 'publish_requested' } as const] : [])]);
    }
    case 'publish': {
      if (!state.openToCallIn) return next('implementable', { publication: { publishedOn: today, implementableFrom: today } }, [{ type: 'decision_published' }, { type: 'decision_implementable' }]);
      const window = callInWindow(today, rules!.calendar, rules!.callInWorkingDays);
      return next('published', { publication: { publishedOn: today, deadline: window.deadline, implementableFrom: window.implementableFrom } }, [{ type: 'decision_published' }]);
    }
    case 'call_in': {
      const missing = needsReason(command.grounds, 'the grounds for the call-in');
      if (missing) return missing;
      if (compareDates(today, state.publication!.deadline as CalendarDate) > 0) return refuse('TOO_LATE', `The call-in period ended on ${state.publication!.deadline}.`);
      // One call-in per member, however it is made: a deputy's counts for the member they cover, and neither may add another.
      const member = onBehalfOf ?? acting;
      if (state.callIns.some((c) => isSamePerson(c.by, actor) || isSamePerson(c.onBehalfOf ?? c.by, member))) return refuse('ALREADY_DONE', 'This decision has already been called in by you, or for the member you are covering.');
      const callIns = [...state.callIns, { ...record, grounds: command.grounds.trim() }];
      const needed = rules!.minimumMembersToCallIn;
      const members = new Set(callIns.map((c) => (c.onBehalfOf ?? c.by).aadObjectId.toLowerCase())).size;
      if (members < needed) return next('published', { callIns }, [{ type: 'call_in_recorded', count: members, needed }], command.grounds);
      return next('called_in', { callIns }, [{ type: 'call_in_recorded', count: members, needed }, { type: 'decision_called_in' }], command.grounds);
    }
    case 'end_call_in_period':
      if (compareDates(today, addDays(state.publication!.deadline as CalendarDate, 1)) < 0) return refuse('TOO_EARLY', `The call-in period runs until the end of ${state.publication!.deadline}.`);
      return next('implementable', {}, [{ type: 'decision_implementable' }]);
    case 'release':
      // Released by scrutiny: it can be implemented from today, whatever the period said.
      return next('implementable', { publication: { ...state.publication!, implementableFrom: today } }, [{ type: 'decision_implementable' }]);
    case 'refer_back': {
      const missing = needsReason(command.reason, 'the reason for referring it back');
      if (missing) return missing;
      return next('awaiting_decision', { decision: undefined }, [{ type: 'decision_requested', to: decider(state)! }], command.reason);
    }
    case 'refer_to_council': {
      const missing = needsReason(command.reason, 'the reason for referring it to full Council');
      if (missing) return missing;
      return next('referred_to_council', {}, [{ type: 'referred_to_council' }], command.reason);
    }
  }
}

/** Commands people (not the system) give from cards. */
export const PERSON_COMMANDS = ['add_comment', 'return_for_changes', 'approve', 'reject', 'record_committee_resolution', 'call_in', 'release', 'refer_back', 'refer_to_council'] as const;
export type PersonCommandType = (typeof PERSON_COMMANDS)[number];

/**
 * What `actor` could do to the request right now, asked of the machine itself (with
 * placeholder text), so cards offer exactly the buttons that would be accepted.
 */
export function availableActions(state: WorkflowState, actor: Actor, now: Date, rules?: Rules): Array<{ type: PersonCommandType; discipline?: Discipline }> {
  const v = state.version;
  const text = 'placeholder';
  const tries: Array<{ command: Command; discipline?: Discipline }> = [
    ...DISCIPLINES.map((discipline) => ({ command: { type: 'add_comment', expectedVersion: v, discipline, text } as Command, discipline })),
    { command: { type: 'return_for_changes', expectedVersion: v, reason: text } },
    { command: { type: 'approve', expectedVersion: v } },
    { command: { type: 'reject', expectedVersion: v, reasons: text } },
    { command: { type: 'record_committee_resolution', expectedVersion: v, resolution: 'approve', minute: text } },
    { command: { type: 'call_in', expectedVersion: v, grounds: text } },
    { command: { type: 'release', expectedVersion: v } },
    { command: { type: 'refer_back', expectedVersion: v, reason: text } },
    { command: { type: 'refer_to_council', expectedVersion: v, reason: text } },
  ];
  const found: Array<{ type: PersonCommandType; discipline?: Discipline }> = [];
  for (const t of tries) {
    if (decide(state, t.command, actor, now, rules).ok) found.push({ type: t.command.type as PersonCommandType, ...(t.discipline ? { discipline: t.discipline } : {}) });
  }
  return found;
}

/** The part a person command is given in; `principal` is whoever holds it (a deputy acts for them). */
function capacityOf(type: CommandType, state: WorkflowState, principal: Person): Capacity {
  if (type === 'add_comment' || (type === 'return_for_changes' && state.status === 'in_review')) {
    return DISCIPLINES.find((d) => state.approvers && isSamePerson(state.approvers[d], principal)) ?? 'finance';
  }
  if (type === 'call_in') return 'scrutiny_member';
  if (type === 'release' || type === 'refer_back' || type === 'refer_to_council') return 'scrutiny_officer';
  return 'decider';
}
