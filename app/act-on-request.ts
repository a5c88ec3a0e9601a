import { decide, type Person, type Command, type ErrorCode, type Rules } from '../domain/lifecycle';
import type { ErrorCode as CatalogueCode } from '../domain/error-codes';
import type { RequestContent } from '../domain/request';
import type { Decided } from './follow-ups';
import { hasCode } from './ports/errors';
import type { Requests, Stored } from './ports/requests';
import { recordChange, type RecordDeps } from './record-change';

export type ActResult =
  | { ok: true; stored: Stored; decision: Decided }
  | { ok: false; code: ErrorCode | Extract<CatalogueCode, 'NOT_FOUND' | 'BUSY'>; message: string; stored?: Stored };

export interface ActContext {
  correlationId?: string;
  /** New content, when a revised request is resubmitted. */
  content?: RequestContent;
  /** The rules, when the caller has already read them for this click. */
  rules?: Rules;
  /** The request, when the caller has just read it: the write is still checked against its etag. */
  stored?: Stored;
}

export interface ActDeps extends RecordDeps {
  requests: Pick<Requests, 'get' | 'transition'>;
  rules(tenantId: string): Promise<Rules>;
  now(): Date;
}

/**
 * Runs one command against a stored request: asks the core, then records the change over
 * the etag read (record-change.ts). Every change of a submitted request comes this way:
 * card verbs, resubmission, withdrawal, system steps and the end of call-in.
 */
export async function actOnRequest(deps: ActDeps, actor: Person, reference: string, command: Command, context: ActContext = {}): Promise<ActResult> {
  const stored = context.stored?.reference === reference ? context.stored : await deps.requests.get(reference);
  if (!stored) return { ok: false, code: 'NOT_FOUND', message: `I can't find ${reference}.` };
  return attempt(deps, stored, actor, command, context, 2);
}

async function attempt(deps: ActDeps, stored: Stored, actor: Person, command: Command, context: ActContext, attempts: number): Promise<ActResult> {
  const now = deps.now();
  const rules = context.rules ?? (await deps.rules(stored.workflow.requester.tenantId));
  const decision = decide(stored.workflow, command, actor, now, rules);
  if (!decision.ok) return { ok: false, code: decision.code, message: decision.message, stored };
  const owner = { tenantId: stored.workflow.requester.tenantId, aadObjectId: stored.workflow.requester.aadObjectId };
  try {
    const change = { reference: stored.reference, decision, now, rules, ...(context.correlationId ? { correlationId: context.correlationId } : {}) };
    const written = await recordChange(deps, change, (audit, notifications) =>
      deps.requests.transition(owner, stored, decision.state, audit, now, notifications, context.content),
    );
    return { ok: true, stored: written.stored, decision };
  } catch (e) {
    if (!hasCode(e, 'REQUEST_CHANGED')) throw e;
    // Someone else changed it first: decide again on what is stored now, so the loser
    // hears "already decided by …" (or that the card was stale), never a bare conflict.
    const fresh = await deps.requests.get(stored.reference);
    if (!fresh) return { ok: false, code: 'NOT_FOUND', message: `I can't find ${stored.reference}.` };
    if (attempts <= 1) return { ok: false, code: 'BUSY', message: `${stored.reference} is changing right now; please try again.`, stored: fresh };
    return attempt(deps, fresh, actor, command, context, attempts - 1);
  }
}
