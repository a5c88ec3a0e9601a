import WebSocket from 'ws';

/**
 * Reads a Node process's heap through its inspector (the process was started with
 * --inspect=127.0.0.1:<port>): process.memoryUsage() inside it, and a full garbage
 * collection on request, so a benchmark can tell live objects from garbage not yet
 * collected. Used only when asked (--heap): the inspector adds a little to the process.
 */
export interface HeapProbe {
  memoryUsage(): Promise<NodeJS.MemoryUsage>;
  collectGarbage(): Promise<void>;
  close(): void;
}

export async function connectInspector(port: number): Promise<HeapProbe> {
  let targets: Array<{ webSocketDebuggerUrl: string }> = [];
  for (let i = 0; i < 100 && !targets.length; i++) {
    try {
      targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as typeof targets;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  if (!targets[0]) throw new Error('the bot did not open its inspector');
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  let id = 0;
  const waiting = new Map<number, (value: { result?: unknown; error?: { message: string } }) => void>();
  ws.on('message', (data: Buffer) => {
    const reply = JSON.parse(data.toString('utf8')) as { id?: number; result?: unknown; error?: { message: string } };
    if (reply.id !== undefined) waiting.get(reply.id)?.(reply);
  });
  const call = (method: string, params: object = {}): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const n = ++id;
      waiting.set(n, (reply) => {
        waiting.delete(n);
        if (reply.error) reject(new Error(reply.error.message));
        else resolve(reply.result);
      });
      ws.send(JSON.stringify({ id: n, method, params }));
    });
  return {
    async memoryUsage() {
      const result = (await call('Runtime.evaluate', { expression: 'JSON.stringify(process.memoryUsage())', returnByValue: true })) as { result: { value: string } };
      return JSON.parse(result.result.value) as NodeJS.MemoryUsage;
    },
    async collectGarbage() {
      await call('HeapProfiler.collectGarbage');
    },
    close: () => ws.close(),
  };
}
