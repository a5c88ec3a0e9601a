import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the Teams connector that answers every send, reply and update at once
 * and only counts them (test/support/mock-connector.ts keeps every body, too much for a
 * benchmark of thousands of decisions).
 */
export async function startCountingConnector(): Promise<{ url: string; calls: Record<string, number>; close(): Promise<void> }> {
  const calls: Record<string, number> = {};
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0]!;
      const create = req.method === 'POST' && /\/v3\/conversations\/?$/.test(path);
      const kind = create ? 'create conversation' : req.method === 'PUT' ? 'update' : req.method === 'POST' ? 'send' : (req.method ?? '?');
      calls[kind] = (calls[kind] ?? 0) + 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      if (create) {
        let channel = 'a:new';
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { channelData?: { channel?: { id?: string } } };
          channel = body.channelData?.channel?.id ?? channel;
        } catch {
          // not JSON: a 1:1 chat id will do
        }
        res.end(JSON.stringify({ id: `${channel};messageid=${++n}`, activityId: String(n) }));
        return;
      }
      res.end(JSON.stringify({ id: `activity-${++n}` }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
