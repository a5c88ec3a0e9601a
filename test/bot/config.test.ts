import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';
import { signInSettings } from '../support/signed-in-settings';

const APP_ID = '11111111-2222-3333-4444-555555555555';
const TENANT = '00000000-0000-0000-0000-000000000001';

/** A council's own routing (a copy of the example under another name) and channel, as production needs. */
const COUNCIL_ROUTING = join(mkdtempSync(join(tmpdir(), 'routing-')), 'routing.json');
copyFileSync(join(__dirname, '../../config/routing.example.json'), COUNCIL_ROUTING);
const COUNCIL = { ROUTING_CONFIG_PATH: COUNCIL_ROUTING, DECISIONS_CHANNEL_ID: '19:council-decisions@thread.tacv2' };

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('configuration', () => {
  it('runs locally with nothing configured: unauthenticated, loopback only, embedded Azurite', () => {
    const config = loadConfig({});
    expect(config.localMode).toBe(true);
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3978);
    expect(config.storage).toEqual({ kind: 'embedded', location: '.data/azurite', port: 0 });
  });

  it('keeps local mode on loopback even if HOST says otherwise', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('127.0.0.1');
  });

  it('refuses production without credentials, naming each problem', () => {
    const found = problems({ NODE_ENV: 'production' });
    expect(found.some((p) => p.startsWith('MicrosoftAppId:') && p.includes('required'))).toBe(true);
    expect(found.some((p) => p.startsWith('ALLOWED_TENANT_IDS:'))).toBe(true);
    expect(found.some((p) => p.startsWith('AZURE_TABLES_CONNECTION_STRING:'))).toBe(true);
  });

  it("refuses production with the example routing or the Playground's channel, or with nobody to set it up (issue 29)", () => {
    expect(problems({ NODE_ENV: 'production' })).toContain(
      'ADMINISTRATOR_IDS: is required when NODE_ENV=production without a routing file: name who sets the bot up in Teams (Entra object ids, comma-separated)',
    );
    expect(problems({ NODE_ENV: 'production', ADMINISTRATOR_IDS: APP_ID }).filter((p) => /ROUTING|ADMINISTRATOR|DECISIONS/.test(p))).toEqual([]);
    expect(problems({ NODE_ENV: 'production', ADMINISTRATOR_IDS: 'not-a-guid' }).join('\n')).toContain(
      'each id in ADMINISTRATOR_IDS must be an Entra object id',
    );
    const found = problems({ NODE_ENV: 'production', ROUTING_CONFIG_PATH: 'config/routing.example.json', DECISIONS_CHANNEL_ID: '19:decisions@thread.tacv2' });
    expect(found).toContain(
      "ROUTING_CONFIG_PATH: is the example routing, whose people exist only in the Agents Playground: point it at your council's routing file",
    );
    expect(found).toContain("DECISIONS_CHANNEL_ID: is the Agents Playground's channel: set your decisions channel's id (Get link to channel in Teams)");
    const council = problems({ NODE_ENV: 'production', ROUTING_CONFIG_PATH: COUNCIL_ROUTING, DECISIONS_CHANNEL_ID: '19:council-decisions@thread.tacv2' });
    expect(council.filter((p) => p.startsWith('ROUTING_CONFIG_PATH') || p.startsWith('DECISIONS_CHANNEL_ID'))).toEqual([]);
  });

  it('accepts each supported app type with what it needs', () => {
    const base = {
      NODE_ENV: 'production',
      MicrosoftAppId: APP_ID,
      AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true',
      ...signInSettings(TENANT),
      ENTRA_CLIENT_ID: APP_ID,
      ...COUNCIL,
    };
    expect(loadConfig({ ...base, MicrosoftAppPassword: 'x' }).auth.MicrosoftAppType).toBe('MultiTenant');
    expect(loadConfig({ ...base, MicrosoftAppType: 'SingleTenant', MicrosoftAppPassword: 'x', MicrosoftAppTenantId: TENANT }).localMode).toBe(false);
    expect(loadConfig({ ...base, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT }).host).toBe('0.0.0.0');
  });

  it.each([
    [{ MicrosoftAppId: APP_ID }, 'MicrosoftAppPassword'],
    [{ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppType: 'SingleTenant' }, 'MicrosoftAppTenantId'],
    [{ MicrosoftAppId: 'not-a-guid' }, 'MicrosoftAppId'],
    [{ MicrosoftAppType: 'Anonymous' }, 'MicrosoftAppType'],
    [{ PORT: '99999' }, 'PORT'],
    [{ ALLOWED_TENANT_IDS: `${TENANT}, nope` }, 'ALLOWED_TENANT_IDS'],
    [
      { AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true', AZURE_TABLES_ACCOUNT_URL: 'https://a.table.core.windows.net' },
      'AZURE_TABLES_ACCOUNT_URL',
    ],
    [{ TABLE_PREFIX: '1bad' }, 'TABLE_PREFIX'],
  ])('explains a bad setting %j', (env, key) => {
    expect(problems(env as Record<string, string>).some((p) => p.startsWith(`${key}`))).toBe(true);
  });

  it('chooses Azure storage from a connection string or an account URL with managed identity', () => {
    expect(loadConfig({ AZURE_TABLES_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).storage.kind).toBe('connectionString');
    expect(loadConfig({ AZURE_TABLES_ACCOUNT_URL: 'https://a.table.core.windows.net', AZURE_CLIENT_ID: APP_ID }).storage).toEqual({
      kind: 'accountUrl',
      accountUrl: 'https://a.table.core.windows.net',
      managedIdentityClientId: APP_ID,
    });
  });

  it('limits slow clients and connections by default, and takes other limits', () => {
    expect(loadConfig({}).server.http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 });
    const config = loadConfig({
      HTTP_HEADERS_TIMEOUT_SECONDS: '2',
      HTTP_REQUEST_TIMEOUT_SECONDS: '5',
      HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '3',
      HTTP_MAX_CONNECTIONS: '50',
      HEALTH_CHECK_MAX_AGE_SECONDS: '2',
      LOG_REPEAT_SECONDS: '10',
    });
    expect(config.server.http).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 5000, keepAliveTimeoutMs: 3000, maxConnections: 50 });
    expect(config.server.healthMaxAgeMs).toBe(2000);
    expect(config.server.logRepeatMs).toBe(10_000);
  });

  it('limits each person with credentials, and not in local mode unless asked', () => {
    const withCredentials = loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', ...signInSettings(TENANT) });
    expect(withCredentials.server.messages).toEqual({ perMinute: 30, burst: 10 });
    expect(withCredentials.server.invokes).toEqual({ perMinute: 60, burst: 30 });
    expect(loadConfig({}).server.messages.perMinute).toBe(0);
    expect(loadConfig({}).server.invokes.perMinute).toBe(0);
    expect(loadConfig({ PERSON_MESSAGES_PER_MINUTE: '12', PERSON_MESSAGE_BURST: '4' }).server.messages).toEqual({ perMinute: 12, burst: 4 });
    expect(
      loadConfig({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', PERSON_INVOKES_PER_MINUTE: '0', ...signInSettings(TENANT) }).server.invokes.perMinute,
    ).toBe(0);
  });

  it.each([
    [{ HTTP_HEADERS_TIMEOUT_SECONDS: '0' }, 'HTTP_HEADERS_TIMEOUT_SECONDS'],
    [{ HTTP_HEADERS_TIMEOUT_SECONDS: '40' }, 'HTTP_HEADERS_TIMEOUT_SECONDS'],
    [{ HTTP_REQUEST_TIMEOUT_SECONDS: 'soon' }, 'HTTP_REQUEST_TIMEOUT_SECONDS'],
    [{ HTTP_MAX_CONNECTIONS: '0' }, 'HTTP_MAX_CONNECTIONS'],
    [{ PERSON_MESSAGES_PER_MINUTE: '-1' }, 'PERSON_MESSAGES_PER_MINUTE'],
    [{ PERSON_INVOKE_BURST: '0' }, 'PERSON_INVOKE_BURST'],
    [{ HEALTH_CHECK_MAX_AGE_SECONDS: '0.5' }, 'HEALTH_CHECK_MAX_AGE_SECONDS'],
  ])('explains a bad limit %j', (env, key) => {
    expect(problems(env as Record<string, string>).some((p) => p.startsWith(key))).toBe(true);
  });

  it('parses the tenant allow-list', () => {
    expect(loadConfig({ ALLOWED_TENANT_IDS: ` ${TENANT} ,${APP_ID}` }).allowedTenantIds).toEqual([TENANT, APP_ID]);
  });
});
