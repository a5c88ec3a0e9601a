import { mountReportDownloads, type ReportDownloadDeps } from './auth/report-downloads';
import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import restify, { type Request, type Response, type Server, type ServerOptions } from 'restify';
import { z } from 'zod';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import { SERVER_DEFAULTS, type ServerLimits } from './config';
import { Foreground } from './foreground';
import { SharedCheck } from './health';
import { readJsonBody } from './http-body';
import { frameworkLogger, throttle, type Logger } from './logger';
import { personRateLimitMiddleware } from './middleware';
import { PersonRateLimiter } from './rate-limiter';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  /** Resolves true when Table Storage answers; must not throw. */
  storageReachable: () => Promise<boolean>;
  /** Decision report downloads, for signed-in people the access policy lets see the request. */
  reports?: Omit<ReportDownloadDeps, 'log'>;
  /** Counts the activities being answered; background work gives way to them. */
  foreground?: Foreground;
  /** Timeouts, connection cap, per-person rates, health-check age: SERVER_DEFAULTS when not given. */
  limits?: ServerLimits;
  log: Logger;
}

/**
 * How often Node looks for requests past their header or request timeout. Its default,
 * 30 s, would let a 10 s header timeout run to 40 s. It is read when the server starts
 * listening.
 */
const TIMEOUT_CHECK_MS = 500;

/** The least an activity must have before botbuilder sees it; the rest it validates itself. */
const ActivityEnvelope = z
  .object({
    type: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048).optional(),
    conversation: z
      .object({ id: z.string().min(1).max(1024) })
      .passthrough()
      .optional(),
  })
  .passthrough();

export function createServer(deps: ServerDeps): Server {
  const log = deps.log;
  const server = restify.createServer({
    name: 'establishment-change-bot',
    handleUncaughtExceptions: false,
    log: frameworkLogger(log) as unknown as ServerOptions['log'],
  });
  const foreground = deps.foreground ?? new Foreground();
  const limits = deps.limits ?? SERVER_DEFAULTS;
  const health = new SharedCheck(deps.storageReachable, limits.healthMaxAgeMs, (ok) =>
    ok
      ? log.info({ event: 'health.storage_reachable' }, 'Table Storage answers again')
      : log.warn({ event: 'health.storage_unreachable' }, 'Table Storage is not answering: /healthz answers 503'),
  );
  const limiters = { messages: new PersonRateLimiter(limits.messages), invokes: new PersonRateLimiter(limits.invokes) };
  // Last in the adapter's chain (app.ts adds correlation and the tenant allow-list first).
  deps.adapter.use(personRateLimitMiddleware(limiters, log));
  // @types/node does not list it; Node 18.12+ has it.
  const http = httpServer(server);
  (http as HttpServer & { connectionsCheckingInterval: number }).connectionsCheckingInterval = TIMEOUT_CHECK_MS;
  http.requestTimeout = limits.http.requestTimeoutMs;
  http.headersTimeout = limits.http.headersTimeoutMs;
  http.keepAliveTimeout = limits.http.keepAliveTimeoutMs;
  http.maxConnections = limits.http.maxConnections;
  // Node closes connections over maxConnections as they arrive ('drop', Node 18.6+).
  http.on('drop', () => throttle.warn(log, 'http.connection_refused', { event: 'http.connection_refused' }, 'connection refused: too many open'));
  http.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => answerClientError(err, socket, log));

  server.post('/api/messages', async (req: Request, res: Response) =>
    foreground.run(async () => {
      try {
        const body = await readJsonBody(req);
        if (!body.ok) {
          throttle.warn(log, `http.bad_request.${body.problem}`, { event: 'http.bad_request', problem: body.problem, status: body.status }, 'request refused');
          return sendJson(res, body.status, { error: body.message });
        }
        const envelope = ActivityEnvelope.safeParse(body.value);
        if (!envelope.success) {
          throttle.warn(log, 'http.bad_request.not_activity', { event: 'http.bad_request', problem: 'not_activity', status: 400 }, 'request refused');
          return sendJson(res, 400, { error: 'Body is not an activity' });
        }
        (req as Request & { body: unknown }).body = body.value;
        await deps.adapter.process(req, res, (context) => deps.bot.run(context));
      } catch (err) {
        // Reached only for faults outside a turn (the turn's own errors go to onTurnError).
        throttle.error(log, 'http.messages_failed', { err, event: 'http.messages_failed' }, 'could not process an activity');
        if (!res.headersSent) sendJson(res, 400, { error: 'The activity could not be processed' });
      }
    }),
  );

  // Table Storage, from a check at most healthMaxAgeMs old: what App Service's health check polls.
  server.get('/healthz', async (_req: Request, res: Response) => {
    const ok = await health.ok();
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'storage unreachable' });
  });

  // The process answers, whatever storage is doing.
  server.get('/livez', async (_req: Request, res: Response) => sendJson(res, 200, { status: 'ok' }));

  if (deps.reports) mountReportDownloads(server, { ...deps.reports, log: deps.log });

  server.on('restifyError', (_req: Request, _res: Response, err: Error, callback: () => void) => {
    throttle.warn(log, `http.error.${err.name}`, { event: 'http.error', name: err.name }, 'request refused');
    callback();
  });

  Object.defineProperty(server, 'inFlight', { get: () => foreground.inFlight });
  return server;
}

const CLIENT_ERROR_STATUS: Record<string, string> = {
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
};

/**
 * What Node does with a request that is not HTTP, or not received in time (its header
 * and request timeouts), when no one listens for 'clientError': answer 400 (408, 431)
 * and close. The same here, and a line at warn, so slow clients being cut off shows. A
 * caller hanging up (ECONNRESET) is nobody's fault and is not logged.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex, log: Logger): void {
  const code = err.code ?? 'unknown';
  if (code !== 'ECONNRESET') {
    throttle.warn(log, `http.client_error.${code}`, { event: 'http.client_error', code }, 'connection closed: not valid HTTP, or not received in time');
    if (socket.writable && (socket as Duplex & { bytesWritten?: number }).bytesWritten === 0) {
      socket.write(`HTTP/1.1 ${CLIENT_ERROR_STATUS[code] ?? '400 Bad Request'}\r\nConnection: close\r\n\r\n`);
    }
  }
  socket.destroy();
}

/** restify's own HTTP server (plain HTTP: TLS ends at App Service's front end). */
const httpServer = (server: Server): HttpServer => server.server as HttpServer;

function sendJson(res: Response, status: number, body: object): void {
  res.status(status);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

export function inFlightRequests(server: Server): number {
  return (server as Server & { inFlight?: number }).inFlight ?? 0;
}
