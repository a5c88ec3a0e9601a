import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { MicrosoftAppCredentials } from 'botframework-connector';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { signInSettings } from '../support/signed-in-settings';
import { FaultProxy } from '../support/fault-proxy';
import { CHANNEL_ISSUER, generateSigningKey, KeyServer, signJwt } from '../support/key-server';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';
import { click, PEOPLE, storeFor } from '../support/workflow';

/**
 * A whole journey with exempt information (Schedule 12A), with credentials on, plus the
 * error paths (bad tokens, malformed invokes, Table Storage failing): no log line, error
 * body or channel post may hold a token, an Authorization header, a stack trace or the
 * exempt text. Then the bot as its own process, as deployed, and what anyone on the
 * internet can make it print: its real stdout and stderr, not just the pino lines.
 */
const APP_ID = '11111111-2222-4333-8444-555555555555';
const OUTBOUND_TOKEN = 'outbound-test-token-d41d8cd98f00';
const CHANNEL = '19:decisions@thread.tacv2';
// What the officer types into the exempt sections: it may reach their own chat, nowhere public.
const EXEMPT_BACKGROUND = 'Exempt-7f3a: the post holder Ms Jane Example is on a settlement agreement';
const EXEMPT_HR = 'Exempt-9c1e: redundancy terms agreed with Unison for J. Example';
const EXEMPT_MARKERS = ['Exempt-7f3a', 'Exempt-9c1e', 'Jane Example', 'J. Example', 'settlement agreement', 'redundancy terms'];
const STACK = /\n\s+at |\bat [\w.<>$]+ \(.*:\d+:\d+\)|"stack"/;

const trusted = generateSigningKey();
const stranger = generateSigningKey();
const keyServer = new KeyServer([trusted]);
const proxy = new FaultProxy(testConnectionString());
const bot = new BotHarness();
const tokensSent: string[] = [];
/** Every body the bot answered with (HTTP responses and invoke responses). */
const answers: string[] = [];
// A card answering a click is the clicker's own view of the request (checked by the card tests); the rest are errors and messages.
const errorBodies = () => answers.filter((a) => !a.includes('"type":"application/vnd.microsoft.card.adaptive"'));
let consoleOutput: jest.SpyInstance[] = [];

const nowSeconds = () => Math.floor(Date.now() / 1000);
function token(claims: Record<string, unknown> = {}, key = trusted): string {
  const jwt = signJwt(
    { iss: CHANNEL_ISSUER, aud: APP_ID, serviceurl: bot.connector.url, nbf: nowSeconds() - 60, iat: nowSeconds() - 60, exp: nowSeconds() + 3600, ...claims },
    { key },
  );
  tokensSent.push(jwt);
  return jwt;
}

async function postRaw(body: string, authorization?: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${bot.app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, text };
}

