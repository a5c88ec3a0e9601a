import { TableClient } from '@azure/data-tables';
import { fromChunks, toChunks } from '../../storage/chunked-json';
import { assertEntityFits } from '../../storage/entity-size';
import { isConflict, isNotFound, isPreconditionFailed, tableStatus } from '../../storage/errors';
import { decodeKey, encodeKey } from '../../storage/keys';
import { submitPartitionTransaction } from '../../storage/partition-transaction';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

/**
 * The storage helpers that guard against what Table Storage, Azurite and the SDK do at the
 * edges, each checked against real Azurite: what the project stores comes back as it was,
 * and what the service would refuse (or garble) is refused or escaped before it is sent.
 */
describe('storage helpers against Azurite', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Edges`, { allowInsecureConnection: true });
    await table.createTable();
  });

  it('classifies 404, 409 and 412 from their status codes (errors.ts)', async () => {
    const created = await table.createEntity({ partitionKey: 'e', rowKey: 'r', v: 1 });
    const duplicate = await table.createEntity({ partitionKey: 'e', rowKey: 'r' }).catch((e: unknown) => e);
    const missing = await table.getEntity('e', 'none').catch((e: unknown) => e);
    await table.updateEntity({ partitionKey: 'e', rowKey: 'r', v: 2 }, 'Replace', { etag: created.etag });
    const stale = await table.updateEntity({ partitionKey: 'e', rowKey: 'r', v: 3 }, 'Replace', { etag: created.etag }).catch((e: unknown) => e);
    expect([isConflict(duplicate), isNotFound(missing), isPreconditionFailed(stale)]).toEqual([true, true, true]);
    expect([isConflict(stale), isNotFound(duplicate), isPreconditionFailed(missing)]).toEqual([false, false, false]);
    expect(tableStatus('not an error')).toBeUndefined();
  });

  it('round-trips non-ASCII text whose bytes straddle a 64 KiB request chunk (chunked-json.ts)', async () => {
    const value = { text: 'x'.repeat(40_000) + '😀é中'.repeat(8_000), note: 'مرحبا ‮right-to-left' };
    await table.createEntity({ partitionKey: 'utf8', rowKey: 'r', ...toChunks(value) });
    const read = await table.getEntity<Record<string, unknown>>('utf8', 'r');
    expect(fromChunks(read)).toEqual(value);
  });

  it('refuses, before sending, an entity over 1 MiB or 252 properties (entity-size.ts)', () => {
    const wide: Record<string, string> = { partitionKey: 'big', rowKey: 'r' };
    for (let i = 0; i < 260; i++) wide[`p${i}`] = 'x';
    expect(() => assertEntityFits(wide)).toThrow(/252/);
    const heavy: Record<string, string> = { partitionKey: 'big', rowKey: 'r' };
    for (let i = 0; i < 20; i++) heavy[`p${i}`] = 'x'.repeat(32_000);
    expect(() => assertEntityFits(heavy)).toThrow(/1 MiB/);
  });

  it('stores and reads back keys with lone surrogates and forbidden characters (keys.ts)', async () => {
    const raw = 'half\ud83d /a\\b#c?d\u0001%';
    const key = encodeKey(raw);
    await table.createEntity({ partitionKey: key, rowKey: 'r', v: 1 });
    const read = await table.getEntity<{ v: number }>(key, 'r');
    expect([read.v, decodeKey(read.partitionKey!)]).toEqual([1, raw]);
  });

  it('makes a transaction fail as a whole when its guarding update carries a stale etag (partition-transaction.ts)', async () => {
    const guard = await table.createEntity({ partitionKey: 'tx', rowKey: 'guard', v: 1 });
    await table.createEntity({ partitionKey: 'tx', rowKey: 'doomed' });
    await table.updateEntity({ partitionKey: 'tx', rowKey: 'guard', v: 2 }, 'Replace', { etag: guard.etag! });
    const result = await submitPartitionTransaction(table, 'tx', [
      { kind: 'update', entity: { partitionKey: 'tx', rowKey: 'guard', v: 3 }, etag: guard.etag! },
      { kind: 'delete', rowKey: 'doomed' },
    ]);
    expect(result).toMatchObject({ ok: false, reason: 'etag-mismatch' });
    await expect(table.getEntity('tx', 'doomed')).resolves.toBeDefined();
  });
});
