import type { TableClient } from '@azure/data-tables';
import { fromChunks, toChunks } from './chunked-json';
import { isNotFound, isPreconditionFailed } from './table-errors';
import { decodeKey, encodeKey } from './table-keys';

export type StoreItem = Record<string, unknown> & { eTag?: string };
export type StoreItems = Record<string, StoreItem>;

export class StateConflictError extends Error {
  readonly code = 'STATE_CONFLICT';
  constructor(key: string) {
    super(`Storage: etag conflict writing "${key}"`);
  }
}

/**
 * botbuilder's `Storage` contract on Azure Tables, behaving like its MemoryStorage:
 * a missing or '*' eTag overwrites, a stale eTag throws, a write to a missing key
 * creates it. One row per key (PK = the escaped key), so every read is a point read.
 * Declared structurally so storage/ need not import botbuilder.
 */
export class TableBotStorage {
  private static readonly ROW = 'state';

  constructor(private readonly table: TableClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    await Promise.all(
      keys.map(async (key) => {
        try {
          const entity = await this.table.getEntity<Record<string, unknown>>(encodeKey(key), TableBotStorage.ROW);
          const value = fromChunks(entity) as StoreItem;
          items[key] = { ...value, eTag: entity.etag };
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        const { eTag, ...value } = item;
        const entity = { partitionKey: encodeKey(key), rowKey: TableBotStorage.ROW, key: key.slice(0, 1000), ...toChunks(value) };
        if (!eTag || eTag === '*') {
          await this.table.upsertEntity(entity, 'Replace');
          return;
        }
        try {
          await this.table.updateEntity(entity, 'Replace', { etag: eTag });
        } catch (error) {
          if (isPreconditionFailed(error)) throw new StateConflictError(key);
          if (!isNotFound(error)) throw error;
          await this.table.createEntity(entity);
        }
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.table.deleteEntity(encodeKey(key), TableBotStorage.ROW);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }),
    );
  }

  /** For diagnostics and tests: the key a stored row belongs to. */
  static keyOf(partitionKey: string): string {
    return decodeKey(partitionKey);
  }
}
