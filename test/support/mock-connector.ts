import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: string;
  path: string;
  conversationId: string;
  body: Record<string, unknown>;
  /** The id the connector gave a message it accepted (what Teams returns, and later sends as replyToId). */
  activityId?: string;
}

/** Picks calls by what they are (method, path, conversation, body). */
export type CallMatch = (call: ConnectorCall) => boolean;

/**
 * A stand-in for the Teams connector (the service at an activity's serviceUrl): records
 * every send, reply and update the bot makes, and can be told to fail the next calls or
 * to hold calls without ever answering them.
 */
export class MockConnector {
  readonly calls: ConnectorCall[] = [];
  /** Calls held without an answer (not delivered). */
  readonly held: ConnectorCall[] = [];
  private server?: Server;
  private failures: Array<{ status: number; headers?: Record<string, string>; match?: CallMatch }> = [];
  private holding: CallMatch | undefined;
  /** Answers owed to held calls, in the order they came. */
  private readonly owed: Array<{ call: ConnectorCall; answer: () => void }> = [];
  private counter = 0;
  /** Files served as Teams serves a sent file's downloadUrl: path → bytes (chunked: no Content-Length). */
  private readonly files = new Map<string, { bytes: Buffer; chunked: boolean }>();
  /** How many times each served file was fetched. */
  readonly fileFetches = new Map<string, number>();
  /**
   * People (object ids, lower case) for whom the app is installed without their having
   * opened the bot (an org-wide setup policy, or Graph): Teams creates a 1:1 chat with them.
   * For anyone else it refuses (403), as Teams does where the app is not installed. (People
   * who installed it themselves have a stored chat: the bot does not ask to create one.)
   */
  private readonly installed = new Set<string>();
  url = '';

  /** The app is not installed for this person: creating a 1:1 chat with them answers 403, as Teams does. */
  appMissingFor(aadObjectId: string): void {
    this.installed.delete(aadObjectId.toLowerCase());
  }

  /** The app is now installed for them (an org-wide policy, or Graph): chats can be created. */
  appInstalledFor(aadObjectId: string): void {
    this.installed.add(aadObjectId.toLowerCase());
  }

  /** Calls that created a 1:1 chat (or were refused), oldest first. */
  chatCreations(): ConnectorCall[] {
    return this.calls.filter((c) => c.method.startsWith('POST') && /\/v3\/conversations\/?$/.test(c.path) && c.body.isGroup === false);
  }

