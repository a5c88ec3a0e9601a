import { randomUUID } from 'node:crypto';
import type { TableClient, TableEntityResult } from '@azure/data-tables';
import { z } from 'zod';
import { fromChunks, toChunks } from './chunked-json';
import { isNotFound, isPreconditionFailed } from './table-errors';

/**
 * Requests and drafts in one table, laid out so that every question a user asks reads one
 * partition:
 *
 *   PK o_<tenant>_<aadObjectId>   the officer's own partition ("my requests", "continue")
 *     RK d_<draftId>              a draft not yet submitted: its content
 *     RK r_<reference>            a submitted request's summary (title, status, version)
 *   PK r_<reference>              one submitted request ("status", "history", every click)
 *     RK request                  content + workflow state; the etag guards every change
 *     RK a_<version>_<n>          append-only audit rows, written in the same transaction
 *     RK x_<id>                   outbox rows for the notifications a change causes
 *
 * Tenant and object ids are GUIDs and references are checked before they reach a key, so
 * no key needs escaping and nothing user-typed reaches a filter.
 */
export interface Owner {
  tenantId: string;
  aadObjectId: string;
}

export interface DraftRecord<C> {
  draftId: string;
  content: C;
  etag: string;
  createdAt: string;
  updatedAt: string;
}

export interface OwnerListing {
  kind: 'draft' | 'request';
  key: string;
  title: string;
  status: string;
  updatedAt: string;
}

export class DraftConflictError extends Error {
  readonly code = 'DRAFT_CHANGED';
  constructor() {
    super('This draft was changed somewhere else (another window or device) since you last saw it.');
  }
}

export class NotFoundError extends Error {
  readonly code = 'NOT_FOUND';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DRAFT_ID = /^[0-9a-z]{8,40}$/;

export function ownerPartition(owner: Owner): string {
  if (!GUID.test(owner.tenantId) || !GUID.test(owner.aadObjectId)) throw new RangeError('Owner ids must be GUIDs');
  return `o_${owner.tenantId.toLowerCase()}_${owner.aadObjectId.toLowerCase()}`;
}

export function isDraftId(value: string): boolean {
  return DRAFT_ID.test(value);
}

/** Time-ordered so a plain partition read lists drafts oldest first. */
function newDraftId(now: Date): string {
  return now.getTime().toString(36).padStart(9, '0') + randomUUID().replace(/-/g, '').slice(0, 12);
}

const DraftEntity = z.object({
  rowKey: z.string(),
  etag: z.string(),
  kind: z.literal('draft'),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).passthrough();

const IndexEntity = z.object({
  rowKey: z.string(),
  kind: z.literal('index'),
  title: z.string(),
  status: z.string(),
  updatedAt: z.string(),
}).passthrough();

export class DraftRepository<C> {
  constructor(
    private readonly table: TableClient,
    private readonly contentSchema: z.ZodType<C>,
    private readonly titleOf: (content: C) => string,
  ) {}

  async create(owner: Owner, content: C, now = new Date()): Promise<DraftRecord<C>> {
    const draftId = newDraftId(now);
    const at = now.toISOString();
    const result = await this.table.createEntity({
      partitionKey: ownerPartition(owner),
      rowKey: `d_${draftId}`,
      kind: 'draft',
      title: this.titleOf(content).slice(0, 200),
      createdAt: at,
      updatedAt: at,
      ...toChunks(content),
    });
    return { draftId, content, etag: result.etag ?? '', createdAt: at, updatedAt: at };
  }

  async get(owner: Owner, draftId: string): Promise<DraftRecord<C> | undefined> {
    if (!isDraftId(draftId)) return undefined;
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(ownerPartition(owner), `d_${draftId}`);
      return this.toRecord(entity);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Saves over the version read (etag); a stale etag means someone else saved first. */
  async save(owner: Owner, draft: DraftRecord<C>, content: C, now = new Date()): Promise<DraftRecord<C>> {
    const at = now.toISOString();
    try {
      const result = await this.table.updateEntity(
        { partitionKey: ownerPartition(owner), rowKey: `d_${draft.draftId}`, kind: 'draft', title: this.titleOf(content).slice(0, 200), createdAt: draft.createdAt, updatedAt: at, ...toChunks(content) },
        'Replace',
        { etag: draft.etag },
      );
      return { ...draft, content, etag: result.etag ?? '', updatedAt: at };
    } catch (e) {
      if (isPreconditionFailed(e)) throw new DraftConflictError();
      if (isNotFound(e)) throw new NotFoundError('That draft no longer exists.');
      throw e;
    }
  }

  async discard(owner: Owner, draftId: string): Promise<boolean> {
    if (!isDraftId(draftId)) return false;
    try {
      await this.table.deleteEntity(ownerPartition(owner), `d_${draftId}`);
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  /** Drafts and submitted requests of one officer: a single-partition read. */
  async listForOwner(owner: Owner): Promise<{ drafts: DraftRecord<C>[]; requests: OwnerListing[] }> {
    const drafts: DraftRecord<C>[] = [];
    const requests: OwnerListing[] = [];
    const pk = ownerPartition(owner);
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) {
      if (entity.kind === 'draft') drafts.push(this.toRecord(entity));
      else if (entity.kind === 'index') {
        const row = IndexEntity.parse(entity);
        requests.push({ kind: 'request', key: row.rowKey.slice(2), title: row.title, status: row.status, updatedAt: row.updatedAt });
      }
    }
    return { drafts, requests };
  }

  async latest(owner: Owner): Promise<DraftRecord<C> | undefined> {
    const { drafts } = await this.listForOwner(owner);
    return drafts.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt)).at(-1);
  }

  private toRecord(entity: TableEntityResult<Record<string, unknown>>): DraftRecord<C> {
    const row = DraftEntity.parse(entity);
    return {
      draftId: row.rowKey.slice(2),
      content: this.contentSchema.parse(fromChunks(entity)),
      etag: row.etag,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}
