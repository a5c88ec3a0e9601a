import { randomBytes } from 'node:crypto';
import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound } from './errors';
import { isGuid } from './keys';
import { submitTransaction } from './transaction-wire';

/**
 * The Documents table: one partition per file kept in Blob Storage (document-blobs.ts).
 *
 *   PK f_<fileId>
 *     RK meta          whose it is (tenant, officer, draft, request once known), what it
 *                      is (name, type, size, SHA-256), and how long it is kept
 *     RK a_<time>_<n>  one audit row per change: attached, described, replaced, removed,
 *                      deleted (by the officer, or by the retention sweep)
 *
 * File ids are made here (lower-case letters and digits), so nothing typed reaches a key;
 * filters are built with `odata`, which escapes their values.
 */
export type FileState = 'draft' | 'request' | 'deleted';

export const StoredFileSchema = z.object({
  fileId: z.string().regex(/^[a-z0-9]{10,40}$/),
  tenantId: z.string().refine(isGuid),
  ownerId: z.string().refine(isGuid),
  draftId: z.string().max(40),
  /** The request the draft became (or revises), once known. */
  reference: z.string().max(20).optional(),
  fileName: z.string().max(120),
  kind: z.string().max(10),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().max(64),
  uploadedAt: z.string(),
  /** Kept at least until then; the sweep looks again once it has passed (document-retention.ts). */
  keepUntil: z.string(),
  state: z.enum(['draft', 'request', 'deleted']),
  deletedAt: z.string().optional(),
});
export type StoredFile = z.infer<typeof StoredFileSchema>;

export interface DocumentAuditEntry {
  action: 'attached' | 'described' | 'replaced' | 'removed' | 'deleted';
  at: string;
  by?: { aadObjectId: string; name: string };
  draftId?: string;
  reference?: string;
  /** The version of the request the change was made in. */
  version?: number;
  entryId?: string;
  title?: string;
  exempt?: false | { paragraph: number };
  reason?: string;
}

const META = 'meta';
const partition = (fileId: string) => `f_${fileId}`;

/** A new file id: time-ordered, then random. */
export function newFileId(now = new Date()): string {
  return now.getTime().toString(36).padStart(9, '0') + randomBytes(8).toString('hex');
}

export class DocumentStore {
  constructor(private readonly table: TableClient) {}

  /** The file's row and its first audit row, together or not at all. */
  async recordUpload(file: StoredFile, entry: DocumentAuditEntry): Promise<void> {
    const parsed = StoredFileSchema.parse(file);
    await submitTransaction(this.table, [
      ['create', { partitionKey: partition(parsed.fileId), rowKey: META, ...parsed }],
      ['create', this.auditRow(parsed.fileId, entry)],
    ]);
  }

  async get(fileId: string): Promise<StoredFile | undefined> {
    if (!/^[a-z0-9]{10,40}$/.test(fileId)) return undefined;
    try {
      const row = await this.table.getEntity<Record<string, unknown>>(partition(fileId), META);
      return StoredFileSchema.parse(row);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Changes the file's row (who holds it, how long it is kept) and audits why, together. */
  async update(fileId: string, patch: Partial<Pick<StoredFile, 'reference' | 'keepUntil' | 'state' | 'deletedAt'>>, entry?: DocumentAuditEntry): Promise<void> {
    await submitTransaction(this.table, [
      ['update', { partitionKey: partition(fileId), rowKey: META, ...patch }, 'Merge'],
      ...(entry ? [['create', this.auditRow(fileId, entry)] as ['create', Record<string, unknown> & { partitionKey: string; rowKey: string }]] : []),
    ]);
  }

  async audit(fileId: string, entry: DocumentAuditEntry): Promise<void> {
    await this.table.createEntity(this.auditRow(fileId, entry));
  }

  /** The file's audit, oldest first. */
  async auditOf(fileId: string): Promise<DocumentAuditEntry[]> {
    const rows: DocumentAuditEntry[] = [];
    const filter = odata`PartitionKey eq ${partition(fileId)} and RowKey ge 'a_' and RowKey lt 'a_~'`;
    for await (const row of this.table.listEntities<{ entry: string }>({ queryOptions: { filter } })) rows.push(JSON.parse(row.entry) as DocumentAuditEntry);
    return rows;
  }

  /** Files in `state` whose time to be looked at again has come. */
  async *due(state: Exclude<FileState, 'deleted'>, now: Date): AsyncIterable<StoredFile> {
    const filter = odata`RowKey eq ${META} and state eq ${state} and keepUntil le ${now.toISOString()}`;
    for await (const row of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const file = StoredFileSchema.safeParse(row);
      if (file.success) yield file.data;
    }
  }

  private auditRow(fileId: string, entry: DocumentAuditEntry) {
    const at = new Date(entry.at).getTime().toString(36).padStart(9, '0');
    return { partitionKey: partition(fileId), rowKey: `a_${at}_${randomBytes(4).toString('hex')}`, at: entry.at, entry: JSON.stringify(entry) };
  }
}
