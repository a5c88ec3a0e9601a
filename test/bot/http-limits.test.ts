import type { AddressInfo } from 'node:net';
import { connect, type Socket } from 'node:net';
import type { ActivityHandlerBase, TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { createAdapter } from '../../bot/adapter';
import { SERVER_DEFAULTS, type ServerLimits } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { createServer } from '../../bot/server';
import type { LogLine } from '../support/bot-harness';

/**
 * Slow clients are cut off in the configured time (Node's own limits are 60 s for the
 * headers and 300 s for the whole request, with no cap on connections). The bounds below
 * are generous: what is checked is that the server closes the connection, far sooner
 * than Node would, not how fast.
 */
const LIMITS: ServerLimits = {
  ...SERVER_DEFAULTS,
  http: { headersTimeoutMs: 1000, requestTimeoutMs: 2000, keepAliveTimeoutMs: 1000, maxConnections: 4 },
};
/** Long enough for a slow turn; the request timeout covers receiving the request, not answering it. */
const SLOW_TURN_MS = 3000;

const logs: LogLine[] = [];
let server: Server;
let port = 0;

beforeAll(async () => {
  const log = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) });
  const bot = {
    run: async (context: TurnContext) => {
      if (context.activity.text === 'slow') await new Promise((r) => setTimeout(r, SLOW_TURN_MS));
    },
  } as unknown as ActivityHandlerBase;
  server = createServer({ adapter: createAdapter({ MicrosoftAppType: 'MultiTenant' }, log), bot, storageReachable: async () => true, limits: LIMITS, log });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

/** Every connection a test opened, closed at the end whatever the server did with it. */
const opened = new Set<Socket>();

afterEach(() => {
  for (const socket of opened) socket.destroy();
  opened.clear();
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

interface Connection {
  socket: Socket;
  received: () => string;
  /** Resolves with how long after opening the server closed it. */
  closed: Promise<number>;
}

function open(): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let received = '';
    const socket = connect(port, '127.0.0.1');
    opened.add(socket);
    const closed = new Promise<number>((done) => socket.on('close', () => done(performance.now() - started)));
    socket.on('data', (d) => (received += d.toString('latin1')));
    socket.on('error', () => undefined);
    socket.once('connect', () => resolve({ socket, received: () => received, closed }));
    socket.once('error', reject);
  });
}

/** Resolves with how long the promise took, or Infinity if it took longer than `ms`. */
const within = (closed: Promise<number>, ms: number) => Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(Infinity), ms))]);

const activity = (text: string) =>
  JSON.stringify({
    type: 'message',
    id: `m-${text}`,
    channelId: 'msteams',
    serviceUrl: 'http://127.0.0.1:9/',
    text,
    from: { id: '29:x', aadObjectId: '00000000-0000-0000-0000-0000000000a1' },
    recipient: { id: '28:bot' },
    conversation: { id: 'a:x', conversationType: 'personal', tenantId: '00000000-0000-0000-0000-000000000001' },
  });

function request(body: string): string {
  return `POST /api/messages HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
}

describe('the HTTP server cuts off slow clients', () => {
  it('closes a connection whose headers never end (slow loris) after the header timeout, answering 408', async () => {
    const c = await open();
    c.socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\n');
    // One header line every 200 ms: each byte is on time, the headers never are.
    const drip = setInterval(() => !c.socket.destroyed && c.socket.write(`X-Drip-${Date.now()}: y\r\n`), 200);
    try {
      expect(await within(c.closed, 10_000)).toBeLessThan(10_000);
      expect(c.received()).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      clearInterval(drip);
    }
  });

  it('closes a request whose body never finishes after the request timeout, logging a warning, not an error', async () => {
    const c = await open();
    c.socket.write('POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type": "mess');
    const drip = setInterval(() => !c.socket.destroyed && c.socket.write(' '), 200);
    try {
      expect(await within(c.closed, 15_000)).toBeLessThan(15_000);
    } finally {
      clearInterval(drip);
    }
    await new Promise((r) => setTimeout(r, 50));
    expect(logs.some((l) => l.event === 'http.bad_request' && l.problem === 'incomplete' && l.level === 40)).toBe(true);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('closes a kept-alive connection left idle after the keep-alive timeout', async () => {
    const c = await open();
    c.socket.write('GET /livez HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(await within(c.closed, 10_000)).toBeLessThan(10_000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('answers a turn that takes longer than the request timeout: the timeout is for receiving the request', async () => {
    const c = await open();
    c.socket.write(request(activity('slow')));
    await within(c.closed, SLOW_TURN_MS + 2000);
    expect(c.received()).toMatch(/^HTTP\/1\.1 200/);
  });

  it('refuses connections over the cap, and serves those within it', async () => {
    const held = await Promise.all(Array.from({ length: LIMITS.http.maxConnections }, () => open()));
    // Past the cap, Node closes the connection as it arrives.
    const over = await open();
    expect(await within(over.closed, 5000)).toBeLessThan(5000);
    expect(over.received()).toBe('');
    // The held ones still work.
    held[0]!.socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await within(held[0]!.closed, 5000);
    expect(held[0]!.received()).toMatch(/^HTTP\/1\.1 200/);
    for (const c of held) c.socket.destroy();
    await Promise.all(held.map((c) => c.closed));
    expect(logs.some((l) => l.event === 'http.connection_refused' && l.level === 40)).toBe(true);
    // Room again once they have gone.
    const again = await open();
    again.socket.write('GET /livez HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await within(again.closed, 5000);
    expect(again.received()).toMatch(/^HTTP\/1\.1 200/);
  });
});
