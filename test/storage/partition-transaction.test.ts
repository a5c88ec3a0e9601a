import { TableClient } from '@azure/data-tables';
import { isStorageError } from '../../storage/errors';
import { submitPartitionTransaction, type PartitionAction } from '../../storage/partition-transaction';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

describe('partition transactions', () => {
  let table: TableClient;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Requests`, { allowInsecureConnection: true });
    await table.createTable();
  });

  const rows = async (pk: string) => {
    const found: string[] = [];
    for await (const e of table.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) found.push(e.rowKey!);
    return found.sort();
  };

  it('writes a state change, its audit row and its outbox row together, returning etags in order', async () => {
    const created = await table.createEntity({ partitionKey: 'r1', rowKey: 'request', status: 'draft', version: 1 });
    const result = await submitPartitionTransaction(table, 'r1', [
      { kind: 'update', entity: { partitionKey: 'r1', rowKey: 'request', status: 'submitted', version: 2 }, etag: created.etag! },
      { kind: 'create', entity: { partitionKey: 'r1', rowKey: 'a_2', event: 'submitted' } },
      { kind: 'upsert', entity: { partitionKey: 'r1', rowKey: 'x_1', to: 'approver' } },
    ]);
    expect(result.ok).toBe(true);
    const request = await table.getEntity<{ status: string }>('r1', 'request');
    expect(request.status).toBe('submitted');
    if (result.ok) expect(result.etags[0]).toBe(request.etag);
    expect(await rows('r1')).toEqual(['a_2', 'request', 'x_1']);
  });

  it('fails the whole batch on a stale etag: nothing is written, and says why', async () => {
    const first = await table.createEntity({ partitionKey: 'r2', rowKey: 'request', version: 1 });
    await table.updateEntity({ partitionKey: 'r2', rowKey: 'request', version: 2 }, 'Replace', { etag: first.etag }); // someone else
    const result = await submitPartitionTransaction(table, 'r2', [
      { kind: 'create', entity: { partitionKey: 'r2', rowKey: 'a_2', event: 'approved' } },
      { kind: 'update', entity: { partitionKey: 'r2', rowKey: 'request', version: 3 }, etag: first.etag! },
      { kind: 'upsert', entity: { partitionKey: 'r2', rowKey: 'x_1', to: 'officer' } },
    ]);
    expect(result).toEqual({ ok: false, reason: 'etag-mismatch', status: 412, actionIndex: 1 });
    expect(await rows('r2')).toEqual(['request']);
    expect((await table.getEntity<{ version: number }>('r2', 'request')).version).toBe(2);
  });

  it('reports a duplicate create and a missing row as conflicts too', async () => {
    await table.createEntity({ partitionKey: 'r3', rowKey: 'a_1' });
    expect(
      await submitPartitionTransaction(table, 'r3', [
        { kind: 'upsert', entity: { partitionKey: 'r3', rowKey: 'x' } },
        { kind: 'create', entity: { partitionKey: 'r3', rowKey: 'a_1' } },
      ]),
    ).toMatchObject({ ok: false, reason: 'already-exists', status: 409 });
    expect(await submitPartitionTransaction(table, 'r3', [{ kind: 'delete', rowKey: 'nope' }])).toMatchObject({ ok: false, reason: 'not-found', status: 404 });
    expect(await rows('r3')).toEqual(['a_1']);
    expect(await submitPartitionTransaction(table, 'r3', [{ kind: 'delete', rowKey: 'a_1' }])).toEqual({ ok: true, etags: [undefined] });
    expect(await rows('r3')).toEqual([]);
  });

  it.each<[string, PartitionAction[]]>([
    ['no actions', []],
    ['101 actions', Array.from({ length: 101 }, (_, i) => ({ kind: 'upsert', entity: { partitionKey: 'p', rowKey: `r${i}` } }))],
    [
      'another partition',
      [
        { kind: 'create', entity: { partitionKey: 'p', rowKey: 'a' } },
        { kind: 'create', entity: { partitionKey: 'q', rowKey: 'b' } },
      ],
    ],
    [
      'one row twice',
      [
        { kind: 'upsert', entity: { partitionKey: 'p', rowKey: 'a' } },
        { kind: 'delete', rowKey: 'a' },
      ],
    ],
  ])('refuses, before sending, a batch with %s', async (_label, actions) => {
    const error = await submitPartitionTransaction(table, 'p', actions).catch((e: unknown) => e);
    expect(isStorageError(error, 'STORAGE_INVALID_BATCH')).toBe(true);
  });

  it('refuses a batch over 4 MiB with a code', async () => {
    const big = 'x'.repeat(30_000);
    const actions: PartitionAction[] = Array.from({ length: 80 }, (_, i) => ({
      kind: 'upsert',
      entity: { partitionKey: 'p', rowKey: `r${i}`, a: big, b: big },
    }));
    const error = await submitPartitionTransaction(table, 'p', actions).catch((e: unknown) => e);
    expect(isStorageError(error, 'STORAGE_VALUE_TOO_LARGE')).toBe(true);
  });

  it('accepts exactly 100 actions', async () => {
    const actions: PartitionAction[] = Array.from({ length: 100 }, (_, i) => ({
      kind: 'create',
      entity: { partitionKey: 'hundred', rowKey: `r${String(i).padStart(3, '0')}` },
    }));
    expect((await submitPartitionTransaction(table, 'hundred', actions)).ok).toBe(true);
    expect(await rows('hundred')).toHaveLength(100);
  });
});
