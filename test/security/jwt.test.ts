import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { TeamsBot } from '../../bot/teams-bot';
import { ConversationReferenceStore } from '../../storage/conversation-references';
import { createTableService, TableNames } from '../../storage/table-service';
import { BotHarness, TENANT } from '../support/bot-harness';
import { signInSettings } from '../support/signed-in-settings';
import { CHANNEL_ISSUER, generateSigningKey, KeyServer, signJwt, type SigningKey } from '../support/key-server';
import { testConnectionString } from '../support/tables';

/**
 * With credentials, botbuilder must check every inbound token against keys fetched from
 * the OpenID metadata (here a local key server) before any handler or storage sees the
 * activity. Outbound calls to the mock connector use a stubbed token, so nothing leaves
 * the machine.
 */
const APP_ID = '11111111-2222-4333-8444-555555555555';
const OTHER_APP_ID = '99999999-8888-4777-8666-555555555555';
const APP_SECRET = 'not-a-real-secret';

const trusted = generateSigningKey();
const stranger = generateSigningKey();
const keyServer = new KeyServer([trusted]);
const bot = new BotHarness();
let references: ConversationReferenceStore;
let runSpy: jest.SpyInstance;
let consoleError: jest.SpyInstance;
/** Every token a test has sent: none may appear in a response, log line or console output. */
const tokensSent: string[] = [];

const now = () => Math.floor(Date.now() / 1000);

function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: bot.connector.url, nbf: now() - 60, iat: now() - 60, exp: now() + 3600, ...overrides };
}

function token(claimOverrides: Record<string, unknown> = {}, key: SigningKey = trusted, extra: { alg?: 'RS256' | 'none'; kid?: string | null } = {}): string {
  const jwt = signJwt(claims(claimOverrides), { key, ...extra });
  tokensSent.push(jwt);
  return jwt;
}

/** A fresh 1:1 conversation, so what one test writes cannot satisfy another's assertion. */
function conversation(): { id: string; conversationType: string; tenantId: string } {
  return { id: `a:jwt-${randomUUID()}`, conversationType: 'personal', tenantId: TENANT };
}

/** Activities that would write to storage and reply if a handler ran. */
function activities(conv: ReturnType<typeof conversation>, extra: Record<string, unknown> = {}) {
  return {
    // Saves a conversation reference and greets.
    install: bot.activity('installationUpdate', undefined, { action: 'add', conversation: conv, ...extra }),
    // Starts a draft request and replies.
    message: bot.activity('message', undefined, { text: 'new request', conversation: conv, ...extra }),
  };
}

async function postRaw(body: unknown, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${bot.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

const STACK = /\n\s+at |\bat [\w.<>]+ \(.*:\d+:\d+\)/;

beforeAll(async () => {
  await keyServer.start();
  await bot.start({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: APP_SECRET,
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: keyServer.metadataUrl,
    HOST: '127.0.0.1',
    ...signInSettings(TENANT),
  });
  references = new ConversationReferenceStore(
    createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix }).client(TableNames.ConversationRefs),
  );
  // Replies go to the mock connector; the bot's own token for them is stubbed (no Entra ID here).
  jest.spyOn(MicrosoftAppCredentials.prototype, 'getToken').mockResolvedValue('outbound-test-token');
  runSpy = jest.spyOn(TeamsBot.prototype, 'run');
  // botbuilder reports every refused token with console.error (a stack, the signing key) unless the bot stops it.
  consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  await bot.stop();
  await keyServer.stop();
  jest.restoreAllMocks();
});

beforeEach(() => {
  runSpy.mockClear();
  bot.connector.clear();
});

describe('with credentials, a valid channel token', () => {
  it('is accepted: the handler runs, stores the conversation and replies', async () => {
    const conv = conversation();
    const { install, message } = activities(conv);

    const installed = await postRaw(install, { authorization: `Bearer ${token()}` });
    // The body is in the string so a failure shows why botbuilder refused the token.
    expect(`${installed.status} ${installed.text}`).toBe('200 ');
    expect(runSpy).toHaveBeenCalledTimes(1);
    expect(await references.getConversation(conv.id)).toBeDefined();

    const replied = await postRaw(message, { authorization: `Bearer ${token()}` });
    expect(`${replied.status} ${replied.text}`).toBe('200 ');
    expect(runSpy).toHaveBeenCalledTimes(2);
    await bot.connector.waitFor(() => bot.connector.messagesTo(conv.id).length >= 2);
    // The keys really came from the key server.
    expect(keyServer.requests).toEqual(expect.arrayContaining(['/v1/.well-known/openidconfiguration', '/v1/.well-known/keys']));
  });
});

