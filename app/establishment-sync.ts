import { londonDate, type CalendarDate } from '../domain/calendar-date';
import { reportedMovement, type DecidedChange } from '../domain/establishment-apply';
import type { PendingDecision } from '../domain/establishment';
import { completeLine, type ChangeLine } from '../domain/request';
import type { Requests, Stored } from './ports/requests';
import type { Log } from './ports/runtime';

/** The ledger as this use case writes it (storage/establishment-ledger.ts). */
export interface LedgerWrites {
  apply(tenantId: string, decision: DecidedChange, appliedOn: CalendarDate): Promise<'applied' | 'already_applied'>;
  setPending(tenantId: string, pending: PendingDecision): Promise<void>;
  clearPending(tenantId: string, reference: string): Promise<void>;
}

export interface LedgerSyncDeps {
  requests: Pick<Requests, 'get'>;
  ledger: LedgerWrites;
  now: () => Date;
  log: Log;
}

/** How long an item waits for the change it was written for to appear. */
const WAIT_FOR_WRITE_MS = 5 * 60_000;

/** Approved, and waiting for publication or the end of call-in: shown as pending. */
const PENDING = new Set(['approved', 'published', 'called_in']);

/**
 * Brings the ledger into line with a request as it is now stored: an implementable decision
 * is applied (once: applying again changes nothing), an approved one not yet implementable
 * is pending, and anything else (rejected, referred back or to Council) is not pending.
 * Run from a scheduled item written before the change that needs it (app/follow-ups.ts), so
 * a crash between the request's write and the ledger's is repaired when the item is retried.
 * The item names the version the change writes: until the request shows it, the item waits
 * (the write may still be under way), for at most WAIT_FOR_WRITE_MS (then the write failed).
 * Returns when to look again, if it should.
 */
export async function syncLedger(deps: LedgerSyncDeps, item: { reference: string; dueAt: string; data: Record<string, unknown> }): Promise<Date | undefined> {
  const { reference } = item;
  const stored = await deps.requests.get(reference);
  const version = Number(item.data.version ?? 0);
  if (!stored || stored.workflow.version < version) {
    const now = deps.now().getTime();
    return now - Date.parse(item.dueAt) < WAIT_FOR_WRITE_MS ? new Date(now + 2_000) : undefined;
  }
  await bringIntoLine(deps, stored);
  return undefined;
}

async function bringIntoLine(deps: LedgerSyncDeps, stored: Stored): Promise<void> {
  const { reference, content, workflow } = stored;
  const tenantId = workflow.requester.tenantId;
  if (!content.directorate || !content.service) {
    deps.log.warn({ event: 'ledger.no_unit', reference }, 'a decided request names no directorate or service: the ledger cannot place it');
    return;
  }
  const unit = { directorate: content.directorate, service: content.service, ...(content.team?.trim() ? { team: content.team.trim() } : {}) };
  const lines = content.lines.map(completeLine).filter((l): l is ChangeLine => !!l);
  const title = (content.decisionFacts.exempt ? 'Establishment change (contains exempt information)' : (content.title ?? 'Establishment change')).slice(0, 200);
  const approved = workflow.decision?.outcome === 'approved';
  if (approved && workflow.status === 'implementable') {
    const outcome = await deps.ledger.apply(tenantId, { reference, title, unit, lines }, londonDate(deps.now()));
    deps.log.info({ event: 'ledger.applied', reference, outcome }, 'decision applied to the establishment ledger');
  } else if (approved && PENDING.has(workflow.status)) {
    const from = workflow.publication?.implementableFrom;
    await deps.ledger.setPending(tenantId, {
      ...unit,
      reference,
      title,
      status: workflow.status,
      ...(from && workflow.status === 'published' ? { implementableFrom: from as CalendarDate } : {}),
      ...reportedMovement(lines),
    });
  } else {
    await deps.ledger.clearPending(tenantId, reference);
  }
}
