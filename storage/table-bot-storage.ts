import { createHash, randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { fromChunks, toChunks } from './chunked-json';
import { assertEntityFits } from './entity-size';
import { isConflict, isNotFound, isPreconditionFailed, StorageError, tableStatus } from './errors';
import { escapeKeyPart, MAX_KEY_CHARS } from './keys';

/** botbuilder's StoreItem / StoreItems / Storage, declared structurally (no botbuilder here). */
export interface StoreItem {
  eTag?: string;
  [property: string]: unknown;
}
export type StoreItems = Record<string, StoreItem>;
export interface StateStorage {
  read(keys: string[]): Promise<StoreItems>;
  write(changes: StoreItems): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

const ROW_KEY = 'state';
const WRITE_ID = 'writeId';
const MAX_KEY_COLUMN_CHARS = 30_000; // the key is kept in a string column too

const StateRow = z.object({ etag: z.string(), key: z.string() }).passthrough();
const Value = z.record(z.string(), z.unknown());

/**
 * botbuilder's `Storage` contract on one Azure table, behaving like its MemoryStorage:
 * no eTag or '*' overwrites; a specific eTag must match the row's, else the write throws
 * STORAGE_ETAG_CONFLICT (a malformed eTag included, which Table Storage answers with 400);
 * a write to a key that does not exist creates it, whatever its eTag; deleting a missing
 * key is not an error. The eTag handed out is the Table etag. Null keys or changes read
 * and write nothing, as botbuilder's storage base tests expect of storages other than its own.
 *
 * Every write stores a fresh random `writeId`. A 412 (or 409 on create) can answer the
 * SDK's retry of a write that landed but whose reply was lost: it counts as success only
 * when the row carries this write's own id. Equal values prove nothing: two writers that
 * read the same version and write the same value must not both win (lost updates).
 *
 * Layout: PartitionKey = the escaped key, RowKey = 'state'. One partition per key, so
 * every read is a point read and keys never contend with each other. A key whose escaped
 * form passes 1 KiB is stored as `<first 400 chars>%h<sha256>` (escaping never emits `%h`,
 * so no short key can collide); every row keeps the escaped key, in ASCII, in `key`,
 * checked on read.
 */
export class TableBotStorage implements StateStorage {
  constructor(private readonly table: TableClient) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    if (!keys) return items;
    await Promise.all(
      keys.map(async (key) => {
        const found = await this.readRow(key);
        if (found) items[key] = { ...found.value, eTag: found.etag };
      }),
    );
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) return;
    await Promise.all(Object.entries(changes).map(([key, item]) => this.writeOne(key, item)));
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) return;
    await Promise.all(
      keys.map(async (key) => {
        try {
          await this.table.deleteEntity(partitionKeyFor(key), ROW_KEY);
        } catch (error) {
          if (!isNotFound(error)) throw error;
        }
      }),
    );
  }

  private async writeOne(key: string, item: StoreItem): Promise<void> {
    const { eTag, ...value } = item;
    const writeId = randomUUID();
    const entity = { partitionKey: partitionKeyFor(key), rowKey: ROW_KEY, key: keyColumn(key), [WRITE_ID]: writeId, ...toChunks(value) };
    assertEntityFits(entity);
    if (!eTag || eTag === '*') {
      await this.table.upsertEntity(entity, 'Replace');
      return;
    }
    try {
      await this.table.updateEntity(entity, 'Replace', { etag: eTag });
      return;
    } catch (error) {
      if (isNotFound(error)) return this.create(key, entity, writeId);
      if (isPreconditionFailed(error)) {
        if (!(await this.holdsWrite(entity.partitionKey, writeId))) throw conflict(key);
        return;
      }
      if (tableStatus(error) !== 400) throw error;
      // A malformed eTag gets 400, on a missing row too. It cannot be the stored one, so it
      // conflicts like any stale eTag; only a 400 with the stored eTag is about something else.
      const now = await this.rawRow(entity.partitionKey);
      if (now === undefined) return this.create(key, entity, writeId);
      if (now.etag !== eTag) throw conflict(key);
      throw error;
    }
  }

  /** MemoryStorage creates a missing key whatever eTag it is given; so do we. */
  private async create(key: string, entity: Record<string, unknown> & { partitionKey: string; rowKey: string }, writeId: string): Promise<void> {
    try {
      await this.table.createEntity(entity);
    } catch (error) {
      if (!isConflict(error)) throw error;
      // Created by someone else meanwhile, unless the 409 answers the SDK's retry of our own create.
      if (!(await this.holdsWrite(entity.partitionKey, writeId))) throw conflict(key);
    }
  }

  /** Whether the row is the one this write stored (see the class comment). */
  private async holdsWrite(partitionKey: string, writeId: string): Promise<boolean> {
    return (await this.rawRow(partitionKey))?.[WRITE_ID] === writeId;
  }

  private async readRow(key: string): Promise<{ value: Record<string, unknown>; etag: string } | undefined> {
    const entity = await this.rawRow(partitionKeyFor(key));
    if (!entity) return undefined;
    const row = StateRow.safeParse(entity);
    if (!row.success || row.data.key !== keyColumn(key))
      throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored bot state row is damaged or belongs to another key');
    const value = Value.safeParse(fromChunks(entity));
    if (!value.success) throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored bot state is not an object');
    return { value: value.data, etag: row.data.etag };
  }

  private async rawRow(partitionKey: string): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.table.getEntity<Record<string, unknown>>(partitionKey, ROW_KEY);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

/** The PartitionKey a state key is stored under (see the class comment). */
export function partitionKeyFor(key: string): string {
  const escaped = escapeKeyPart(key);
  if (keyColumn(key).length > MAX_KEY_COLUMN_CHARS) throw new StorageError('STORAGE_KEY_TOO_LONG', `State key of ${key.length} characters is too long`);
  if (escaped.length <= MAX_KEY_CHARS) return escaped;
  // The head is only for people reading the table: never end it inside an escape or a pair.
  const head = escaped
    .slice(0, 400)
    .replace(/%[0-9a-fu]{0,4}$/, '')
    .replace(/[\ud800-\udbff]$/, '');
  return `${head}%h${createHash('sha256').update(escaped).digest('hex')}`;
}

/** The escaped key in ASCII (see chunked-json.ts on Azurite and UTF-8): a check column only. */
function keyColumn(key: string): string {
  return escapeKeyPart(key).replace(/[\u007f-\uffff]/g, (c) => `%u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function conflict(key: string): StorageError {
  // Same wording as botbuilder's MemoryStorage, so logs read alike whichever is in use.
  return new StorageError('STORAGE_ETAG_CONFLICT', `Storage: error writing "${key}" due to eTag conflict.`);
}
