import type { TableClient, TableEntity, TransactionAction, UpdateMode } from '@azure/data-tables';
import { entityBytes, assertEntityFits } from './entity-size';
import { StorageError, tableStatus } from './errors';
import { submitTransaction } from './transaction-wire';

type Entity = TableEntity<Record<string, unknown>>;

/**
 * One write in a single-partition transaction. An `update` must match its etag. A `delete`
 * cannot carry one: the SDK's submitTransaction drops delete options (13.3.2), so guard a
 * delete by updating another row of the partition with its etag in the same batch.
 * Deleting a missing row fails the whole batch ('not-found').
 */
export type PartitionAction =
  | { kind: 'create'; entity: Entity }
  | { kind: 'update'; entity: Entity; etag: string; mode?: UpdateMode }
  | { kind: 'upsert'; entity: Entity; mode?: UpdateMode }
  | { kind: 'delete'; rowKey: string };

/** Why Table Storage refused the batch: a stale etag, a row that exists, or one that does not. */
export type ConflictReason = 'etag-mismatch' | 'already-exists' | 'not-found';

export type TransactionResult =
  | { ok: true; etags: Array<string | undefined> } // in action order; undefined for deletes
  | { ok: false; reason: ConflictReason; status: number; actionIndex?: number };

export const MAX_TRANSACTION_ACTIONS = 100;
const MAX_TRANSACTION_BYTES = 4 * 1024 * 1024;

const REASONS: Record<number, ConflictReason> = { 412: 'etag-mismatch', 409: 'already-exists', 404: 'not-found' };

/**
 * Writes several rows of one partition all or nothing (an entity group transaction), e.g.
 * a state change, its audit row and its outbox row. A conflict is a result, not an
 * exception, because callers expect it and decide (reload, tell the user). Nothing is
 * written when any action fails (seen on Azurite 3.37). Note: a 412 after the SDK retried
 * a request whose reply was lost can hide a batch that succeeded: re-read before reporting.
 */
export async function submitPartitionTransaction(table: TableClient, partitionKey: string, actions: PartitionAction[]): Promise<TransactionResult> {
  validate(partitionKey, actions);
  try {
    const response = await submitTransaction(
      table,
      actions.map((action) => toSdk(partitionKey, action)),
    );
    return { ok: true, etags: actions.map((action, i) => (action.kind === 'delete' ? undefined : response.subResponses[i]?.etag)) };
  } catch (error) {
    const status = tableStatus(error);
    const reason = status === undefined ? undefined : REASONS[status];
    if (!reason || status === undefined) throw error;
    return { ok: false, reason, status, actionIndex: failedIndex(error) };
  }
}

function validate(partitionKey: string, actions: PartitionAction[]): void {
  const invalid = (message: string) => new StorageError('STORAGE_INVALID_BATCH', message);
  if (actions.length === 0 || actions.length > MAX_TRANSACTION_ACTIONS)
    throw invalid(`A transaction holds 1 to ${MAX_TRANSACTION_ACTIONS} actions, not ${actions.length}`);
  const rows = new Set<string>();
  let bytes = 0;
  for (const action of actions) {
    const rowKey = action.kind === 'delete' ? action.rowKey : action.entity.rowKey;
    if (action.kind !== 'delete') {
      if (action.entity.partitionKey !== partitionKey) throw invalid(`Row ${rowKey} is in partition ${action.entity.partitionKey}, not ${partitionKey}`);
      assertEntityFits(action.entity);
      bytes += entityBytes(action.entity);
    }
    if (rows.has(rowKey)) throw invalid(`Row ${rowKey} appears twice; a transaction may touch a row once`);
    rows.add(rowKey);
  }
  if (bytes > MAX_TRANSACTION_BYTES) throw new StorageError('STORAGE_VALUE_TOO_LARGE', 'Transaction is over the 4 MiB limit');
}

function toSdk(partitionKey: string, action: PartitionAction): TransactionAction {
  switch (action.kind) {
    case 'create':
      return ['create', action.entity];
    case 'update':
      return ['update', action.entity, action.mode ?? 'Replace', { etag: action.etag }];
    case 'upsert':
      return ['upsert', action.entity, action.mode ?? 'Replace'];
    case 'delete':
      return ['delete', { partitionKey, rowKey: action.rowKey }];
  }
}

/** The service prefixes a batch error's message with the failing action's index ("1:The update..."). */
function failedIndex(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : '';
  const match = /^(\d+):/.exec(message);
  return match ? Number(match[1]) : undefined;
}
