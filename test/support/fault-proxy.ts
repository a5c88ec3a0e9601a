import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the proxy does with a request: pass it on, never answer, reset the connection, or pass it on and lose the answer. */
export type FaultMode = 'pass' | 'blackhole' | 'refuse' | 'drop-response';

export interface ProxiedRequest {
  method: string;
  /** Path and query, e.g. /devstoreaccount1/$batch. */
  path: string;
  mode: FaultMode;
  /** Azurite's answer (status line and body), when the request reached it. */
  answer?: string;
  /** What was sent, for requests with a body (a transaction's operations). */
  body?: string;
}

/** A request as the proxy sees it (the body only while it is being handled). */
type Match = (request: { method: string; path: string; body?: string }) => boolean;

/** A Table Storage entity-group transaction. */
export const isBatch: Match = (r) => r.method === 'POST' && r.path.includes('$batch');
/** Anything that writes. */
export const isWrite: Match = (r) => r.method !== 'GET' && r.method !== 'HEAD';

/**
 * An HTTP proxy between the bot and Azurite that fails requests on demand. The bot is
 * started with `connectionString`; the test reads and writes Azurite directly. Faults are
 * decided per request (not per connection), so pooled keep-alive sockets fail too.
 */
export class FaultProxy {
  readonly requests: ProxiedRequest[] = [];
  private server?: Server;
  private readonly target: URL;
  private readonly sockets = new Set<Socket>();
  private readonly held = new Set<Socket>();
  private mode: FaultMode = 'pass';
  /** When set, the mode starts at the first request this matches and then holds for every later one. */
  private from: Match | undefined;
  private once: { match: Match; dropped: () => void } | undefined;
  private gate:
    { match: Match; count: number; rank: (body: string) => number; waiting: Array<{ rank: number; go: () => Promise<void> }>; opened: () => void } | undefined;
  private port = 0;

  /** @param upstream Azurite's connection string */
  constructor(private readonly upstream: string) {
    const endpoint = /TableEndpoint=([^;]+)/.exec(upstream)?.[1];
    if (!endpoint) throw new Error('The connection string has no TableEndpoint');
    this.target = new URL(endpoint);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      if (this.mode === 'refuse' && !this.from) return void socket.resetAndDestroy();
      this.sockets.add(socket);
      socket.on('close', () => {
        this.sockets.delete(socket);
        this.held.delete(socket);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** The upstream connection string, pointed at the proxy. */
  get connectionString(): string {
    const proxied = new URL(this.target.href);
    proxied.port = String(this.port);
    return this.upstream.replace(/TableEndpoint=[^;]+/, `TableEndpoint=${proxied.href.replace(/\/$/, '')}`);
  }

  /** Every request from now on (or from the first matching `from`) gets `mode`, until heal(). */
  fail(mode: Exclude<FaultMode, 'pass'>, from?: Match): void {
    this.mode = mode;
    this.from = from;
  }

  /** The next request matching `match` reaches Azurite, and its answer is lost (the connection is destroyed). */
  dropNextResponse(match: Match): Promise<void> {
    return new Promise((dropped) => (this.once = { match, dropped }));
  }

  /**
   * Holds the next `count` requests matching `match`, then passes them on one at a time,
   * lowest `rank` first: writers that all read the same version then race for one etag.
   */
  holdTogether(match: Match, count: number, rank: (body: string) => number): Promise<void> {
    return new Promise((opened) => (this.gate = { match, count, rank, waiting: [], opened }));
  }

  /** Back to passing everything; requests held by a blackhole are never passed on. */
  heal(): void {
    this.mode = 'pass';
    this.from = undefined;
    for (const socket of this.held) socket.destroy();
    this.held.clear();
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private modeFor(request: { method: string; path: string }): FaultMode {
    if (this.once?.match(request)) return 'drop-response';
    if (this.from && this.mode !== 'pass') {
      if (!this.from(request)) return 'pass';
      this.from = undefined;
    }
    return this.mode;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const request = { method: req.method ?? 'GET', path: req.url ?? '/' };
    const gate = this.gate;
    if (gate?.match({ ...request, body: body.toString('utf8') })) {
      gate.waiting.push({ rank: gate.rank(body.toString('utf8')), go: () => this.forward(req, res, request, body) });
      if (gate.waiting.length < gate.count) return;
      this.gate = undefined;
      for (const held of gate.waiting.sort((x, y) => x.rank - y.rank)) await held.go();
      gate.opened();
      return;
    }
    await this.forward(req, res, request, body);
  }

  private async forward(req: IncomingMessage, res: ServerResponse, request: { method: string; path: string }, body: Buffer): Promise<void> {
    const mode = this.modeFor(request);
    const record: ProxiedRequest = { ...request, mode, ...(body.length ? { body: body.toString('utf8') } : {}) };
    this.requests.push(record);
    if (mode === 'blackhole') {
      this.held.add(req.socket);
      return;
    }
    if (mode === 'refuse') return void req.socket.resetAndDestroy();
    const drop = mode === 'drop-response' ? this.once : undefined;
    if (drop) this.once = undefined;
    await new Promise<void>((done) => {
      const upstream = httpRequest(
        { host: this.target.hostname, port: this.target.port, method: request.method, path: request.path, headers: req.headers },
        async (answer) => {
          const parts: Buffer[] = [];
          for await (const chunk of answer) parts.push(chunk as Buffer);
          record.answer = `${answer.statusCode} ${Buffer.concat(parts).toString('utf8')}`;
          if (drop) {
            // Azurite has done the work; the bot never hears about it.
            req.socket.destroy();
            drop.dropped();
          } else {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            res.end(Buffer.concat(parts));
          }
          done();
        },
      );
      upstream.on('error', () => {
        req.socket.destroy();
        done();
      });
      upstream.end(body);
    });
  }
}
