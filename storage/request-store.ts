import type { PersonKey } from '../domain/person';
import type { ErrorCode } from '../domain/error-codes';
import { randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { fromChunks, toChunks } from './chunked-json';
import { DraftConflictError, ownerPartition, type DraftRecord } from './draft-repository';
import { isConflict, isNotFound, isPreconditionFailed } from './errors';
import { OfficerListing } from './officer-listing';
import { outboxRows, type OutboxRow } from './outbox-store';
import { firstPostsRow } from './posted-cards';
import { auditRowKey, requestPartition, requestRowKey } from './request-table';
import { submitTransaction } from './transaction-wire';

export interface StoredRequest<C, W> {
  reference: string;
  content: C;
  workflow: W;
  etag: string;
  updatedAt: string;
}

/** A change as written: the request, and the outbox rows it created as they are stored. */
export interface WrittenChange<C, W> {
  stored: StoredRequest<C, W>;
  outbox?: OutboxRow[];
}

export class RequestConflictError extends Error {
  readonly code = 'REQUEST_CHANGED' satisfies ErrorCode;
  constructor() {
    super('The request was changed by someone else at the same moment.');
  }
}

const RequestEntity = z.object({ etag: z.string(), status: z.string(), title: z.string(), updatedAt: z.string() }).passthrough();

/**
 * Submitted requests (RK request_<reference> in the request's partition, see
 * request-table.ts) and their audit. Every change writes the request row (checked against
 * the etag it was read with), its audit row and its outbox rows in one entity-group
 * transaction, so a change, its audit entry and what it causes exist together or not at all.
 */
export class RequestStore<C, W extends { status: string; version: number }> {
  private readonly listing: OfficerListing;
  /** Built once: zod compiles a parser for each schema object the first time it parses. */
  private readonly data: z.ZodType<{ content: C; workflow: W }>;

  constructor(
    private readonly table: TableClient,
    schemas: { content: z.ZodType<C>; workflow: z.ZodType<W> },
    private readonly titleOf: (content: C) => string,
  ) {
    this.listing = new OfficerListing(table);
    this.data = z.object({ content: schemas.content, workflow: schemas.workflow });
  }

  /**
   * Moves a draft into its own partition under its new reference. The draft is claimed
   * first (with its etag), so two clicks on Submit cannot both succeed; its row is left as
   * a tombstone naming the reference.
   */
  async submitDraft(
    owner: PersonKey,
    draft: DraftRecord<C>,
    reference: string,
    workflow: W,
    audit: object,
    now = new Date(),
    notifications: readonly object[] = [],
  ): Promise<StoredRequest<C, W>> {
    const ownerPk = ownerPartition(owner);
    const title = this.titleOf(draft.content).slice(0, 200);
    try {
      // Claimed in the officer's list too, which stops listing it as a draft.
      await submitTransaction(this.table, [
        ['update', { partitionKey: ownerPk, rowKey: `d_${draft.draftId}`, submittingAs: reference }, 'Merge', { etag: draft.etag }],
        this.listing.draftEntry(ownerPk, { ...draft, title, submittingAs: reference }),
      ]);
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) throw new DraftConflictError();
      throw e;
    }
    const at = now.toISOString();
    const pk = requestPartition(reference);
    const row = {
      partitionKey: pk,
      rowKey: requestRowKey(reference),
      status: workflow.status,
      version: workflow.version,
      title,
      owner: ownerPk,
      updatedAt: at,
      ...toChunks({ content: draft.content, workflow }),
    };
    const result = await submitTransaction(this.table, [
      ['create', row],
      ['create', { partitionKey: pk, rowKey: auditRowKey(reference, workflow.version, 0), at, entry: JSON.stringify(audit) }],
      ...outboxRows(reference, workflow.version, at, notifications).map((row): TransactionAction => ['create', row]),
      // A new partition: no outbox row before this version's own exists (see Drained).
      ['create', firstPostsRow(reference, notifications.length ? workflow.version - 1 : workflow.version)],
    ]);
    await this.listing.closeDraft(ownerPk, draft.draftId, { reference, title, status: workflow.status, updatedAt: at });
    const etag = result.subResponses[0]?.etag ?? '';
    return { reference, content: draft.content, workflow, etag, updatedAt: at };
  }

  async get(reference: string): Promise<StoredRequest<C, W> | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(requestPartition(reference), requestRowKey(reference));
      const row = RequestEntity.parse(entity);
      const data = this.data.parse(fromChunks(entity));
      return { reference, content: data.content, workflow: data.workflow, etag: row.etag, updatedAt: row.updatedAt };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * Writes a state change, its audit row and the outbox rows for what it causes in one
   * transaction, only over the version read. `content` replaces the request's content
   * (a returned request resubmitted with changes). Returns the request as written and the
   * outbox rows as created, with their etags (none when the write is recognised after a
   * lost answer: their etags are unknown).
   */
  async transition(
    owner: PersonKey,
    current: StoredRequest<C, W>,
    workflow: W,
    audit: object,
    now = new Date(),
    notifications: readonly object[] = [],
    content?: C,
  ): Promise<WrittenChange<C, W>> {
    const at = now.toISOString();
    const pk = requestPartition(current.reference);
    const nextContent = content ?? current.content;
    const title = this.titleOf(nextContent).slice(0, 200);
    const outbox = outboxRows(current.reference, workflow.version, at, notifications);
    let etags: Array<string | undefined>;
    try {
      const result = await submitTransaction(this.table, [
        [
          'update',
          {
            partitionKey: pk,
            rowKey: requestRowKey(current.reference),
            status: workflow.status,
            version: workflow.version,
            title,
            owner: ownerPartition(owner),
            updatedAt: at,
            ...toChunks({ content: nextContent, workflow }),
          },
          'Replace',
          { etag: current.etag },
        ],
        ['create', { partitionKey: pk, rowKey: auditRowKey(current.reference, workflow.version, 0), at, entry: JSON.stringify(audit) }],
        ...outbox.map((row): TransactionAction => ['create', row]),
      ]);
      etags = result.subResponses.map((r) => r.etag);
    } catch (e) {
      if (isPreconditionFailed(e) || isConflict(e)) {
        // A retried request whose first attempt succeeded also lands here: re-read and
        // compare before calling it a conflict.
        const stored = await this.get(current.reference);
        if (stored && stored.workflow.version === workflow.version && (await this.auditAt(current.reference, workflow.version)) === JSON.stringify(audit)) {
          return { stored };
        }
        throw new RequestConflictError();
      }
      throw e;
    }
    // The officer's list is a convenience copy: safe to rewrite after the fact.
    await this.listing.listRequest(ownerPartition(owner), current.reference, { title, status: workflow.status, updatedAt: at });
    return {
      stored: { ...current, content: nextContent, workflow, etag: etags[0] ?? '', updatedAt: at },
      outbox: outbox.map((row, i) => ({
        reference: current.reference,
        rowKey: row.rowKey,
        etag: etags[i + 2] ?? '',
        notification: notifications[i],
        attempts: 0,
      })),
    };
  }

  /**
   * Records a refused attempt (someone not allowed tried to act). It is a row of its own
   * beside the transitions; the request row and its etag are untouched.
   */
  async auditRefusal(reference: string, version: number, entry: object, now = new Date()): Promise<void> {
    const rowKey = `a_${String(version).padStart(6, '0')}_r${now.getTime().toString(36)}${randomUUID().slice(0, 8)}`;
    await this.table.createEntity({ partitionKey: requestPartition(reference), rowKey, at: now.toISOString(), entry: JSON.stringify(entry) });
  }

  async audit(reference: string): Promise<Array<{ at: string; entry: unknown }>> {
    const rows: Array<{ at: string; entry: unknown }> = [];
    const pk = requestPartition(reference);
    for await (const e of this.table.listEntities<{ at: string; entry: string }>({
      queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey ge 'a_' and RowKey lt 'a_~'` },
    })) {
      rows.push({ at: e.at, entry: JSON.parse(e.entry) as unknown });
    }
    return rows;
  }

  private async auditAt(reference: string, version: number): Promise<string | undefined> {
    try {
      const row = await this.table.getEntity<{ entry: string }>(requestPartition(reference), auditRowKey(reference, version, 0));
      return row.entry;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
