import { TableClient } from '@azure/data-tables';
import { isConflict, isNotFound, isPreconditionFailed, tableStatus } from '../../storage/errors';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

/**
 * What Azurite 3.37 and @azure/data-tables 13.3.2 do that storage/ works around. If one of
 * these starts failing, the emulator or SDK changed: revisit the workaround named.
 */
describe('Azurite and SDK behaviour the storage layer relies on', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Quirks`, { allowInsecureConnection: true });
    await table.createTable();
  });

  it('reports 404, 409 and 412 on statusCode, with an empty code (errors.ts)', async () => {
    const created = await table.createEntity({ partitionKey: 'e', rowKey: 'r', v: 1 });
    const duplicate = await table.createEntity({ partitionKey: 'e', rowKey: 'r' }).catch((e: unknown) => e);
    const missing = await table.getEntity('e', 'none').catch((e: unknown) => e);
    await table.updateEntity({ partitionKey: 'e', rowKey: 'r', v: 2 }, 'Replace', { etag: created.etag });
    const stale = await table.updateEntity({ partitionKey: 'e', rowKey: 'r', v: 3 }, 'Replace', { etag: created.etag }).catch((e: unknown) => e);
    expect([isConflict(duplicate), isNotFound(missing), isPreconditionFailed(stale)]).toEqual([true, true, true]);
    expect((stale as { code?: unknown }).code).toBeFalsy();
    expect(tableStatus('not an error')).toBeUndefined();
  });

  it('garbles UTF-8 split across a 64 KiB request chunk (chunked-json.ts writes ASCII)', async () => {
    const text = 'x'.repeat(40_000) + '😀'.repeat(20_000); // the emoji straddle byte 65,536
    const [a, b, c] = [text.slice(0, 32_000), text.slice(32_000, 64_000), text.slice(64_000)]; // pairs intact
    await table.createEntity({ partitionKey: 'utf8', rowKey: 'r', a, b, c });
    const read = await table.getEntity<{ a: string; b: string; c: string }>('utf8', 'r');
    expect(read.a + read.b + read.c === text).toBe(false);
    expect((read.a + read.b + read.c).includes('\ufffd')).toBe(true);
  });

  it('does not enforce the 1 MiB entity or 252-property limits (entity-size.ts does)', async () => {
    const columns: Record<string, string> = {};
    for (let i = 0; i < 260; i++) columns[`p${i}`] = 'x'.repeat(i < 20 ? 32_000 : 1);
    await expect(table.createEntity({ partitionKey: 'big', rowKey: 'r', ...columns })).resolves.toBeDefined();
  });

  it('accepts a key with a lone surrogate, which the SDK then cannot read (keys.ts escapes them)', async () => {
    await table.createEntity({ partitionKey: 'half\ud83d', rowKey: 'r' });
    await expect(table.getEntity('half\ud83d', 'r')).rejects.toThrow(/URI malformed/);
  });

  it('drops an etag given to a delete inside submitTransaction (partition-transaction.ts has none)', async () => {
    await table.createEntity({ partitionKey: 'del', rowKey: 'r' });
    const staleEtag = `W/"datetime'2000-01-01T00%3A00%3A00.0000000Z'"`;
    const action = ['delete', { partitionKey: 'del', rowKey: 'r' }, { etag: staleEtag }] as unknown as ['delete', { partitionKey: string; rowKey: string }];
    await table.submitTransaction([action]);
    await expect(table.getEntity('del', 'r')).rejects.toMatchObject({ statusCode: 404 });
  });
});
