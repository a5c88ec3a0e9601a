import { z } from 'zod';

/**
 * The request lifecycle: one pure state machine. Given the state, a command, who is
 * acting and when, it returns the next state, an audit entry and the notifications to
 * send, or a coded refusal. The bot, cards and storage call this; none re-implements it.
 *
 * This first cut carries submission and withdrawal; review, decision, publication and
 * call-in add their commands here.
 */
export const STATUSES = ['draft', 'submitted', 'in_review', 'awaiting_decision', 'approved', 'rejected', 'returned', 'withdrawn'] as const;
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
};

export const PersonSchema = z.object({ tenantId: z.string(), aadObjectId: z.string(), name: z.string().max(200) });
export type Person = z.infer<typeof PersonSchema>;

export const WorkflowStateSchema = z.object({
  status: z.enum(STATUSES),
  version: z.number().int().min(1),
  requester: PersonSchema,
  submittedAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
  withdrawnReason: z.string().max(2000).optional(),
});
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;

export type Command = { type: 'submit' } | { type: 'withdraw'; expectedVersion: number; reason?: string };

export interface Actor {
  tenantId: string;
  aadObjectId: string;
  name: string;
}

export interface AuditEntry {
  action: Command['type'];
  actor: Actor;
  at: string;
  fromStatus: Status;
  toStatus: Status;
  version: number;
  reason?: string;
}

export type WorkflowEvent = { type: 'request_submitted' } | { type: 'request_withdrawn' };

export type ErrorCode = 'NOT_ALLOWED' | 'INVALID_TRANSITION' | 'STALE_VERSION';
export type Decision = { ok: true; state: WorkflowState; audit: AuditEntry; events: WorkflowEvent[] } | { ok: false; code: ErrorCode; message: string };

/** Where each command may start from. */
export const TRANSITIONS: Record<Command['type'], { from: readonly Status[]; to: Status }> = {
  submit: { from: ['draft'], to: 'submitted' },
  withdraw: { from: ['submitted', 'in_review', 'awaiting_decision', 'returned'], to: 'withdrawn' },
};

export function isSamePerson(a: { tenantId: string; aadObjectId: string }, b: { tenantId: string; aadObjectId: string }): boolean {
  return a.tenantId.toLowerCase() === b.tenantId.toLowerCase() && a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase();
}

export function newWorkflow(requester: Person): WorkflowState {
  return { status: 'draft', version: 1, requester };
}

export function decide(state: WorkflowState, command: Command, actor: Actor, now: Date): Decision {
  const rule = TRANSITIONS[command.type];
  if (!isSamePerson(actor, state.requester)) {
    return { ok: false, code: 'NOT_ALLOWED', message: `Only the requester, ${state.requester.name}, can ${command.type} this request.` };
  }
  if ('expectedVersion' in command && command.expectedVersion !== state.version) {
    return { ok: false, code: 'STALE_VERSION', message: 'The request has changed since you looked at it: here is where it is now.' };
  }
  if (!rule.from.includes(state.status)) {
    return { ok: false, code: 'INVALID_TRANSITION', message: `A request that is ${STATUS_LABELS[state.status].toLowerCase()} cannot be ${command.type === 'submit' ? 'submitted' : 'withdrawn'}.` };
  }
  const at = now.toISOString();
  const next: WorkflowState =
    command.type === 'submit'
      ? { ...state, status: rule.to, submittedAt: at }
      : { ...state, status: rule.to, version: state.version + 1, withdrawnAt: at, ...(command.reason ? { withdrawnReason: command.reason } : {}) };
  return {
    ok: true,
    state: next,
    audit: { action: command.type, actor, at, fromStatus: state.status, toStatus: rule.to, version: next.version, ...('reason' in command && command.reason ? { reason: command.reason } : {}) },
    events: [{ type: command.type === 'submit' ? 'request_submitted' : 'request_withdrawn' }],
  };
}
