import restify, { type Request, type Response, type Server } from 'restify';
import { z } from 'zod';
import type { ActivityHandlerBase, CloudAdapter } from 'botbuilder';
import { Foreground } from './foreground';
import { readJsonBody } from './http-body';
import type { Logger } from './logger';

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: ActivityHandlerBase;
  /** Resolves true when Table Storage answers; must not throw. */
  storageReachable: () => Promise<boolean>;
  /** The decision report behind a signed link: undefined when the link is not valid. */
  report?: (reference: string, query: Record<string, string>) => Promise<Buffer | undefined>;
  /** Counts the activities being answered; background work gives way to them. */
  foreground?: Foreground;
  log: Logger;
}

/** The least an activity must have before botbuilder sees it; the rest it validates itself. */
const ActivityEnvelope = z.object({
  type: z.string().min(1).max(64),
  serviceUrl: z.string().url().max(2048).optional(),
  conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough().optional(),
}).passthrough();

export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'establishment-change-bot', handleUncaughtExceptions: false });
  const foreground = deps.foreground ?? new Foreground();

  server.post('/api/messages', async (req: Request, res: Response) => foreground.run(async () => {
    try {
      const body = await readJsonBody(req);
      if (!body.ok) return sendJson(res, body.status, { error: body.message });
      const envelope = ActivityEnvelope.safeParse(body.value);
      if (!envelope.success) return sendJson(res, 400, { error: 'Body is not an activity' });
      (req as Request & { body: unknown }).body = body.value;
      await deps.adapter.process(req, res, (context) => deps.bot.run(context));
    } catch (err) {
      // Reached only for faults outside a turn (the turn's own errors go to onTurnError).
      deps.log.error({ err, event: 'http.messages_failed' }, 'could not process an activity');
      if (!res.headersSent) sendJson(res, 400, { error: 'The activity could not be processed' });
    }
  }));

  server.get('/healthz', async (_req: Request, res: Response) => {
    const ok = await deps.storageReachable();
    sendJson(res, ok ? 200 : 503, { status: ok ? 'ok' : 'storage unreachable' });
  });

  server.get('/reports/:file', async (req: Request, res: Response) => {
    const m = /^(ECR-\d{4}-\d{4,6})\.docx$/.exec(String(req.params.file ?? ''));
    const query = Object.fromEntries(new URL(req.url ?? '', 'http://x').searchParams.entries());
    const body = m && deps.report ? await deps.report(m[1]!, query).catch((err: unknown) => {
      deps.log.error({ err, event: 'report.failed' }, 'report could not be made');
      return undefined;
    }) : undefined;
    if (!body) return sendJson(res, 404, { error: 'This link is not valid or has expired. Ask the bot for a new one: report ECR-…' });
    res.status(200);
    res.setHeader('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('content-disposition', `attachment; filename="${m![1]}.docx"`);
    res.setHeader('cache-control', 'no-store');
    res.end(body);
  });

  server.on('restifyError', (_req: Request, _res: Response, err: Error, callback: () => void) => {
    deps.log.warn({ event: 'http.error', name: err.name }, 'request refused');
    callback();
  });

  Object.defineProperty(server, 'inFlight', { get: () => foreground.inFlight });
  return server;
}

function sendJson(res: Response, status: number, body: object): void {
  res.status(status);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

export function inFlightRequests(server: Server): number {
  return (server as Server & { inFlight?: number }).inFlight ?? 0;
}
