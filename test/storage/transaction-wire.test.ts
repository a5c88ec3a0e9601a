import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { TableClient, type TransactionAction } from '@azure/data-tables';
import { submitTransaction } from '../../storage/transaction-wire';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

/**
 * The bot writes its transactions itself instead of through the SDK's submitTransaction
 * (which was 11% of the bot's CPU under load). It must send what the SDK sends and read the
 * answer as the SDK reads it, or a council's decisions would be written differently on Azure.
 */
describe('transactions written onto the wire', () => {
  const tableName = `${uniqueTablePrefix()}Wire`;

  /** What goes on the wire when `submit` runs: a policy takes the request and answers it itself. */
  const onTheWire = async (submit: (client: TableClient) => Promise<unknown>) => {
    let seen: { body: string; headers: Record<string, string>; url: string } | undefined;
    const capture: PipelinePolicy = {
      name: 'capture',
      async sendRequest(request) {
        seen = { body: String(request.body), headers: Object.fromEntries(request.headers), url: request.url };
        return { request, status: 202, headers: request.headers, bodyAsText: '' };
      },
    };
    await submit(
      TableClient.fromConnectionString(testConnectionString(), tableName, {
        allowInsecureConnection: true,
        additionalPolicies: [{ policy: capture, position: 'perRetry' }],
      }),
    );
    // Each request has its own boundary ids, request id, date, length and signature.
    const batch = /boundary=batch_([0-9a-f-]+)/.exec(seen!.headers['Content-Type'] ?? '')![1]!;
    const changeset = /boundary=changeset_([0-9a-f-]+)/.exec(seen!.body)![1]!;
    const ids = (text: string) => text.replaceAll(batch, 'BATCH').replaceAll(changeset, 'CHANGESET');
    const { 'x-ms-client-request-id': _id, 'x-ms-date': _date, authorization: _signature, 'content-length': _length, ...headers } = seen!.headers;
    return { url: seen!.url, body: ids(seen!.body), headers: JSON.parse(ids(JSON.stringify(headers))) as Record<string, string> };
  };

  const cases: Array<[string, TransactionAction[]]> = [
    [
      'a create of every plain value',
      [
        [
          'create',
          {
            partitionKey: 'p',
            rowKey: "it's",
            text: 'quote " newline \n tab \t £ 🙂',
            whole: 3,
            fraction: 1.5,
            huge: 1e20,
            negative: -7,
            yes: true,
            no: false,
            nothing: null,
            missing: undefined,
          },
        ],
      ],
    ],
    [
      'updates with and without an etag, replace and merge',
      [
        ['update', { partitionKey: 'p', rowKey: 'a', v: 1 }, 'Replace', { etag: `W/"datetime'2026-11-23T21%3A21%3A37.1485378Z'"` }],
        ['update', { partitionKey: 'p', rowKey: 'b', v: 2 }, 'Merge', { etag: `W/"datetime'2026-11-23T21%3A21%3A37.1485379Z'"` }],
        ['update', { partitionKey: 'p', rowKey: 'c', v: 3 }],
      ],
    ],
    [
      'upserts, replace and merge (merge when no mode is given)',
      [
        ['upsert', { partitionKey: 'p', rowKey: 'u', v: 1 }, 'Replace'],
        ['upsert', { partitionKey: 'p', rowKey: 'm', v: 2 }, 'Merge'],
        ['upsert', { partitionKey: 'p', rowKey: 'n', v: 3 }],
      ],
    ],
    [
      'deletes, with keys that need escaping',
      [
        ['delete', { partitionKey: "o'brien p", rowKey: 'a/b?c#d%e' }],
        ['delete', { partitionKey: "o'brien p", rowKey: "x''y £" }],
      ],
    ],
    [
      'an entity carrying the etag and timestamp it was read with',
      [['update', { partitionKey: 'p', rowKey: 'e', etag: 'W/"1"', timestamp: '2026-11-23T00:00:00Z', v: 1 }, 'Replace', { etag: 'W/"1"' }]],
    ],
  ];

  it.each(cases)('sends what the SDK sends, byte for byte: %s', async (_name, actions) => {
    const mine = await onTheWire((client) => submitTransaction(client, actions));
    const sdk = await onTheWire((client) => client.submitTransaction(actions));
    expect(mine.url).toBe(sdk.url);
    expect(mine.headers).toEqual(sdk.headers);
    expect(mine.body).toBe(sdk.body);
    expect(mine.body).toContain('--changeset_CHANGESET--');
  });

  describe('against Azurite', () => {
    let table: TableClient;
    beforeAll(async () => {
      table = TableClient.fromConnectionString(testConnectionString(), tableName, { allowInsecureConnection: true });
      await table.createTable();
    });

    it("writes every action and returns each row's etag in order, as stored", async () => {
      const first = await table.createEntity({ partitionKey: 'w1', rowKey: 'request', version: 1 });
      await table.createEntity({ partitionKey: 'w1', rowKey: 'old', version: 1 });
      const response = await submitTransaction(table, [
        ['update', { partitionKey: 'w1', rowKey: 'request', version: 2 }, 'Replace', { etag: first.etag! }],
        ['create', { partitionKey: 'w1', rowKey: "a'1", text: 'line one\nline "two"' }],
        ['upsert', { partitionKey: 'w1', rowKey: 'x 1', to: 'officer' }, 'Replace'],
        ['delete', { partitionKey: 'w1', rowKey: 'old' }],
      ]);
      expect(response.status).toBe(202);
      expect(response.subResponses.map((r) => r.status)).toEqual([204, 204, 204, 204]);
      const request = await table.getEntity('w1', 'request');
      expect(request.version).toBe(2);
      expect(response.subResponses[0]!.etag).toBe(request.etag);
      expect((await table.getEntity('w1', "a'1")).text).toBe('line one\nline "two"');
      expect(response.subResponses[2]!.etag).toBe((await table.getEntity('w1', 'x 1')).etag);
      await expect(table.getEntity('w1', 'old')).rejects.toMatchObject({ statusCode: 404 });
    });

    it('fails as the SDK fails: the same status and message naming the action, and nothing is written', async () => {
      const first = await table.createEntity({ partitionKey: 'w2', rowKey: 'request', version: 1 });
      await table.updateEntity({ partitionKey: 'w2', rowKey: 'request', version: 2 }, 'Replace', { etag: first.etag });
      const stale: TransactionAction[] = [
        ['create', { partitionKey: 'w2', rowKey: 'a_2' }],
        ['update', { partitionKey: 'w2', rowKey: 'request', version: 3 }, 'Replace', { etag: first.etag! }],
      ];
      const exists: TransactionAction[] = [
        ['upsert', { partitionKey: 'w2', rowKey: 'x' }, 'Replace'],
        ['create', { partitionKey: 'w2', rowKey: 'request' }],
      ];
      for (const actions of [stale, exists]) {
        const mine = await submitTransaction(table, actions).catch((e: unknown) => e as RestError);
        const sdk = await table.submitTransaction(actions).catch((e: unknown) => e as RestError);
        expect(mine).toBeInstanceOf(RestError);
        expect(sdk).toBeInstanceOf(RestError);
        expect((mine as RestError).statusCode).toBe((sdk as RestError).statusCode);
        expect((mine as RestError).code).toBe((sdk as RestError).code);
        expect((mine as RestError).message.split('\n')[0]).toBe((sdk as RestError).message.split('\n')[0]);
      }
      expect((await submitTransaction(table, stale).catch((e: RestError) => e)) as RestError).toMatchObject({
        statusCode: 412,
        message: expect.stringMatching(/^1:/),
      });
      expect((await submitTransaction(table, exists).catch((e: RestError) => e)) as RestError).toMatchObject({
        statusCode: 409,
        message: expect.stringMatching(/^1:/),
      });
      const rows: string[] = [];
      for await (const e of table.listEntities({ queryOptions: { filter: "PartitionKey eq 'w2'" } })) rows.push(e.rowKey!);
      expect(rows).toEqual(['request']);
    });

    it('leaves typed values (a date, Int64) to the SDK, which writes them with their types', async () => {
      const when = new Date('2026-11-23T12:00:00Z');
      await submitTransaction(table, [['create', { partitionKey: 'w3', rowKey: 'r', when, count: { value: '9007199254740993', type: 'Int64' } }]]);
      const stored = await table.getEntity('w3', 'r');
      expect(stored.when).toEqual(when);
      expect(stored.count).toBe(9007199254740993n);
    });
  });
});
