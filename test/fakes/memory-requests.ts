import type { PersonKey } from '../../domain/person';
import type { Draft } from '../../app/ports/drafts';
import type { Requests, Stored, WrittenChange } from '../../app/ports/requests';
import type { WorkflowState } from '../../domain/lifecycle';
import type { RequestContent } from '../../domain/request';
import { DraftConflictError } from '../../storage/draft-repository';
import { RequestConflictError } from '../../storage/request-store';
import type { MemoryDrafts } from './memory-drafts';
import type { MemoryOutbox } from './memory-outbox';
import type { MemoryPostedCards } from './memory-posted-cards';
import { roundTrip, type MemoryTables } from './memory-tables';

/**
 * Submitted requests in memory, with the rules of storage/request-store.ts: a submission
 * claims its draft over the draft's etag (DraftConflictError when it changed), a change is
 * written over the request's etag (RequestConflictError when it changed), and a change's
 * audit entry and outbox rows are written with it.
 */
export class MemoryRequests implements Requests {
  private readonly rows = new Map<string, Stored>();
  private readonly audits = new Map<string, Array<{ at: string; entry: unknown }>>();
  /** Called just before each change is written: a test's stand-in for someone else writing first. */
  beforeWrite: (reference: string) => void = () => undefined;

  constructor(
    private readonly tables: MemoryTables,
    private readonly drafts: MemoryDrafts,
    private readonly outbox: MemoryOutbox,
    private readonly posts: MemoryPostedCards,
  ) {}

  async get(reference: string): Promise<Stored | undefined> {
    return roundTrip(this.rows.get(reference));
  }

  async submitDraft(
    owner: PersonKey,
    draft: Draft,
    reference: string,
    workflow: WorkflowState,
    audit: object,
    now: Date,
    notifications: readonly object[],
  ): Promise<Stored> {
    if (!this.drafts.claim(owner, draft, reference)) throw new DraftConflictError();
    if (this.rows.has(reference)) throw new Error(`${reference} exists already`);
    const at = now.toISOString();
    const stored: Stored = roundTrip({ reference, content: draft.content, workflow, etag: this.tables.etag(), updatedAt: at });
    this.rows.set(reference, stored);
    this.audits.set(reference, [{ at, entry: roundTrip(audit) }]);
    this.outbox.write(reference, workflow.version, notifications);
    this.posts.first(reference, notifications.length ? workflow.version - 1 : workflow.version);
    this.drafts.close(owner, draft.draftId, { key: reference, title: draft.content.title ?? 'Untitled request', status: workflow.status, updatedAt: at });
    return roundTrip(stored);
  }

  async transition(
    owner: PersonKey,
    current: Stored,
    workflow: WorkflowState,
    audit: object,
    now: Date,
    notifications: readonly object[],
    content?: RequestContent,
  ): Promise<WrittenChange> {
    this.beforeWrite(current.reference);
    if (this.rows.get(current.reference)?.etag !== current.etag) throw new RequestConflictError();
    const at = now.toISOString();
    const stored: Stored = roundTrip({ ...current, content: content ?? current.content, workflow, etag: this.tables.etag(), updatedAt: at });
    this.rows.set(current.reference, stored);
    this.audits.get(current.reference)!.push({ at, entry: roundTrip(audit) });
    const outbox = this.outbox.write(current.reference, workflow.version, notifications);
    this.drafts.list(owner, { key: current.reference, title: stored.content.title ?? 'Untitled request', status: workflow.status, updatedAt: at });
    return { stored: roundTrip(stored), outbox };
  }

  /** Writes a request as it is, whatever was there (a test's "someone else changed it"). */
  overwrite(stored: Stored): Stored {
    const written = roundTrip({ ...stored, etag: this.tables.etag() });
    this.rows.set(stored.reference, written);
    return roundTrip(written);
  }

  async auditRefusal(reference: string, _version: number, entry: object, now: Date): Promise<void> {
    this.audits.get(reference)?.push({ at: now.toISOString(), entry: roundTrip(entry) });
  }

  async audit(reference: string): Promise<Array<{ at: string; entry: unknown }>> {
    return roundTrip(this.audits.get(reference) ?? []);
  }
}
