import { TableClient } from '@azure/data-tables';
import { isStorageError } from '../../storage/errors';
import { TableBotStorage } from '../../storage/table-bot-storage';
import { FaultProxy, type ProxiedRequest } from '../support/fault-proxy';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

const isConflict = (error: unknown) => isStorageError(error, 'STORAGE_ETAG_CONFLICT');

/** Reads, adds one, writes with the eTag read; on a conflict, reads again. Returns how many conflicts it met. */
async function increment(storage: TableBotStorage, key: string): Promise<number> {
  for (let conflicts = 0; ; conflicts++) {
    const item = (await storage.read([key]))[key]!;
    try {
      await storage.write({ [key]: { ...item, n: (item.n as number) + 1 } });
      return conflicts;
    } catch (error) {
      if (!isConflict(error)) throw error;
    }
  }
}

/**
 * Writers that read the same version must not all win: a 412 is our own write only when
 * the row carries this write's id, never because the stored value happens to be equal.
 */
describe('TableBotStorage under concurrent writers (Azurite)', () => {
  const proxy = new FaultProxy(testConnectionString());
  let table: TableClient;
  let storage: TableBotStorage;
  beforeAll(async () => {
    await proxy.start();
    table = TableClient.fromConnectionString(proxy.connectionString, `${uniqueTablePrefix()}BotState`, { allowInsecureConnection: true });
    await table.createTable();
    storage = new TableBotStorage(table);
  });
  afterAll(() => proxy.stop());

  it('5 workers x 10 read-increment-write cycles, retrying on conflict, end at exactly 50', async () => {
    await storage.write({ counter: { n: 0 } });
    const conflicts = await Promise.all(
      Array.from({ length: 5 }, async () => {
        let met = 0;
        for (let cycle = 0; cycle < 10; cycle++) met += await increment(storage, 'counter');
        return met;
      }),
    );
    expect((await storage.read(['counter'])).counter!.n).toBe(50);
    // The workers did contend, so the retries were exercised rather than sidestepped.
    expect(conflicts.reduce((a, b) => a + b)).toBeGreaterThan(0);
  });

  it('8 writers with the same eTag and the same value: exactly one wins, 7 get the conflict error', async () => {
    await storage.write({ race: { n: 0 } });
    const read = (await storage.read(['race'])).race!;
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => storage.write({ race: { ...read, n: 1 } })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(rejected).toHaveLength(7);
    expect(rejected.every(isConflict)).toBe(true);
    expect((await storage.read(['race'])).race!.n).toBe(1);
  });

  it('8 writers with the same eTag and different values: the one that wins is the one stored', async () => {
    await storage.write({ distinct: { n: 0 } });
    const read = (await storage.read(['distinct'])).distinct!;
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => storage.write({ distinct: { ...read, n: i + 1 } })));
    const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i + 1] : []));
    expect(won).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').every((r) => isConflict((r as PromiseRejectedResult).reason))).toBe(true);
    expect((await storage.read(['distinct'])).distinct!.n).toBe(won[0]);
  });

  it('repeating a write with the eTag it already used is a conflict, even with the same value', async () => {
    await storage.write({ again: { v: 1 } });
    const first = (await storage.read(['again'])).again!;
    await storage.write({ again: { ...first, v: 2 } });
    await expect(storage.write({ again: { ...first, v: 2 } })).rejects.toMatchObject({ code: 'STORAGE_ETAG_CONFLICT' });
  });

  it.each(['garbage', '"x"', '**', 'W/"datetime\'2026-01-01T00%3A00%3A00.0000000Z\'"x'])(
    'a malformed eTag (%s) gives the conflict error and changes nothing',
    async (eTag) => {
      await storage.write({ malformed: { v: 1 } });
      const error = await storage.write({ malformed: { v: 2, eTag } }).catch((e: unknown) => e);
      expect(isConflict(error)).toBe(true);
      expect((await storage.read(['malformed'])).malformed!.v).toBe(1);
    },
  );

  it('a malformed eTag on a key that does not exist creates it, as any eTag does', async () => {
    await storage.write({ 'malformed-new': { v: 1, eTag: 'garbage' } });
    expect((await storage.read(['malformed-new']))['malformed-new']!.v).toBe(1);
  });

  const writesTo = (key: string) => (r: { method: string; path: string }) => (r.method === 'PUT' || r.method === 'POST') && r.path.includes(`'${key}'`);
  const since = (before: number, key: string): ProxiedRequest[] => proxy.requests.slice(before).filter(writesTo(key));

  it("accepts a 412 that answers the SDK's retry of its own write, whose reply was lost", async () => {
    await storage.write({ retried: { v: 1 } });
    const read = (await storage.read(['retried'])).retried!;
    const before = proxy.requests.length;
    const dropped = proxy.dropNextResponse(writesTo('retried'));
    await storage.write({ retried: { ...read, v: 2 } });
    await dropped;
    const writes = since(before, 'retried');
    expect(writes.map((w) => w.mode)).toEqual(['drop-response', 'pass']);
    expect(writes[1]!.answer).toMatch(/^412 /);
    expect((await storage.read(['retried'])).retried!.v).toBe(2);
  });

  it("accepts a 409 that answers the SDK's retry of its own create (a key written with an eTag it never had)", async () => {
    const before = proxy.requests.length;
    const dropped = proxy.dropNextResponse((r) => r.method === 'POST' && r.path.includes('BotState') && !r.path.includes('Tables'));
    await storage.write({ 'retried-create': { v: 1, eTag: 'W/"datetime\'2026-01-01T00%3A00%3A00.0000000Z\'"' } });
    await dropped;
    const creates = proxy.requests.slice(before).filter((r) => r.method === 'POST');
    expect(creates.map((w) => w.mode)).toEqual(['drop-response', 'pass']);
    expect(creates[1]!.answer).toMatch(/^409 /);
    expect((await storage.read(['retried-create']))['retried-create']!.v).toBe(1);
  });
});
