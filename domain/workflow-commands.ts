import type { WorkingCalendar } from './working-days';
import type { Discipline } from './duties';
import type { ExceptionRoute } from './forward-plan';
import type { Interest } from './interest';
import type { ApproversOnRequest, Deputy, Person, Status } from './workflow-state';

/** What can be asked of the lifecycle; each carries what its transition needs. */
export type Command =
  | { type: 'submit'; approvers: ApproversOnRequest; openToCallIn: boolean; notice?: NoticeFacts }
  | { type: 'start_review' }
  | { type: 'withdraw'; expectedVersion: number; reason?: string }
  | { type: 'add_comment'; expectedVersion: number; discipline: Discipline; text: string }
  | { type: 'return_for_changes'; expectedVersion: number; reason: string }
  /** A request that became a key decision on revision carries its notice, and democratic services, here. */
  | { type: 'resubmit'; expectedVersion: number; notice?: NoticeFacts; democraticServices?: Person }
  | { type: 'approve'; expectedVersion: number; reasons?: string; interest?: Interest }
  | { type: 'reject'; expectedVersion: number; reasons: string; interest?: Interest }
  | { type: 'record_committee_resolution'; expectedVersion: number; resolution: 'approve' | 'reject' | 'return'; minute: string; interest?: Interest }
  | { type: 'declare_interest'; expectedVersion: number; nature: string }
  | { type: 'record_forward_plan_exception'; expectedVersion: number; route: ExceptionRoute; reasons: string; chair: string }
  | { type: 'publish' }
  | { type: 'call_in'; expectedVersion: number; grounds: string }
  | { type: 'end_call_in_period' }
  | { type: 'release'; expectedVersion: number }
  | { type: 'refer_back'; expectedVersion: number; reason: string }
  | { type: 'refer_to_council'; expectedVersion: number; reason: string }
  | { type: 'reassign'; expectedVersion: number; part: ReassignablePart; to: Person; reason: string };
export type CommandType = Command['type'];

/** The parts an administrator can move to someone else while they are still to be done. */
export type ReassignablePart = Discipline | 'decision';

/** A key decision's notice as the bot publishes it on submission: public facts only. */
export interface NoticeFacts {
  matter: string;
  decisionMaker: string;
  documents: string[];
}
export type CommandOf<T extends CommandType> = Extract<Command, { type: T }>;

/** Who the system itself is, for scheduled and automatic commands. */
export const SYSTEM: Person = { tenantId: 'system', aadObjectId: 'system', name: 'Establishment Changes' };

/** The council's settings the lifecycle decides by. */
export interface Rules {
  calendar: WorkingCalendar;
  callInWorkingDays: number;
  minimumMembersToCallIn: number;
  scrutinyMembers: readonly Person[];
  scrutinyOfficer?: Person;
  deputies: readonly Deputy[];
  /** The council's administrators, who may reassign a review or decision not yet done. */
  administrators?: readonly Person[];
  /** The council's key decision threshold, when it has set one (checks.ts; else the deployment's). */
  keyDecisionThresholdPence?: number;
}

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
  declare_interest: ['awaiting_decision'],
  record_forward_plan_exception: ['submitted', 'in_review', 'awaiting_decision', 'returned'],
  publish: ['approved'],
  call_in: ['published'],
  end_call_in_period: ['published'],
  release: ['called_in'],
  refer_back: ['called_in'],
  refer_to_council: ['called_in'],
  reassign: ['submitted', 'in_review', 'awaiting_decision'],
};

/** "cannot be …" for each command, in refusals. */
export const DONE: Record<CommandType, string> = {
  submit: 'submitted',
  start_review: 'sent for review',
  withdraw: 'withdrawn',
  add_comment: 'commented on',
  return_for_changes: 'returned for changes',
  resubmit: 'resubmitted',
  approve: 'approved',
  reject: 'rejected',
  record_committee_resolution: 'decided by committee',
  declare_interest: 'passed to another decision maker',
  record_forward_plan_exception: 'given a forward plan exception',
  publish: 'published',
  call_in: 'called in',
  end_call_in_period: 'made implementable',
  release: 'released',
  refer_back: 'referred back',
  refer_to_council: 'referred to full Council',
  reassign: 'reassigned',
};

/** Commands the bot gives itself, on a schedule or after another transition. */
export const SYSTEM_COMMANDS: ReadonlySet<CommandType> = new Set(['start_review', 'publish', 'end_call_in_period']);
/** Commands only the requester gives. */
export const REQUESTER_COMMANDS: ReadonlySet<CommandType> = new Set(['submit', 'withdraw', 'resubmit']);

/** Commands people (not the system) give from cards. */
export const PERSON_COMMANDS = [
  'add_comment',
  'return_for_changes',
  'approve',
  'reject',
  'record_committee_resolution',
  'declare_interest',
  'record_forward_plan_exception',
  'call_in',
  'release',
  'refer_back',
  'refer_to_council',
] as const;
export type PersonCommandType = (typeof PERSON_COMMANDS)[number];
