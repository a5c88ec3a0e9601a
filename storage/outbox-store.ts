import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { isConflict, isNotFound, isPreconditionFailed } from './errors';
import { postsRowChange, type Drained, type PostedCard } from './posted-cards';
import { outboxRowKey, requestPartition } from './request-table';
import { submitTransaction } from './transaction-wire';

/**
 * A request's outbox: a row (RK x_<version>_<n>_<reference>) for each notification a
 * change causes, written in the change's own transaction (request-store.ts) and carried
 * out by the outbox drain. A row is claimed with a lease over its etag, done, then marked
 * done over the claim's etag, so with several instances (or after a crash) each
 * notification is sent once; done rows are swept away by a later claim.
 */
export interface OutboxRow {
  reference: string;
  rowKey: string;
  etag: string;
  notification: unknown;
  leaseUntil?: string;
  attempts: number;
}

const OutboxEntity = z.object({
  rowKey: z.string(),
  etag: z.string(),
  notification: z.string(),
  leaseUntil: z.string().optional(),
  attempts: z.number().int().optional(),
  done: z.boolean().optional(),
});

/** The rows to create, in a change's transaction, for the notifications it causes. */
export function outboxRows(reference: string, version: number, at: string, notifications: readonly object[]) {
  // A transaction holds at most 100 operations; the request, audit and (when it is created) posts rows take three.
  if (notifications.length > 97) throw new RangeError('Too many notifications for one change');
  return notifications.map((n, i) => ({
    partitionKey: requestPartition(reference),
    rowKey: outboxRowKey(reference, version, i),
    at,
    notification: JSON.stringify(n),
    attempts: 0,
  }));
}

/** The version of the change that wrote an outbox row (its row key begins x_<version>_). */
export function outboxVersion(row: Pick<OutboxRow, 'rowKey'>): number {
  return Number(row.rowKey.slice(2, 8));
}

/** A claim's length unless the drain names one (app/drain-notifications.ts renews it while a send is under way). */
const OUTBOX_LEASE_MS = 5_000;

/** The columns that lease an outbox row, and the row as it is once leased. */
function leaseOf(row: OutboxRow, now: Date, leaseMs = OUTBOX_LEASE_MS, renewal = false) {
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  const attempts = renewal ? row.attempts : row.attempts + 1;
  return { entity: { partitionKey: requestPartition(row.reference), rowKey: row.rowKey, leaseUntil, attempts }, row: { ...row, leaseUntil, attempts } };
}

export class OutboxStore {
  constructor(private readonly table: TableClient) {}

  /** Notifications not yet carried out, in the order their changes made them. */
  async pending(reference: string): Promise<OutboxRow[]> {
    return (await this.read(reference)).pending;
  }

  /** The outbox rows still to do, and the keys of rows done but not yet swept away. */
  async read(reference: string): Promise<{ pending: OutboxRow[]; done: string[] }> {
    const pending: OutboxRow[] = [];
    const done: string[] = [];
    const pk = requestPartition(reference);
    for await (const e of this.table.listEntities<Record<string, unknown>>({
      queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey ge 'x_' and RowKey lt 'x_~'` },
    })) {
      const row = OutboxEntity.parse(e);
      if (row.done) done.push(row.rowKey);
      else
        pending.push({
          reference,
          rowKey: row.rowKey,
          etag: row.etag,
          notification: JSON.parse(row.notification) as unknown,
          leaseUntil: row.leaseUntil,
          attempts: row.attempts ?? 0,
        });
    }
    return { pending, done };
  }

  /**
   * Takes an outbox row for `leaseMs`, so no other instance sends it meanwhile. Rows done
   * earlier (`sweep`, row keys) are deleted in the same transaction: housekeeping that
   * costs no extra round trip.
   */
  async claim(row: OutboxRow, now: Date, leaseMs = OUTBOX_LEASE_MS, sweep: readonly string[] = []): Promise<OutboxRow | undefined> {
    const claim = leaseOf(row, now, leaseMs);
    try {
      if (!sweep.length) return { ...claim.row, etag: (await this.table.updateEntity(claim.entity, 'Merge', { etag: row.etag })).etag ?? '' };
      const pk = requestPartition(row.reference);
      // A transaction holds at most 100 operations; whatever is left is swept next time.
      const deletes = sweep.slice(0, 99).map((rowKey): TransactionAction => ['delete', { partitionKey: pk, rowKey }]);
      const result = await submitTransaction(this.table, [['update', claim.entity, 'Merge', { etag: row.etag }], ...deletes]);
      return { ...claim.row, etag: result.subResponses[0]?.etag ?? '' };
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Extends a claim this instance holds, over the claim's etag; undefined when the row is no longer ours. */
  async renew(row: OutboxRow, now: Date, leaseMs: number): Promise<OutboxRow | undefined> {
    const claim = leaseOf(row, now, leaseMs, true);
    try {
      return { ...claim.row, etag: (await this.table.updateEntity(claim.entity, 'Merge', { etag: row.etag })).etag ?? '' };
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * Marks an outbox row done, over the etag of the claim, so an instance whose lease ran
   * out cannot also complete it; a card it posted is remembered in the same transaction.
   * `next`, the row after it, is claimed in that transaction too, so a drain costs one
   * round trip a notification. If that claim loses (another instance took the row), the
   * row is completed on its own and no next row is returned. Done rows are swept by the
   * next claim.
   */
  async complete(
    row: OutboxRow,
    posted?: PostedCard,
    next?: { row: OutboxRow; now: Date; leaseMs?: number },
    drained?: Drained,
  ): Promise<{ done: boolean; next?: OutboxRow }> {
    const pk = requestPartition(row.reference);
    const actions: TransactionAction[] = [['update', { partitionKey: pk, rowKey: row.rowKey, done: true }, 'Merge', { etag: row.etag }]];
    // One entity may appear once in a transaction: the post and the drain's mark share the posts row.
    if (posted || drained) {
      const post = posted && { key: `${row.rowKey.slice(2)}_${posted.viewerAadObjectId.toLowerCase()}`, posted };
      actions.push(['upsert', postsRowChange(row.reference, post, drained), 'Merge']);
    }
    const claim = next && next.row.reference === row.reference ? leaseOf(next.row, next.now, next.leaseMs) : undefined;
    try {
      const result = await submitTransaction(this.table, claim ? [...actions, ['update', claim.entity, 'Merge', { etag: next!.row.etag }]] : actions);
      return claim ? { done: true, next: { ...claim.row, etag: result.subResponses.at(-1)?.etag ?? '' } } : { done: true };
    } catch (e) {
      if (!(isNotFound(e) || isPreconditionFailed(e) || isConflict(e))) throw e;
      if (claim) return this.complete(row, posted, undefined, drained);
      return { done: false };
    }
  }

  /** The version of the change that wrote a row (for the drain, which knows no row keys). */
  versionOf(row: Pick<OutboxRow, 'rowKey'>): number {
    return outboxVersion(row);
  }

  /** Gives a claimed row back after a failed send: no instance takes it before `notBefore`. */
  async release(row: OutboxRow, notBefore: Date): Promise<void> {
    try {
      await this.table.updateEntity({ partitionKey: requestPartition(row.reference), rowKey: row.rowKey, leaseUntil: notBefore.toISOString() }, 'Merge', {
        etag: row.etag,
      });
    } catch (e) {
      // No longer ours (its lease ran out and another instance took it): nothing to give back.
      if (!(isNotFound(e) || isPreconditionFailed(e))) throw e;
    }
  }
}