/** Posts an activity as Teams would, with a valid channel token. */
async function send(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
  const { status, text } = await postRaw(JSON.stringify(activity), `Bearer ${token()}`);
  return { status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

async function say(text: string, user: { aadObjectId: string; name: string } = OFFICER): Promise<string> {
  const before = bot.connector.messagesTo(bot.personalConversationId(user)).length;
  const result = await send(bot.activity('message', user, { text }));
  expect(result.status).toBe(200);
  return bot.connector.messagesTo(bot.personalConversationId(user)).slice(before).map(textOf).join('\n');
}

const invoke = (value: unknown, user: { aadObjectId: string; name: string }, extra: Record<string, unknown> = {}) =>
  send(bot.activity('invoke', user, { name: 'adaptiveCard/action', value, ...extra }));
const settle = () => bot.app.dispatcher.idle();
const versionOf = async (reference: string) => (await storeFor(bot).requests.get(reference))!.workflow.version;

beforeAll(async () => {
  await keyServer.start();
  await proxy.start();
  await bot.start({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: 'not-a-real-secret',
    MicrosoftAppType: 'MultiTenant',
    ToBotFromChannelOpenIdMetadataUrl: keyServer.metadataUrl,
    HOST: '127.0.0.1',
    AZURE_TABLES_CONNECTION_STRING: proxy.connectionString,
    ...signInSettings(TENANT),
    // The journey types its answers as fast as the test can send them.
    PERSON_MESSAGES_PER_MINUTE: '0',
    PERSON_INVOKES_PER_MINUTE: '0',
  });
  // Replies go to the mock connector; the bot's own token for them is stubbed (no Entra ID here).
  jest.spyOn(MicrosoftAppCredentials.prototype, 'getToken').mockResolvedValue(OUTBOUND_TOKEN);
  consoleOutput = (['error', 'warn', 'log', 'info'] as const).map((m) => jest.spyOn(console, m).mockImplementation(() => undefined));
});

afterAll(async () => {
  await bot.stop();
  await proxy.stop();
  await keyServer.stop();
  jest.restoreAllMocks();
});

describe('a journey with exempt information, and the error paths', () => {
  let reference = '';

  it('raises, reviews, approves, publishes, calls in and releases a request with exempt sections', async () => {
    for (const user of Object.values(PEOPLE)) expect((await send(bot.activity('installationUpdate', user, { action: 'add' }))).status).toBe(200);
    await send(
      bot.activity('conversationUpdate', OFFICER, {
        membersAdded: [{ id: '28:bot' }],
        conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
      }),
    );
    for (const said of [
      'new request',
      'Request to create traded Childrens Commissioning posts',
      'Children and Families',
      'Commissioning and Market Management',
      'skip',
      'me',
      '1 FTE PO4 Commissioning Manager permanent from 1 December 2022',
      '1.0 FTE PO2 Commissioning Officer, permanent, from 1 December 2022',
      '1 FTE PO4 Commissioning Manager fixed term to 31/03/2025',
      '1 December 2022',
      'no',
      'traded income from OAWY £100,420',
      'government grant SAFE Taskforce £55,588',
      'no',
      'To create three traded commissioning posts.',
      EXEMPT_BACKGROUND,
      'Create two PO4 and one PO2 posts.',
      'skip',
      'The current arrangements are unsustainable.',
      EXEMPT_HR,
      'Funded by OAWY and SAFE Taskforce.',
      'skip',
      'skip',
      'skip',
      'skip',
      'All',
      'The Director is recommended to approve the three posts.',
      'no',
      'yes',
    ])
      await say(said);
    const summary = await say('paragraph 1: background, hr implications, costs');
    const [, draft, version] = /"verb":"draft\.submit"[^}]*"draft":"([0-9a-z]+)","version":(\d+)/.exec(summary)!;
    const submitted = await send(
      bot.activity('invoke', OFFICER, {
        name: 'adaptiveCard/action',
        replyToId: 'summary-card',
        value: { action: { type: 'Action.Execute', verb: 'draft.submit', data: { draft, version: Number(version) } } },
      }),
    );
    expect(submitted.status).toBe(200);
    await bot.connector.waitFor(() => bot.connector.messagesTo(bot.personalConversationId(OFFICER)).some((m) => /ECR-\d{4}-\d{4}/.test(textOf(m))));
    reference = /ECR-\d{4}-\d{4}/.exec(bot.connector.messagesTo(bot.personalConversationId(OFFICER)).map(textOf).join('\n'))![0];
    await settle();
    expect((await storeFor(bot).requests.get(reference))!.content.decisionFacts.exempt).toEqual({
      paragraph: 1,
      sections: ['background', 'hrImplications', 'costs'],
    });

    for (const [who, comment] of [
      [PEOPLE.finance, 'Funding confirmed.'],
      [PEOPLE.hr, 'Grades confirmed.'],
      [PEOPLE.legal, 'No legal implications.'],
    ] as const) {
      const result = await invoke(click(Verbs.comment, reference, await versionOf(reference), { commentText: comment }), who);
      expect(JSON.stringify(result.body)).toContain('Your comment is recorded');
      await settle();
    }
    expect(JSON.stringify((await invoke(click(Verbs.approve, reference, await versionOf(reference)), PEOPLE.director)).body)).toContain(
      'You approved this request',
    );
    await settle();
    const channel = {
      conversation: { id: `${CHANNEL};messageid=1`, conversationType: 'channel', tenantId: TENANT },
      channelData: { tenant: { id: TENANT }, channel: { id: CHANNEL } },
    };
    expect(
      JSON.stringify(
        (await invoke(click(Verbs.callIn, reference, await versionOf(reference), { callInGrounds: 'The funding is not secured.' }), PEOPLE.scrutiny1, channel))
          .body,
      ),
    ).toContain('Called in');
    await settle();
    expect(JSON.stringify((await invoke(click(Verbs.release, reference, await versionOf(reference)), PEOPLE.scrutinyOfficer)).body)).toContain('Released');
    await settle();
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('implementable');
    // The officer's own chat may show the exempt text; that is where it belongs.
    expect(bot.connector.messagesTo(bot.personalConversationId(OFFICER)).map(textOf).join('\n')).toContain('Exempt-7f3a');
  });

  it('refuses bad tokens', async () => {
    const activity = JSON.stringify(bot.activity('message', OFFICER, { text: 'my requests' }));
    for (const authorization of [
      undefined,
      'Bearer not-a-jwt',
      `Bearer ${token({ aud: '99999999-8888-4777-8666-555555555555' })}`,
      `Bearer ${token({ exp: nowSeconds() - 3600, nbf: nowSeconds() - 7200 })}`,
      `Bearer ${token({}, stranger)}`,
      `Basic ${token()}`,
    ]) {
      expect((await postRaw(activity, authorization)).status).toBeGreaterThanOrEqual(400);
    }
  });

  it('answers malformed and tampered invokes with errors', async () => {
    const version = await versionOf(reference);
    const refused = [
      await invoke({ nothing: 'here' }, PEOPLE.director),
      await invoke({ action: { type: 'Action.Execute', verb: 'no.such.verb', data: { reference, version } } }, PEOPLE.director),
      await invoke(
        { action: { type: 'Action.Execute', verb: Verbs.approve, data: { reference, version, status: 'approved', exempt: null } } },
        PEOPLE.director,
      ),
      await invoke(click(Verbs.approve, 'ECR-XXXX', version), PEOPLE.director),
    ];
    for (const r of refused) expect(JSON.stringify(r.body)).toMatch(/"statusCode":40[034]/);
    // The decision is published: a stranger gets its public summary (no exempt text) and acts on nothing.
    const stranger = [
      await invoke(click(Verbs.approve, reference, version), PEOPLE.stranger),
      await invoke({ action: { type: 'Action.Execute', verb: Verbs.refresh, data: { reference, version } }, trigger: 'automatic' }, PEOPLE.stranger),
    ];
    for (const r of stranger) for (const marker of EXEMPT_MARKERS) expect(JSON.stringify(r.body)).not.toContain(marker);
    expect(await versionOf(reference)).toBe(version);
    expect((await postRaw('{"type": "message", "text": ', `Bearer ${token()}`)).status).toBe(400);
    expect((await postRaw('{}', `Bearer ${token()}`)).status).toBeGreaterThanOrEqual(400);
    // The report link carries nothing: without a signed-in session it never gives the report
    // (here it cannot even reach Entra to send the browser there: 503).
    const report = /\((http[^)]+\.docx)\)/.exec(await say(`report ${reference}`))![1]!;
    const unsigned = await fetch(report.replace('https://ecr.example.gov.uk', bot.app.url), { redirect: 'manual' });
    expect([302, 503]).toContain(unsigned.status);
    expect(unsigned.headers.get('content-type')).not.toContain('wordprocessingml');
    answers.push(await unsigned.text());
    await say(`history ${reference}`, PEOPLE.stranger);
  });

  it('survives Table Storage failing under a click and a message', async () => {
    const version = await versionOf(reference);
    proxy.fail('blackhole');
    const click1 = await invoke(
      { action: { type: 'Action.Execute', verb: Verbs.refresh, data: { reference, version } }, trigger: 'automatic' },
      PEOPLE.director,
    );
    expect(click1.body).toMatchObject({ statusCode: 503 });
    const before = bot.connector.messagesTo(bot.personalConversationId(OFFICER)).length;
    expect((await send(bot.activity('message', OFFICER, { text: `status ${reference}` }))).status).toBe(200);
    proxy.heal();
    await bot.connector.waitFor(() => bot.connector.messagesTo(bot.personalConversationId(OFFICER)).length > before);
    expect(textOf(bot.connector.messagesTo(bot.personalConversationId(OFFICER)).at(-1)!)).toContain('something went wrong');
    await settle();
  });

  it('leaves no token, Authorization header, stack trace or exempt text in any log line, error body or channel post', () => {
    const logs = bot.logs.map((l) => JSON.stringify(l));
    // The journey and every error path really were logged.
    for (const event of [
      'workflow.transition',
      'invoke.malformed',
      'invoke.unknown_verb',
      'invoke.bad_data',
      'workflow.refused',
      'workflow.storage_unavailable',
      'turn.error',
    ]) {
      expect(logs.some((l) => l.includes(`"event":"${event}"`))).toBe(true);
    }
    const channelPosts = bot.connector.calls
      .filter((c) => c.conversationId.startsWith(CHANNEL) || (c.path.match(/\/v3\/conversations\/?$/) && JSON.stringify(c.body).includes(CHANNEL)))
      .map((c) => JSON.stringify(c.body));
    expect(channelPosts.length).toBeGreaterThanOrEqual(3);
    expect(channelPosts.some((p) => p.includes(reference) && p.includes('Contains exempt information under paragraph 1 of Schedule 12A'))).toBe(true);
    const printed = consoleOutput.flatMap((spy) =>
      spy.mock.calls.map((args: unknown[]) => args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' ')),
    );
    expect(tokensSent.length).toBeGreaterThan(50);

    const secrets = [...tokensSent, OUTBOUND_TOKEN];
    expect(errorBodies().length).toBeGreaterThan(10);
    for (const [what, texts] of [
      ['log line', logs],
      ['error body', errorBodies()],
      ['channel post', channelPosts],
    ] as const) {
      for (const text of texts) {
        const where = `${what}: ${text.slice(0, 300)}`;
        for (const secret of secrets) expect(text.includes(secret) ? where : '').toBe('');
        expect(/bearer|authorization/i.test(text) ? where : '').toBe('');
        expect(STACK.test(text) ? where : '').toBe('');
        for (const marker of EXEMPT_MARKERS) expect(text.includes(marker) ? where : '').toBe('');
      }
    }
    // With the costs exempt, no amount in pounds is published.
    for (const post of channelPosts) expect(post).not.toMatch(/£\s?\d/);
    for (const line of printed) {
      for (const secret of secrets) expect(line.includes(secret) ? line.slice(0, 300) : '').toBe('');
      expect(STACK.test(line) || line.includes('BEGIN') ? line.slice(0, 300) : '').toBe('');
    }
  });
});

