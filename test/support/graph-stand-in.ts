import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GraphCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  authorization?: string;
}

/**
 * A stand-in for Microsoft Graph's `POST /v1.0/users/{id}/teamwork/installedApps` on a
 * loopback port, answering as Graph does: 201 with the installation, 409 when the app is
 * already installed for them, 403 when the app lacks the permission (admin consent not
 * given), 404 for an app not in the catalog, each with Graph's error body. An install
 * calls `onInstall`, as Teams then lets the bot create the chat.
 */
export class GraphStandIn {
  readonly calls: GraphCall[] = [];
  /** 'granted' answers as Graph does with TeamsAppInstallation.ReadWriteSelfForUser.All consented; 'denied' as without it. */
  permission: 'granted' | 'denied' = 'granted';
  /** The catalog id of the app Graph knows. */
  catalogId = '11111111-2222-3333-4444-555555555555';
  /** Next answers forced (status), oldest first: 429 and 503 carry Retry-After. */
  private readonly failures: number[] = [];
  private readonly installed = new Set<string>();
  private server?: Server;
  url = '';

  constructor(private readonly onInstall: (aadObjectId: string) => void = () => undefined) {}

  /**
   * Graph already has the app installed for this person (a POST answers 409); Teams' roster
   * catches up with that POST (`onInstall`), as it does some moments after an install.
   */
  /** People Graph knows by object id, as `GET /v1.0/users/{id}?$select=displayName` answers them. */
  readonly users = new Map<string, string>();
  /** Group memberships, as `POST /v1.0/users/{id}/checkMemberGroups` answers them: object id → group ids. */
  readonly groups = new Map<string, string[]>();

  alreadyInstalled(aadObjectId: string): void {
    this.installed.add(aadObjectId.toLowerCase());
  }

  failNext(status: number, count = 1): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  /** Installations made, by object id. */
  installs(): string[] {
    return this.calls.filter((c) => c.method === 'POST').map((c) => /\/users\/([^/]+)\//.exec(c.path)?.[1] ?? '');
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      return this.error(res, 400, 'BadRequest', 'Unable to read JSON request payload.');
    }
    const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
    this.calls.push({ method: req.method ?? '', path, body, authorization: req.headers.authorization });
    const forced = this.failures.shift();
    if (forced === 429 || forced === 503)
      return this.error(
        res,
        forced,
        forced === 429 ? 'TooManyRequests' : 'ServiceUnavailable',
        forced === 429 ? 'Too many requests.' : 'Service unavailable.',
        { 'Retry-After': '10' },
      );
    if (forced) return this.error(res, forced, 'UnknownError', `Forced ${forced}.`);
    const check = /^\/v1\.0\/users\/([^/]+)\/checkMemberGroups$/.exec(path);
    if (req.method === 'POST' && check) {
      const asked = Array.isArray(body.groupIds) ? body.groupIds.filter((g): g is string => typeof g === 'string') : [];
      const theirs = this.groups.get(check[1]!.toLowerCase()) ?? [];
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ value: asked.filter((g) => theirs.includes(g.toLowerCase())) }));
    }
    const lookup = /^\/v1\.0\/users\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && lookup) {
      const name = this.users.get(lookup[1]!.toLowerCase());
      if (!name)
        return this.error(
          res,
          404,
          'Request_ResourceNotFound',
          `Resource '${lookup[1]}' does not exist or one of its queried reference-property objects are not present.`,
        );
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(displayName)/$entity', displayName: name }));
    }
    const m = /^\/v1\.0\/users\/([^/]+)\/teamwork\/installedApps$/.exec(path);
    if (req.method !== 'POST' || !m) return this.error(res, 404, 'UnknownError', '');
    if (this.permission === 'denied') {
      return this.error(
        res,
        403,
        'Forbidden',
        "Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All, TeamsAppInstallation.ReadWriteForUser.All'. Roles on the request ''.",
      );
    }
    const bind = String(body['teamsApp@odata.bind'] ?? '');
    if (bind !== `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${this.catalogId}`) {
      return this.error(res, 404, 'NotFound', `The app with id '${bind.split('/').pop()}' was not found in the app catalog.`);
    }
    const user = m[1]!.toLowerCase();
    if (this.installed.has(user)) {
      this.onInstall(m[1]!);
      return this.error(res, 409, 'Conflict', 'App is already installed.');
    }
    this.installed.add(user);
    this.onInstall(m[1]!);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({ '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${m[1]}')/teamwork/installedApps/$entity`, id: randomUUID() }),
    );
  }

  private error(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
    const now = new Date().toISOString();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(
      JSON.stringify({ error: { code, message, innerError: { date: now.slice(0, 19), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } }),
    );
  }
}
