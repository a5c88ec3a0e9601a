import type { CalendarDate } from './calendar-date';
import type { Discipline } from './duties';
import type { Command, CommandType, Rules } from './workflow-commands';
import type { Person, Status, WorkflowState } from './workflow-state';
import type { LifecycleErrorCode } from './error-codes';

// What `decide` answers, and the one way transition handlers build that answer.

export interface AuditEntry {
  action: CommandType;
  actor: Person;
  onBehalfOf?: Person;
  at: string;
  fromStatus: Status;
  toStatus: Status;
  version: number;
  reason?: string;
}

export type WorkflowEvent =
  | { type: 'request_submitted' }
  /** A key decision's notice went on the forward plan: democratic services get the card, to record any exception. */
  | { type: 'notice_published'; to?: Person }
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

/** The core's refusals: a part of the one catalogue (domain/error-codes.ts). */
export type ErrorCode = LifecycleErrorCode;
export type Decision = { ok: true; state: WorkflowState; audit: AuditEntry; events: WorkflowEvent[] } | { ok: false; code: ErrorCode; message: string };
export type Refusal = Extract<Decision, { ok: false }>;

export const refuse = (code: ErrorCode, message: string): Refusal => ({ ok: false, code, message });

/** A refusal when a required reason, comment or minute is blank. */
export function reasonMissing(text: string | undefined, what: string): Refusal | undefined {
  return !text || !text.trim() ? refuse('REASON_REQUIRED', `Please give ${what}.`) : undefined;
}

/** One accepted command in the making: who acts, when, and how to move the request on. */
export interface Step {
  state: WorkflowState;
  /** Who gave the command, as they signed in. */
  actor: Person;
  /** Who is recorded as acting (with their initials when they act as a deputy). */
  acting: Person;
  /** The person a deputy acts for. */
  onBehalfOf?: Person;
  at: string;
  today: CalendarDate;
  rules?: Rules;
  /** `by`, `onBehalfOf` and `at`, as every review, decision and call-in records them. */
  record: { by: Person; onBehalfOf?: Person; at: string };
  /** The accepted answer: the request in `status` with `patch` applied, a version on, audited. */
  next(status: Status, patch: Partial<WorkflowState>, events: WorkflowEvent[], reason?: string): Decision;
}

export function stepFor(
  state: WorkflowState,
  command: Command,
  who: { actor: Person; acting: Person; onBehalfOf?: Person },
  now: Date,
  today: CalendarDate,
  rules?: Rules,
): Step {
  const { actor, acting, onBehalfOf } = who;
  const at = now.toISOString();
  return {
    state,
    actor,
    acting,
    ...(onBehalfOf ? { onBehalfOf } : {}),
    at,
    today,
    ...(rules ? { rules } : {}),
    record: { by: acting, ...(onBehalfOf ? { onBehalfOf } : {}), at },
    next: (status, patch, events, reason) => {
      const version = state.version + 1;
      return {
        ok: true,
        state: { ...state, ...patch, status, version },
        audit: {
          action: command.type,
          actor,
          ...(onBehalfOf ? { onBehalfOf } : {}),
          at,
          fromStatus: state.status,
          toStatus: status,
          version,
          ...(reason ? { reason } : {}),
        },
        events,
      };
    },
  };
}
