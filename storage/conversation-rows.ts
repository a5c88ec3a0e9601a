import type { TableClient } from '@azure/data-tables';
import { isNotFound } from './errors';
import { RecentCache } from './recent-cache';
import type { RowKeys } from './conversation-keys';
import { parseRow, toStored, type ConversationRow, type StoredConversation } from './conversation-record';

/**
 * Conversation rows read through a short-lived copy. Every notification looks a reference
 * up and they seldom change, so a copy saves a round trip a send. Saves and marks made
 * here update it; another instance's marks are seen within a minute (a send meanwhile is
 * refused and marked again), and rows marked unreachable are never kept.
 */
export class ConversationRows {
  private readonly cache = new RecentCache<StoredConversation>(10_000, 60_000);

  constructor(private readonly table: TableClient) {}

  async get(keys: RowKeys): Promise<StoredConversation | undefined> {
    const hit = this.cache.get(cacheKey(keys));
    if (hit) return hit;
    const row = await this.read(keys);
    const stored = row && toStored(row);
    if (stored) this.remembered(keys, stored);
    return stored;
  }

  /** Writes the row whole: a fresh reference clears any earlier `unreachable` mark. */
  async replace(keys: RowKeys, stored: StoredConversation): Promise<void> {
    await this.table.upsertEntity(
      { ...keys, kind: stored.kind, reference: JSON.stringify(stored.reference), teamId: stored.teamId, updatedAt: stored.updatedAt },
      'Replace',
    );
    this.remembered(keys, stored);
  }

  /** The row as stored, uncached, with its etag. */
  async read(keys: RowKeys): Promise<ConversationRow | undefined> {
    try {
      return parseRow(await this.table.getEntity(keys.partitionKey, keys.rowKey));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Merges `mark` into the row only if it is still as read; gone or re-saved rows are left alone. */
  async mergeIfUnchanged(keys: RowKeys, row: ConversationRow, mark: Record<string, string>): Promise<void> {
    try {
      await this.table.updateEntity({ ...keys, ...mark }, 'Merge', { etag: row.etag });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 412) throw error;
    }
  }

  forget(keys: RowKeys): void {
    this.cache.delete(cacheKey(keys));
  }

  private remembered(keys: RowKeys, stored: StoredConversation): void {
    const key = cacheKey(keys);
    this.cache.delete(key);
    // An unreachable mark is always read afresh, so a reinstall seen by another instance counts at once.
    if (!stored.unreachable) this.cache.set(key, stored);
  }
}

const cacheKey = (keys: RowKeys) => `${keys.partitionKey}\n${keys.rowKey}`;
