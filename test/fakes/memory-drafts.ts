import type { PersonKey } from '../../domain/person';
import type { Draft, Drafts, OwnerListing } from '../../app/ports/drafts';
import type { RequestContent } from '../../domain/request';
import { DraftConflictError, NotFoundError } from '../../storage/draft-repository';
import { MAX_DRAFTS, TooManyDraftsError } from '../../storage/officer-listing';
import { ownerKey, roundTrip, type MemoryTables } from './memory-tables';

type Row = { kind: 'draft'; draft: Draft; submittingAs?: string } | { kind: 'closed'; submittedAs?: string; etag: string };

/**
 * Drafts in memory, with the rules of storage/draft-repository.ts: a save over a stale etag
 * fails with DraftConflictError (Table Storage's 412), a closed draft is a tombstone that
 * says what it became, and "my requests" lists the officer's requests as they are submitted.
 */
export class MemoryDrafts implements Drafts {
  private readonly rows = new Map<string, Map<string, Row>>();
  private readonly listed = new Map<string, Map<string, OwnerListing>>();
  private made = 0;

  constructor(private readonly tables: MemoryTables) {}

  private partition(owner: PersonKey): Map<string, Row> {
    const key = ownerKey(owner);
    let rows = this.rows.get(key);
    if (!rows) this.rows.set(key, (rows = new Map()));
    return rows;
  }

  async create(owner: PersonKey, content: RequestContent, now = new Date(), options: { resubmits?: string } = {}): Promise<Draft> {
    const open = [...this.partition(owner).values()].filter((r) => r.kind === 'draft');
    if (open.length >= MAX_DRAFTS) throw new TooManyDraftsError();
    const at = now.toISOString();
    const draftId = now.getTime().toString(36).padStart(9, '0') + String(++this.made).padStart(6, '0');
    const draft: Draft = roundTrip({
      draftId,
      revision: 1,
      content,
      etag: this.tables.etag(),
      createdAt: at,
      updatedAt: at,
      ...(options.resubmits ? { resubmits: options.resubmits } : {}),
    });
    this.partition(owner).set(draftId, { kind: 'draft', draft });
    return roundTrip(draft);
  }

  async get(owner: PersonKey, draftId: string): Promise<Draft | undefined> {
    const row = this.partition(owner).get(draftId);
    return row?.kind === 'draft' ? roundTrip(row.draft) : undefined;
  }

  async save(owner: PersonKey, draft: Draft, content: RequestContent, now = new Date()): Promise<Draft> {
    const row = this.partition(owner).get(draft.draftId);
    if (!row || row.kind === 'closed') throw new NotFoundError('That draft no longer exists.');
    if (row.draft.etag !== draft.etag) throw new DraftConflictError();
    const saved: Draft = roundTrip({ ...draft, revision: draft.revision + 1, content, updatedAt: now.toISOString(), etag: this.tables.etag() });
    this.partition(owner).set(draft.draftId, { kind: 'draft', draft: saved });
    return roundTrip(saved);
  }

  async discard(owner: PersonKey, draftId: string): Promise<boolean> {
    const row = this.partition(owner).get(draftId);
    if (row?.kind !== 'draft' || row.submittingAs) return false;
    this.partition(owner).set(draftId, { kind: 'closed', etag: this.tables.etag() });
    return true;
  }

  async closed(owner: PersonKey, draftId: string) {
    const row = this.partition(owner).get(draftId);
    if (row?.kind !== 'closed') return undefined;
    return row.submittedAs ? { submittedAs: row.submittedAs } : {};
  }

  async listForOwner(owner: PersonKey) {
    const drafts = [...this.partition(owner).values()]
      .flatMap((r) => (r.kind === 'draft' && !r.submittingAs ? [r.draft] : []))
      .map(({ draftId, createdAt, updatedAt, resubmits, content }) => ({
        draftId,
        title: content.title ?? 'Untitled request',
        createdAt,
        updatedAt,
        ...(resubmits ? { resubmits } : {}),
      }))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    return roundTrip({ drafts, requests: [...(this.listed.get(ownerKey(owner))?.values() ?? [])] });
  }

  async latest(owner: PersonKey): Promise<Draft | undefined> {
    const { drafts } = await this.listForOwner(owner);
    const newest = drafts.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1);
    return newest && this.get(owner, newest.draftId);
  }

  forget(): void {
    // Nothing is cached here: every read is of the stored row.
  }

  /** Claims a draft for submission over its etag, as request-store.ts does; false when it changed or closed meanwhile. */
  claim(owner: PersonKey, draft: Draft, reference: string): boolean {
    const row = this.partition(owner).get(draft.draftId);
    if (row?.kind !== 'draft' || row.draft.etag !== draft.etag) return false;
    this.partition(owner).set(draft.draftId, { kind: 'draft', draft: { ...row.draft, etag: this.tables.etag() }, submittingAs: reference });
    return true;
  }

  /** Leaves a submitted draft's tombstone and lists the request it became. */
  close(owner: PersonKey, draftId: string, request: OwnerListing): void {
    this.partition(owner).set(draftId, { kind: 'closed', submittedAs: request.key, etag: this.tables.etag() });
    this.list(owner, request);
  }

  /** Lists (or updates) a request in "my requests". */
  list(owner: PersonKey, request: OwnerListing): void {
    const key = ownerKey(owner);
    if (!this.listed.has(key)) this.listed.set(key, new Map());
    this.listed.get(key)!.set(request.key, roundTrip(request));
  }
}
