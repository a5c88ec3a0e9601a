import { TableClient } from '@azure/data-tables';
import { SequenceStore } from '../../storage/sequence';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

const consecutive = (n: number, from = 1) => Array.from({ length: n }, (_, i) => i + from);
const sorted = (numbers: number[]) => [...numbers].sort((x, y) => x - y);

describe('reference sequence', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Counters`, { allowInsecureConnection: true });
    await table.createTable();
  });

  it('gives 50 simultaneous callers on one instance 50 distinct consecutive numbers', async () => {
    const store = new SequenceStore(table, 'ONE');
    const numbers = await Promise.all(consecutive(50).map(() => store.next(2026)));
    expect(sorted(numbers)).toEqual(consecutive(50));
    expect(await store.current(2026)).toBe(50);
  });

  it('gives 50 simultaneous callers on two instances (two servers) 50 distinct consecutive numbers', async () => {
    const other = TableClient.fromConnectionString(testConnectionString(), table.tableName, { allowInsecureConnection: true });
    const a = new SequenceStore(table);
    const b = new SequenceStore(other);
    const numbers = await Promise.all(consecutive(50).map((i) => (i % 2 ? a : b).next(2026)));
    expect(sorted(numbers)).toEqual(consecutive(50));
  });

  it('starts again at 1 each calendar year and keeps sequences apart', async () => {
    const store = new SequenceStore(table);
    expect(await store.next(2027)).toBe(1);
    expect(await store.next(2027)).toBe(2);
    expect(await store.next(2026)).toBe(51);
    expect(await new SequenceStore(table, 'OTHER').next(2026)).toBe(1);
    expect(await store.current(2030)).toBe(0);
  });

  it('refuses a year that cannot be meant', async () => {
    const store = new SequenceStore(table);
    await expect(store.next(26)).rejects.toThrow();
    await expect(store.next(2026.5)).rejects.toThrow();
  });

  it('keeps one row per name and year: PK = name, RK = year', async () => {
    const row = await table.getEntity<{ value: number }>('ECR', '2027');
    expect(row.value).toBe(2);
  });

  it('gives up with a coded error when it cannot win', async () => {
    const store = new SequenceStore(table, 'BUSY', 3);
    const alwaysStale = Object.create(table) as TableClient;
    alwaysStale.updateEntity = async () => {
      throw Object.assign(new Error('stale'), { statusCode: 412 });
    };
    await new SequenceStore(table, 'BUSY').next(2026);
    await expect(new SequenceStore(alwaysStale, 'BUSY', 3).next(2026)).rejects.toMatchObject({ code: 'STORAGE_CONTENTION' });
    expect(await store.current(2026)).toBe(1);
  });

  it('counts a 412 that hides its own retried write as a win, not a skipped number', async () => {
    // The first reply is lost after the write landed; the SDK's retry then gets 412.
    const flaky = Object.create(table) as TableClient;
    flaky.updateEntity = async (...args: Parameters<TableClient['updateEntity']>) => {
      await table.updateEntity(...args);
      throw Object.assign(new Error('precondition failed on retry'), { statusCode: 412 });
    };
    const store = new SequenceStore(flaky, 'FLAKY');
    await new SequenceStore(table, 'FLAKY').next(2026);
    expect(await store.next(2026)).toBe(2);
    expect(await new SequenceStore(table, 'FLAKY').next(2026)).toBe(3);
  });
});
