import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Teams connector (the service at an activity's serviceUrl) for the
 * benchmarks: answers every send, reply and update at once, notes when each arrived,
 * counts the bot's apologies, and keeps only what a benchmark asks for (a benchmark of thousands of sends
 * must not measure its own connector's memory).
 *
 *   create  POST /v3/conversations                       a new channel post (or 1:1 chat)
 *   send    POST /v3/conversations/{id}/activities[/…]   a message, or a reply in a thread
 *   update  PUT  /v3/conversations/{id}/activities/{a}   a card replaced in place
 */
export interface ConnectorCall {
  /** Milliseconds since the epoch (fractional) when the request reached the connector. */
  at: number;
  kind: 'create' | 'send' | 'update' | 'other';
  /** The conversation the call is for; for `create`, the channel's id (or 'a:new'). */
  conversationId: string;
  body: Record<string, unknown>;
}

export interface RecordingConnector {
  url: string;
  /** Calls kept because `keep` said so, in arrival order. */
  kept: ConnectorCall[];
  /** Bot messages that apologise for an error in a turn (adapter.ts onTurnError). */
  errorReplies: number;
  /** The last three messages sent to a conversation (newest last), for the conversations `remember` names. */
  recent: Map<string, Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

const ERROR_REPLY = /something went wrong/i;

export async function startRecordingConnector(
  options: { keep?: (call: ConnectorCall) => boolean; remember?: (conversationId: string) => boolean } = {},
): Promise<RecordingConnector> {
  const state: RecordingConnector = {
    url: '',
    kept: [],
    errorReplies: 0,
    recent: new Map(),
    close: async () => undefined,
  };
  let n = 0;
  const server = createServer((req, res) => {
    const at = performance.timeOrigin + performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      const isCreate = req.method === 'POST' && /\/v3\/conversations\/?$/.test(path);
      const kind: ConnectorCall['kind'] = isCreate ? 'create' : req.method === 'PUT' ? 'update' : req.method === 'POST' ? 'send' : 'other';
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // not JSON
      }
      const channel = (body.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
      const conversationId = isCreate ? (channel ?? 'a:new') : (/\/v3\/conversations\/([^/]+)/.exec(path)?.[1] ?? '');
      const call: ConnectorCall = { at, kind, conversationId, body };
      if (body.type === 'message' && typeof body.text === 'string' && ERROR_REPLY.test(body.text)) state.errorReplies++;
      if (kind === 'send' && body.type === 'message' && options.remember?.(conversationId)) {
        const list = state.recent.get(conversationId) ?? [];
        list.push(body);
        if (list.length > 3) list.shift();
        state.recent.set(conversationId, list);
      }
      if (options.keep?.(call)) state.kept.push(call);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (isCreate) {
        res.end(JSON.stringify({ id: `${channel ?? 'a:new'};messageid=${++n}`, activityId: String(n) }));
        return;
      }
      res.end(JSON.stringify({ id: `activity-${++n}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  state.close = () =>
    new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    });
  return state;
}
