import { randomBytes } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound, isPreconditionFailed } from './errors';
import { MAX_TRANSACTION_ACTIONS } from './partition-transaction';
import { submitTransaction } from './transaction-wire';

/**
 * Work due at a time, in one partition so a scan is a single range read:
 *   PK due   RK <dueAt ISO>_<reference>_<kind>_<n>
 * Rows are written *before* the change that needs them (an intent), so a crash can never
 * leave a change without its follow-up; whoever processes a row re-reads the request and
 * drops rows that no longer apply. Several bot instances may scan at once: each row is
 * claimed with a lease written over the etag read, so only one instance processes it.
 */
export const SCHEDULE_KINDS = ['outbox', 'remind', 'escalate', 'end_call_in', 'ledger'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

export interface ScheduledItem {
  rowKey: string;
  etag: string;
  reference: string;
  kind: ScheduleKind;
  dueAt: string;
  /** What the item is about, e.g. the version and person a reminder is for. */
  data: Record<string, unknown>;
}

/** Work to schedule: what, for which request, when, and what it is about. */
export interface ScheduledWork {
  reference: string;
  kind: ScheduleKind;
  dueAt: Date;
  data?: Record<string, unknown>;
}

const PARTITION = 'due';
const Row = z.object({
  rowKey: z.string(),
  etag: z.string(),
  reference: z.string(),
  kind: z.enum(SCHEDULE_KINDS),
  dueAt: z.string(),
  data: z.string().default('{}'),
  leaseUntil: z.string().optional(),
});

let counter = 0;
/**
 * This process among the instances writing items: random, as App Service containers can
 * share a pid, and two items with one key would overwrite each other (an upsert).
 */
const INSTANCE = randomBytes(4).toString('hex');

export class ScheduleStore {
  constructor(private readonly table: TableClient) {}

  /**
   * Writes the items in one transaction (sending a request for review schedules seven); past
   * 100, one a hundred. Returns them as stored, so whoever does one first can remove it.
   */
  async add(items: readonly ScheduledWork[]): Promise<ScheduledItem[]> {
    const rows = items.map((item) => {
      counter = (counter + 1) % 1_000_000;
      const dueAt = item.dueAt.toISOString();
      const rowKey = `${dueAt}_${item.reference}_${item.kind}_${INSTANCE}${String(counter).padStart(6, '0')}`;
      return { rowKey, reference: item.reference, kind: item.kind, dueAt, data: item.data ?? {} };
    });
    const etags = await this.write(
      rows.map(({ data, ...row }): TransactionAction => ['upsert', { partitionKey: PARTITION, ...row, data: JSON.stringify(data) }, 'Replace']),
    );
    return rows.map((row, i) => ({ ...row, etag: etags[i] ?? '' }));
  }

  /** Items due by `now` and not leased by anyone, oldest first. */
  async due(now: Date, limit = 200): Promise<ScheduledItem[]> {
    const found: ScheduledItem[] = [];
    // ISO times sort as text, so "due by now" is a row-key range of the one partition.
    const filter = `PartitionKey eq '${PARTITION}' and RowKey le '${now.toISOString()}~'`;
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
      const row = Row.safeParse(entity);
      if (!row.success) continue;
      if (row.data.leaseUntil && row.data.leaseUntil > now.toISOString()) continue;
      found.push({
        rowKey: row.data.rowKey,
        etag: row.data.etag,
        reference: row.data.reference,
        kind: row.data.kind,
        dueAt: row.data.dueAt,
        data: JSON.parse(row.data.data) as Record<string, unknown>,
      });
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Takes the item for `leaseMs`; false when another instance got there first. */
  async claim(item: ScheduledItem, now: Date, leaseMs = 60_000): Promise<ScheduledItem | undefined> {
    try {
      const result = await this.table.updateEntity(
        { partitionKey: PARTITION, rowKey: item.rowKey, leaseUntil: new Date(now.getTime() + leaseMs).toISOString() },
        'Merge',
        { etag: item.etag },
      );
      return { ...item, etag: result.etag ?? '' };
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  async complete(item: ScheduledItem): Promise<void> {
    try {
      await this.table.deleteEntity(PARTITION, item.rowKey, { etag: item.etag });
    } catch (e) {
      if (!isNotFound(e) && !isPreconditionFailed(e)) throw e;
    }
  }

  /**
   * Removes items whose work is done, whoever holds them (in one transaction). If one is
   * already gone the rest stay, and the scan finds nothing left to do for them.
   */
  async remove(items: readonly ScheduledItem[]): Promise<void> {
    try {
      await this.write(items.map((item): TransactionAction => ['delete', { partitionKey: PARTITION, rowKey: item.rowKey }]));
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** Upserts or deletes, a transaction a hundred; a lone one is a plain request. The etags, in order. */
  private async write(actions: TransactionAction[]): Promise<Array<string | undefined>> {
    const etags: Array<string | undefined> = [];
    for (let i = 0; i < actions.length; i += MAX_TRANSACTION_ACTIONS) {
      const chunk = actions.slice(i, i + MAX_TRANSACTION_ACTIONS);
      const [kind, entity] = chunk[0]!;
      if (chunk.length > 1) etags.push(...(await submitTransaction(this.table, chunk)).subResponses.map((r) => r.etag));
      else if (kind === 'delete') {
        await this.table.deleteEntity(PARTITION, entity.rowKey);
        etags.push(undefined);
      } else etags.push((await this.table.upsertEntity(entity, 'Replace')).etag);
    }
    return etags;
  }

  /** Hands a claimed item back to be tried again at `at`. */
  async retryAt(item: ScheduledItem, at: Date): Promise<void> {
    await this.add([{ reference: item.reference, kind: item.kind, dueAt: at, data: item.data }]);
    await this.complete(item);
  }
}