/**
 * The bot as deployed (bot/index.ts in a process of its own, with credentials), and what
 * an unauthenticated caller can make it print: bad, expired and forged tokens, garbage,
 * bodies that stop or never finish, headers that never end. Everything the process
 * writes to its real stdout and stderr is read, not only what goes through pino.
 */
describe('what an unauthenticated caller can make the bot process print', () => {
  const REPEAT_SECONDS = 1;
  const ROUNDS = 12;
  let child: ChildProcess;
  let url = '';
  const stdout: string[] = [];
  const stderr: string[] = [];
  const sent: string[] = [];
  /** Requests sent that the bot must refuse for their token. */
  let refusedForToken = 0;

  const forged = (claims: Record<string, unknown> = {}, key = trusted, extra: { alg?: 'RS256' | 'none'; kid?: string | null } = {}) => {
    const jwt = signJwt(
      {
        iss: CHANNEL_ISSUER,
        aud: APP_ID,
        serviceurl: 'https://smba.trafficmanager.net/uk/',
        nbf: nowSeconds() - 60,
        iat: nowSeconds() - 60,
        exp: nowSeconds() + 3600,
        ...claims,
      },
      { key, ...extra },
    );
    sent.push(jwt);
    return jwt;
  };
  const activity = JSON.stringify({
    type: 'message',
    id: 'x1',
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    text: 'my requests',
    from: { id: '29:x', aadObjectId: OFFICER.aadObjectId },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:x', conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
  });

  async function post(body: string, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
    await response.text();
    return response.status;
  }

  /** Writes `raw` on a connection of its own and resolves when the bot closes it (or after `holdMs`, closing it here). */
  function raw(chunks: string[], { gapMs = 0, holdMs = 0 } = {}): Promise<string> {
    const { port } = new URL(url);
    return new Promise((resolve) => {
      let answer = '';
      let hold: NodeJS.Timeout | undefined;
      const socket = connect(Number(port), '127.0.0.1', async () => {
        for (const chunk of chunks) {
          if (socket.destroyed) break;
          socket.write(chunk);
          if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
        }
        if (holdMs) hold = setTimeout(() => socket.destroy(), holdMs);
      });
      socket.on('data', (d) => (answer += d.toString('latin1')));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        clearTimeout(hold);
        resolve(answer);
      });
    });
  }

  beforeAll(async () => {
    child = spawn(process.execPath, ['-r', 'tsx/cjs', join(__dirname, '..', '..', 'bot', 'index.ts')], {
      cwd: join(__dirname, '..', '..'),
      env: {
        PATH: process.env.PATH ?? '',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MicrosoftAppType: 'MultiTenant',
        ToBotFromChannelOpenIdMetadataUrl: keyServer.metadataUrl,
        AZURE_TABLES_CONNECTION_STRING: testConnectionString(),
        ...signInSettings(TENANT),
        TABLE_PREFIX: uniqueTablePrefix(),
        LOG_REPEAT_SECONDS: String(REPEAT_SECONDS),
        HTTP_HEADERS_TIMEOUT_SECONDS: '1',
        HTTP_REQUEST_TIMEOUT_SECONDS: '2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (d: string) => stdout.push(d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => stderr.push(d));
    url = await new Promise<string>((ready, failed) => {
      const timer = setTimeout(() => failed(new Error(`the bot did not start: ${stderr.join('')}`)), 60_000);
      child.once('exit', (code) => failed(new Error(`the bot exited (${code}): ${stderr.join('')}`)));
      child.stdout!.on('data', () => {
        const m = /Bot ready at (http:\/\/[^/\s]+)\//.exec(stdout.join(''));
        if (m) {
          clearTimeout(timer);
          ready(m[1]!);
        }
      });
    });
  }, 90_000);

  afterAll(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  it('refuses every kind of bad request', async () => {
    const tokens = () => [
      undefined,
      'Bearer not-a-jwt',
      'Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl',
      `Basic ${forged()}`,
      `Bearer ${forged({ exp: nowSeconds() - 3600, nbf: nowSeconds() - 7200, iat: nowSeconds() - 7200 })}`,
      `Bearer ${forged({}, stranger)}`,
      `Bearer ${forged({}, stranger, { kid: trusted.kid })}`,
      `Bearer ${forged({}, trusted, { alg: 'none' })}`,
      `Bearer ${forged({ aud: '99999999-8888-4777-8666-555555555555' })}`,
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const authorization of tokens()) {
        expect(await post(activity, authorization ? { authorization } : {})).toBe(401);
        refusedForToken++;
      }
      // restify picks a formatter by Accept: one it has none for must not print either.
      const status = await post(activity, { authorization: `Bearer ${forged({}, stranger, { kid: trusted.kid })}`, accept: 'application/x-no-such-type' });
      expect(status).toBeGreaterThanOrEqual(400);
      refusedForToken++;
      expect(await post('{"type": "message", "text": ')).toBe(400);
      expect(await post('[1, 2, 3]')).toBe(400);
      expect(await post('{"text": "no type"}')).toBe(400);
      expect(await post('{"a":'.repeat(100) + '1' + '}'.repeat(100))).toBe(400);
      expect(await post(activity, { 'content-type': 'text/plain' })).toBe(415);
      expect((await fetch(`${url}/api/messages`)).status).toBeGreaterThanOrEqual(400);
      expect((await fetch(`${url}/no/such/path`, { method: 'POST' })).status).toBe(404);
      // A body that stops half way: the caller hangs up.
      await raw([`POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"type": "mess`], { holdMs: 50 });
      // Not HTTP at all.
      expect(await raw(['\x16\x03\x01 this is not HTTP\r\n\r\n'])).toMatch(/^HTTP\/1\.1 400/);
    }
    // A body that never finishes, and headers that never end: the bot's timeouts cut them off.
    const [body, headers] = await Promise.all([
      raw([`POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n{"type": "mess`], { holdMs: 20_000 }),
      raw(['POST /api/messages HTTP/1.1\r\n', ...Array.from({ length: 100 }, (_, i) => `X-Slow-${i}: y\r\n`)], { gapMs: 100 }),
    ]);
    expect(body).toMatch(/^(HTTP\/1\.1 408|$)/);
    expect(headers).toMatch(/^(HTTP\/1\.1 408|$)/);
    // Long enough for the counts of lines held back to be written.
    await new Promise((r) => setTimeout(r, (REPEAT_SECONDS + 0.5) * 1000));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }, 120_000);

  it('prints no stack trace, key or token on stdout or stderr, and nothing at error level', () => {
    const output = stdout.join('') + stderr.join('');
    expect(output.length).toBeGreaterThan(0);
    const offending = (test: (line: string) => boolean) =>
      output
        .split('\n')
        .filter(test)
        .map((l) => l.slice(0, 300));
    expect(offending((l) => /^\s+at /.test(l) || STACK.test(l))).toEqual([]);
    expect(offending((l) => l.includes('BEGIN') || l.includes('-----') || /Available keys/i.test(l))).toEqual([]);
    expect(offending((l) => sent.some((t) => l.includes(t)) || /eyJ[\w-]{8,}\.[\w-]*\./.test(l) || /bearer|authorization/i.test(l))).toEqual([]);
    // Nothing reaches stderr but Node's deprecation warning (at start-up, for a dependency of restify's).
    const deprecation = /^\(node:\d+\) \[DEP0111\] DeprecationWarning: |^\(Use `node --trace-deprecation/;
    expect(
      stderr
        .join('')
        .split('\n')
        .filter((l) => l && !deprecation.test(l)),
    ).toEqual([]);
    const lines = stdout.join('').split('\n').filter(Boolean);
    const logs = lines.filter((l) => !l.startsWith('Bot ready at ')).map((l) => JSON.parse(l) as { level: number; event?: string; repeated?: number });
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('logs refusals at warn, at most one line per kind a window, with a count of the rest', () => {
    const logs = stdout
      .join('')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { level: number; event?: string; problem?: string; kind?: string; code?: string; repeated?: number });
    const warned = logs.filter((l) => l.level === 40);
    const auth = warned.filter((l) => l.event === 'auth.refused');
    // Every refusal is accounted for: written, or counted in a later line.
    expect(auth.reduce((n, l) => n + (l.repeated ?? 1), 0)).toBe(refusedForToken);
    expect(auth.length).toBeLessThan(refusedForToken / 5);
    expect(auth.some((l) => (l.repeated ?? 0) > 0)).toBe(true);
    for (const problem of ['not_json', 'not_object', 'not_activity', 'too_deep', 'content_type', 'incomplete']) {
      const lines = warned.filter((l) => l.event === 'http.bad_request' && (l.problem === problem || l.kind === `http.bad_request.${problem}`));
      expect([problem, lines.length > 0]).toEqual([problem, true]);
      expect([problem, lines.length < ROUNDS]).toEqual([problem, true]);
    }
    // Connections cut off by the timeouts, and bytes that are not HTTP.
    const clientErrors = warned.filter((l) => l.event === 'http.client_error').map((l) => l.code);
    expect(clientErrors).toEqual(expect.arrayContaining(['ERR_HTTP_REQUEST_TIMEOUT', 'HPE_INVALID_METHOD']));
  });
});
