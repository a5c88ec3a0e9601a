import { TableClient } from '@azure/data-tables';
import { MemoryStorage, type Storage } from 'botbuilder';
import { isStorageError } from '../../storage/errors';
import { partitionKeyFor, TableBotStorage } from '../../storage/table-bot-storage';
import { isLegalKey } from '../../storage/keys';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';
import { describeStorageContract } from './storage-contract';

async function newTable(): Promise<TableClient> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}BotState`, { allowInsecureConnection: true });
  await table.createTable();
  return table;
}

describeStorageContract('botbuilder MemoryStorage', async () => new MemoryStorage());
describeStorageContract('TableBotStorage on Azurite', async () => {
  const storage: Storage = new TableBotStorage(await newTable()); // assignable to botbuilder's Storage
  return storage;
});

describe('TableBotStorage specifics', () => {
  let table: TableClient;
  let storage: TableBotStorage;
  beforeAll(async () => {
    table = await newTable();
    storage = new TableBotStorage(table);
  });

  it('keeps one row per key: PK = escaped key, RK = state, value in chunks, with the id of the write', async () => {
    await storage.write({ 'msteams/users/29:1': { name: 'Ann' } });
    const row = await table.getEntity<Record<string, unknown>>('msteams%2fusers%2f29:1', 'state');
    expect(row).toMatchObject({ key: 'msteams%2fusers%2f29:1', chunks: 1, d0: '{"name":"Ann"}', writeId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  });

  it('hands out the Table etag as eTag', async () => {
    await storage.write({ e: { v: 1 } });
    const row = await table.getEntity('e', 'state');
    expect((await storage.read(['e'])).e!.eTag).toBe(row.etag);
  });

  it('refuses, with a code, a value real Table Storage would refuse (Azurite would take it)', async () => {
    const error = await storage.write({ huge: { text: 'x'.repeat(600_000) } }).catch((e: unknown) => e);
    expect(isStorageError(error, 'STORAGE_VALUE_TOO_LARGE')).toBe(true);
    expect(await storage.read(['huge'])).toEqual({});
  });

  it('stores a value just under the limit', async () => {
    const text = 'y'.repeat(500_000);
    await storage.write({ large: { text } });
    expect((await storage.read(['large'])).large!.text).toBe(text);
  });

  it('maps every key, however long, to a legal partition key', () => {
    for (const key of ['', 'plain', '/'.repeat(600), '😀'.repeat(400), 'a'.repeat(399) + '/' + 'b'.repeat(600), 'x'.repeat(399) + '\ud83d\ude00'.repeat(300)]) {
      expect(isLegalKey(partitionKeyFor(key))).toBe(true);
    }
    expect(partitionKeyFor('/'.repeat(600))).not.toBe(partitionKeyFor('/'.repeat(601)));
  });

  it('reports a damaged row rather than returning garbage', async () => {
    await table.upsertEntity({ partitionKey: 'damaged', rowKey: 'state', key: 'damaged', chunks: 2, d0: '{"a":' });
    await expect(storage.read(['damaged'])).rejects.toMatchObject({ code: 'STORAGE_DAMAGED_ROW' });
  });
});
