import { createServer, type Server } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { isStorageError } from '../../storage/errors';
import { azuriteConnectionString } from '../../storage/azurite';
import { createTableService, TableNames } from '../../storage/table-service';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

describe('table service', () => {
  it('creates every table, twice without complaint, and answers ping', async () => {
    const prefix = uniqueTablePrefix();
    const tables = createTableService({ connectionString: testConnectionString(), tablePrefix: prefix });
    expect(await tables.ping()).toBe(false); // no tables yet: not healthy
    await tables.createTables();
    await tables.createTables();
    expect(tables.tableName(TableNames.Requests)).toBe(`${prefix}Requests`);
    for (const name of Object.values(TableNames)) {
      const client = tables.client(name);
      await client.upsertEntity({ partitionKey: 'p', rowKey: 'r' });
      expect(client.tableName).toBe(`${prefix}${name}`);
    }
    expect(tables.client(TableNames.BotState)).toBe(tables.client(TableNames.BotState));
    expect(await tables.ping()).toBe(true);
  });

  it('keeps deployments with different prefixes apart', async () => {
    const a = createTableService({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix() });
    const b = createTableService({ connectionString: testConnectionString(), tablePrefix: uniqueTablePrefix() });
    await Promise.all([a.createTables(), b.createTables()]);
    await a.client(TableNames.Counters).upsertEntity({ partitionKey: 'only', rowKey: 'a' });
    await expect(b.client(TableNames.Counters).getEntity('only', 'a')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('pings false within about two seconds when nothing answers, without throwing', async () => {
    // A port that accepts connections and never replies: the worst case for a health probe.
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const tables = createTableService({ connectionString: azuriteConnectionString(port), tablePrefix: 'x' });
      const started = Date.now();
      expect(await tables.ping(1000)).toBe(false);
      expect(Date.now() - started).toBeLessThan(2500);
    } finally {
      silent.close();
    }
  });

  it('builds clients for an account URL with a given credential, without calling it yet', async () => {
    const calls: string[] = [];
    const credential: TokenCredential = {
      getToken: async (scopes): Promise<AccessToken> => {
        calls.push(String(scopes));
        return { token: 'never-used', expiresOnTimestamp: Date.now() + 60_000 };
      },
    };
    const tables = createTableService({ accountUrl: 'https://example.table.core.windows.net', credential, tablePrefix: 'prod' });
    const outbox = tables.client(TableNames.Schedule);
    expect([outbox.url, outbox.tableName]).toEqual(['https://example.table.core.windows.net', 'prodSchedule']);
    expect(calls).toEqual([]);
    // A user-assigned managed identity and DefaultAzureCredential are built lazily too.
    expect(
      createTableService({
        accountUrl: 'https://example.table.core.windows.net',
        managedIdentityClientId: '00000000-0000-0000-0000-000000000001',
        tablePrefix: '',
      }).tableName(TableNames.BotState),
    ).toBe('BotState');
    expect(createTableService({ accountUrl: 'https://example.table.core.windows.net', tablePrefix: 'x' }).client(TableNames.BotState).tableName).toBe(
      'xBotState',
    );
  });

  it('refuses bad options with a code', () => {
    for (const build of [
      () => createTableService({ connectionString: testConnectionString(), tablePrefix: 'has-dash' }),
      () => createTableService({ connectionString: testConnectionString(), tablePrefix: '1digit' }),
      () => createTableService({ accountUrl: 'not a url', tablePrefix: 'x' }),
    ]) {
      expect(() => build()).toThrow();
      try {
        build();
      } catch (error) {
        expect(isStorageError(error, 'STORAGE_INVALID_OPTIONS')).toBe(true);
      }
    }
  });
});