  /** Serves `bytes` at a pre-authenticated download link, as OneDrive does for a file sent to the bot; returns the link. */
  serveFile(name: string, bytes: Buffer, options: { chunked?: boolean } = {}): string {
    const path = `/files/${++this.counter}/${encodeURIComponent(name)}`;
    this.files.set(path, { bytes, chunked: options.chunked ?? false });
    return `${this.url.replace(/\/$/, '')}${path}?tempauth=mock`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    // Held calls would keep the server open.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The next `count` calls answer with `status` (and headers such as Retry-After). */
  failNext(status: number, count = 1, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, headers });
  }

  /** The next `count` calls that `match` picks answer with `status`; other calls are not affected. */
  failWhen(match: CallMatch, status: number, count = 1, headers?: Record<string, string>): void {
    for (let i = 0; i < count; i++) this.failures.push({ status, headers, match });
  }

  /** Calls that `match` picks are never answered (recorded in `held`), until stopHolding(). */
  hold(match: CallMatch = () => true): void {
    this.holding = match;
  }

  stopHolding(): void {
    this.holding = undefined;
  }

  /** Stops holding and answers every held call as if it had just arrived. */
  release(): void {
    this.holding = undefined;
    for (const { answer } of this.owed.splice(0)) answer();
  }

  /** Answers the held calls that `match` picks; the rest stay held, and holding goes on. */
  releaseWhere(match: CallMatch): void {
    for (const owed of this.owed.filter((o) => match(o.call))) {
      this.owed.splice(this.owed.indexOf(owed), 1);
      owed.answer();
    }
  }

  /** Messages (not typing indicators or updates) sent to one conversation, oldest first. */
  messagesTo(conversationId: string): Array<Record<string, unknown>> {
    return this.calls
      .filter((c) => c.method === 'POST' && c.conversationId === conversationId && c.body.type === 'message')
      .map((c) => (c.activityId ? { ...c.body, id: c.activityId } : c.body));
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  clear(): void {
    this.calls.length = 0;
  }

  /** Waits until `predicate` holds over the calls so far (sends after a turn can lag it). */
  waitFor(predicate: (calls: ConnectorCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    return this.poll(() => predicate(this.calls), timeoutMs);
  }

  /** Waits until `predicate` holds over the calls held so far. */
  waitForHeld(predicate: (held: ConnectorCall[]) => boolean, timeoutMs = 5000): Promise<void> {
    return this.poll(() => predicate(this.held), timeoutMs);
  }

  private async poll(done: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the connector; calls so far:\n${JSON.stringify(this.calls, null, 1).slice(0, 4000)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = req.method === 'GET' ? this.files.get((req.url ?? '').split('?')[0]!) : undefined;
    if (file) return this.sendFile(req, res, file);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    const m = /\/v3\/conversations\/([^/]+)/.exec(path);
    const call: ConnectorCall = { method: req.method ?? '', path, conversationId: m?.[1] ?? '', body };
    if (this.holding?.(call)) {
      this.held.push(call);
      this.owed.push({ call, answer: () => this.answer(req, res, call) });
      return;
    }
    this.answer(req, res, call);
  }

  private sendFile(req: IncomingMessage, res: ServerResponse, file: { bytes: Buffer; chunked: boolean }): void {
    const path = (req.url ?? '').split('?')[0]!;
    this.fileFetches.set(path, (this.fileFetches.get(path) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/octet-stream', ...(file.chunked ? {} : { 'content-length': String(file.bytes.length) }) });
    // Chunked: the size is known only as it streams, as from a server that sends no length.
    if (!file.chunked) return void res.end(file.bytes);
    for (let at = 0; at < file.bytes.length; at += 16 * 1024) res.write(file.bytes.subarray(at, at + 16 * 1024));
    res.end();
  }

  private answer(req: IncomingMessage, res: ServerResponse, call: ConnectorCall): void {
    const { path, body } = call;
    const index = this.failures.findIndex((f) => !f.match || f.match(call));
    const failure = index < 0 ? undefined : this.failures.splice(index, 1)[0];
    if (failure) {
      this.calls.push({ ...call, method: `${call.method}!${failure.status}` });
      res.writeHead(failure.status, { 'content-type': 'application/json', ...failure.headers });
      res.end(JSON.stringify({ error: { code: 'Mock', message: `mock ${failure.status}` } }));
      return;
    }
    const members = (body.members as Array<{ id?: string }> | undefined) ?? [];
    if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(path) && body.isGroup === false) {
      // createConversation for a 1:1 chat: Teams answers with the person's one chat with the
      // bot (the same id their own messages come from), or 403 where the app is not installed.
      const member = members[0]?.id ?? '';
      if (!this.installed.has(member.toLowerCase())) {
        this.calls.push({ ...call, method: 'POST!403' });
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'BotNotInConversationRoster', message: 'The bot is not part of the conversation roster.' } }));
        return;
      }
      this.calls.push(call);
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `a:personal-${member}`, activityId: '' }));
      return;
    }
    this.calls.push(call);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(path)) {
      // createConversation: a new channel thread or 1:1 chat.
      const id = `${(body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id ?? 'a:new'};messageid=${++this.counter}`;
      res.end(JSON.stringify({ id, activityId: String(this.counter) }));
      return;
    }
    const id = `activity-${++this.counter}`;
    call.activityId = id;
    res.end(JSON.stringify({ id }));
  }
}
