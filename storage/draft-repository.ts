import type { PersonKey } from '../domain/person';
import type { ErrorCode } from '../domain/error-codes';
import { randomUUID } from 'node:crypto';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { z } from 'zod';
import { fromChunks, toChunks } from './chunked-json';
import { isNotFound, isPreconditionFailed } from './errors';
import { isGuid } from './keys';
import { OfficerListing, type DraftListing, type OwnerListing } from './officer-listing';
import { RecentCache } from './recent-cache';
import { submitTransaction } from './transaction-wire';

/**
 * An officer's drafts, in their own partition of the Requests table (the whole table is
 * laid out in request-table.ts):
 *
 *   PK o_<tenant>_<aadObjectId>
 *     RK d_<draftId>      a draft not yet submitted: its content, revision and title; once it
 *                         is submitted or discarded, a tombstone { kind: 'closed', submittedAs? }
 *     RK list, list_<y>   what "my requests" lists, read by key (officer-listing.ts)
 *
 * Tenant and object ids are GUIDs and draft ids are checked before they reach a key, so no
 * key needs escaping and nothing user-typed reaches a filter.
 */

export interface DraftRecord<C> {
  draftId: string;
  /** 1 when created, one more at every save: the version a summary card shows and a click names. */
  revision: number;
  /** Set on a draft that revises a returned request: submitting it resubmits that request. */
  resubmits?: string;
  content: C;
  etag: string;
  createdAt: string;
  updatedAt: string;
}

/** What is left of a draft that was submitted (with the reference it became) or discarded. */
export interface ClosedDraft {
  submittedAs?: string;
}

export type { DraftListing, OwnerListing } from './officer-listing';

export class DraftConflictError extends Error {
  readonly code = 'DRAFT_CHANGED' satisfies ErrorCode;
  constructor() {
    super('This draft was changed somewhere else (another window or device) since you last saw it.');
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND' satisfies ErrorCode;
}

const DRAFT_ID = /^[0-9a-z]{8,40}$/;

export function ownerPartition(owner: PersonKey): string {
  if (!isGuid(owner.tenantId) || !isGuid(owner.aadObjectId)) throw new RangeError('PersonKey ids must be GUIDs');
  return `o_${owner.tenantId.toLowerCase()}_${owner.aadObjectId.toLowerCase()}`;
}

const recentKey = (owner: PersonKey, draftId: string) => `${ownerPartition(owner)}/${draftId}`;

export function isDraftId(value: string): boolean {
  return DRAFT_ID.test(value);
}

/** Time-ordered so a plain partition read lists drafts oldest first. */
function newDraftId(now: Date): string {
  return now.getTime().toString(36).padStart(9, '0') + randomUUID().replace(/-/g, '').slice(0, 12);
}

const DraftEntity = z
  .object({
    rowKey: z.string(),
    etag: z.string(),
    kind: z.literal('draft'),
    title: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    resubmits: z.string().optional(),
    // Rows written before drafts had revisions have none: they count as the first.
    revision: z.number().int().positive().default(1),
  })
  .passthrough();

const ClosedEntity = z.object({ kind: z.literal('closed'), submittedAs: z.string().optional() });

export class DraftRepository<C> {
  /**
   * The last version of each draft this process read or wrote, so a dialogue turn that
   * knows the etag it saw last skips the read. Only handed out for that etag; a change
   * made since by another instance fails the save over it (DraftConflictError).
   */
  private readonly recent = new RecentCache<DraftRecord<C>>(500, 15 * 60_000);
  private readonly listing: OfficerListing;

  constructor(
    private readonly table: TableClient,
    private readonly contentSchema: z.ZodType<C>,
    private readonly titleOf: (content: C) => string,
  ) {
    this.listing = new OfficerListing(table);
  }

  private remember(owner: PersonKey, draft: DraftRecord<C>): DraftRecord<C> {
    this.recent.set(recentKey(owner, draft.draftId), draft);
    return draft;
  }

  /** Drops what this process remembers of a draft (it was submitted, discarded or lost a race). */
  forget(owner: PersonKey, draftId: string): void {
    this.recent.delete(recentKey(owner, draftId));
  }

  private row(owner: PersonKey, draft: Omit<DraftRecord<C>, 'etag'>) {
    const title = this.titleOf(draft.content).slice(0, 200);
    const entity = {
      partitionKey: ownerPartition(owner),
      rowKey: `d_${draft.draftId}`,
      kind: 'draft',
      title,
      revision: draft.revision,
      createdAt: draft.createdAt,
      updatedAt: draft.updatedAt,
      ...(draft.resubmits ? { resubmits: draft.resubmits } : {}),
      ...toChunks(draft.content),
    };
    return { entity, listed: this.listing.draftEntry(entity.partitionKey, { ...draft, title }) };
  }

