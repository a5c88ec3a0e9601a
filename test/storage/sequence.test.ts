import { TableClient } from '@azure/data-tables';
import { SequenceStore } from '../../storage/sequence';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

describe('reference sequence', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Counters`, { allowInsecureConnection: true });
    await table.createTable();
  });

  it('gives 50 simultaneous callers on two instances 50 distinct consecutive numbers', async () => {
    const a = new SequenceStore(table);
    const b = new SequenceStore(table);
    const numbers = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).next(2026)));
    expect([...numbers].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('starts again at 1 each calendar year', async () => {
    const store = new SequenceStore(table);
    expect(await store.next(2027)).toBe(1);
    expect(await store.next(2027)).toBe(2);
    expect(await store.next(2026)).toBe(51);
  });
});