describe('with credentials, a request is refused before any handler runs when', () => {
  const cases: Array<[string, () => Record<string, string>, Record<string, unknown>?]> = [
    ['there is no Authorization header', () => ({})],
    ['the scheme is not Bearer', () => ({ authorization: `Basic ${token()}` })],
    ['the token is not a JWT', () => ({ authorization: 'Bearer not-a-jwt' })],
    ['the audience is another app', () => ({ authorization: `Bearer ${token({ aud: OTHER_APP_ID })}` })],
    ['there is no audience', () => ({ authorization: `Bearer ${token({ aud: undefined })}` })],
    ['the issuer is not the Bot Framework', () => ({ authorization: `Bearer ${token({ iss: 'https://evil.example.com' })}` })],
    ['the token expired over five minutes ago', () => ({ authorization: `Bearer ${token({ nbf: now() - 7200, iat: now() - 7200, exp: now() - 3600 })}` })],
    ['the token is not valid yet', () => ({ authorization: `Bearer ${token({ nbf: now() + 3600, iat: now(), exp: now() + 7200 })}` })],
    ['the signing key is unknown', () => ({ authorization: `Bearer ${token({}, stranger)}` })],
    ['the token has no kid', () => ({ authorization: `Bearer ${token({}, trusted, { kid: null })}` })],
    ['another key signed it under the trusted kid', () => ({ authorization: `Bearer ${token({}, stranger, { kid: trusted.kid })}` })],
    ['the payload was altered after signing', () => ({ authorization: `Bearer ${tamper(token({ aud: OTHER_APP_ID }), { aud: APP_ID })}` })],
    ['it uses alg none', () => ({ authorization: `Bearer ${token({}, trusted, { alg: 'none' })}` })],
    ['the serviceUrl claim differs from the activity', () => ({ authorization: `Bearer ${token({ serviceurl: 'https://smba.evil.example/' })}` })],
    ['there is no serviceUrl claim', () => ({ authorization: `Bearer ${token({ serviceurl: undefined })}` })],
    ['the key is not endorsed for the channel', () => ({ authorization: `Bearer ${token()}` }), { channelId: 'webchat' }],
  ];

  it.each(cases)('%s', async (_name, headers, extra = {}) => {
    const conv = conversation();
    const { install, message } = activities(conv, extra);
    for (const activity of [install, message]) {
      const result = await postRaw(activity, headers());
      // The body is in the string so a failure shows what the bot answered.
      expect(`${result.status} ${result.text}`).toMatch(/^40[13]\b/);
      expect(result.text).not.toMatch(STACK);
      for (const t of tokensSent) expect(result.text).not.toContain(t);
    }
    expect(runSpy).not.toHaveBeenCalled();
    expect(bot.connector.calls).toEqual([]);
    expect(await references.getConversation(conv.id)).toBeUndefined();
  });

  it('an invoke with a bad token gets 401, not an invoke response', async () => {
    const activity = bot.activity('invoke', undefined, {
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'help' } },
      conversation: conversation(),
    });
    const result = await postRaw(activity, { authorization: `Bearer ${token({ aud: OTHER_APP_ID })}` });
    expect(result.status).toBe(401);
    expect(runSpy).not.toHaveBeenCalled();
  });
});

describe('what refusals leave behind', () => {
  it('no captured log line holds a token or a stack trace', () => {
    expect(tokensSent.length).toBeGreaterThan(10);
    const logs = bot.logs.map((l) => JSON.stringify(l));
    for (const line of logs) {
      expect(line).not.toMatch(STACK);
      expect(line).not.toMatch(/"stack"/);
      for (const t of tokensSent) expect(line).not.toContain(t);
    }
  });

  it('botbuilder prints nothing to the console for them; each kind is logged at warn instead', () => {
    const printed = consoleError.mock.calls.map((args: unknown[]) =>
      args
        .map((a) => (typeof a === 'string' ? a : inspect(a)))
        .join(' ')
        .slice(0, 300),
    );
    expect(printed).toEqual([]);
    const refusals = bot.logs.filter((l) => l.event === 'auth.refused');
    expect(refusals.length).toBeGreaterThan(0);
    for (const line of refusals) expect(line.level).toBe(40);
  });
});

/** Replaces claims in a signed token's payload, keeping its header and signature. */
function tamper(jwt: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const claimsNow = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const altered = `${header}.${Buffer.from(JSON.stringify({ ...claimsNow, ...changes })).toString('base64url')}.${signature}`;
  tokensSent.push(altered);
  return altered;
}