  /** A new draft, listed for "my requests" in the same transaction. Fails with TooManyDraftsError at MAX_DRAFTS. */
  async create(owner: PersonKey, content: C, now = new Date(), options: { resubmits?: string } = {}): Promise<DraftRecord<C>> {
    await this.listing.assertRoomForDraft(ownerPartition(owner));
    const at = now.toISOString();
    const draft = {
      draftId: newDraftId(now),
      revision: 1,
      content,
      createdAt: at,
      updatedAt: at,
      ...(options.resubmits ? { resubmits: options.resubmits } : {}),
    };
    const { entity, listed } = this.row(owner, draft);
    const result = await submitTransaction(this.table, [['create', entity], listed]);
    return this.remember(owner, { ...draft, etag: result.subResponses[0]?.etag ?? '' });
  }

  /**
   * The draft as stored; undefined once it is closed (submitted or discarded). `lastSeen`,
   * the etag the caller saw last, lets a version this process read or wrote itself stand in
   * for the read; if the draft has changed since, the save over that etag fails as any
   * concurrent change would (DraftConflictError).
   */
  async get(owner: PersonKey, draftId: string, lastSeen?: string): Promise<DraftRecord<C> | undefined> {
    if (!isDraftId(draftId)) return undefined;
    const known = lastSeen ? this.recent.get(recentKey(owner, draftId)) : undefined;
    if (known && known.etag === lastSeen) return known;
    const entity = await this.read(owner, draftId);
    if (!entity || entity.kind === 'closed') {
      this.forget(owner, draftId);
      return undefined;
    }
    return this.remember(owner, this.toRecord(entity));
  }

  /**
   * Whether a draft was closed: submitted (with the reference it became) or discarded
   * (without). Undefined for an open draft and for one that never existed.
   */
  async closed(owner: PersonKey, draftId: string): Promise<ClosedDraft | undefined> {
    if (!isDraftId(draftId)) return undefined;
    const tombstone = ClosedEntity.safeParse(await this.read(owner, draftId));
    if (!tombstone.success) return undefined;
    return tombstone.data.submittedAs ? { submittedAs: tombstone.data.submittedAs } : {};
  }

  /**
   * Saves over the version read (etag), one revision on; a stale etag means someone else
   * saved first. The draft's entry in the officer's list (title, last saved) changes in the
   * same transaction.
   */
  async save(owner: PersonKey, draft: DraftRecord<C>, content: C, now = new Date()): Promise<DraftRecord<C>> {
    const next = { ...draft, revision: draft.revision + 1, content, updatedAt: now.toISOString() };
    const { entity, listed } = this.row(owner, next);
    try {
      const result = await submitTransaction(this.table, [['update', entity, 'Replace', { etag: draft.etag }], listed]);
      return this.remember(owner, { ...next, etag: result.subResponses[0]?.etag ?? '' });
    } catch (e) {
      this.forget(owner, draft.draftId);
      // A closed draft's tombstone has an etag of its own: that is a draft gone, not changed.
      if (isPreconditionFailed(e))
        throw (await this.closed(owner, draft.draftId)) ? new NotFoundError('That draft no longer exists.') : new DraftConflictError();
      if (isNotFound(e)) throw new NotFoundError('That draft no longer exists.');
      throw e;
    }
  }

  /** Closes a draft without submitting it. Resolves to whether this call closed it. */
  async discard(owner: PersonKey, draftId: string): Promise<boolean> {
    if (!isDraftId(draftId)) return false;
    this.forget(owner, draftId);
    return this.listing.closeDraft(ownerPartition(owner), draftId);
  }

  /** Drafts and submitted requests of one officer, as listed: point reads, no query. */
  listForOwner(owner: PersonKey): Promise<{ drafts: DraftListing[]; requests: OwnerListing[] }> {
    return this.listing.read(ownerPartition(owner));
  }

  /** The draft saved most recently. */
  async latest(owner: PersonKey): Promise<DraftRecord<C> | undefined> {
    const { drafts } = await this.listForOwner(owner);
    const newest = drafts.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1);
    return newest && this.get(owner, newest.draftId);
  }

  private async read(owner: PersonKey, draftId: string): Promise<TableEntityResult<Record<string, unknown>> | undefined> {
    try {
      return await this.table.getEntity<Record<string, unknown>>(ownerPartition(owner), `d_${draftId}`);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  private toRecord(entity: TableEntityResult<Record<string, unknown>>): DraftRecord<C> {
    const row = DraftEntity.parse(entity);
    return {
      draftId: row.rowKey.slice(2),
      revision: row.revision,
      content: this.contentSchema.parse(fromChunks(entity)),
      etag: row.etag,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      ...(row.resubmits ? { resubmits: row.resubmits } : {}),
    };
  }
}
