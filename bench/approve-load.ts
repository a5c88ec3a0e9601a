/**
 * The load generator of bench/approve.ts, run as its own process (pinned with taskset):
 * autocannon posts the activities listed in a JSON file, each exactly once, at a fixed
 * overall rate, and this prints one JSON line with every latency and every outcome.
 *
 *   node --import tsx bench/approve-load.ts <plan.json>
 *
 * Steady arrivals: autocannon limits each connection to `rate` requests per second by
 * resetting a counter every second on a timer, and all connections' timers start together,
 * so with 50 connections at 1 a second every click of a second goes out in one burst. Each
 * connection's one-second window is therefore started at its own offset (connection i of
 * n at i/n of a second), which spreads the clicks evenly over each second. This reaches
 * into autocannon 8.0.0's client (reqsMadeThisSecond, paused, rateInterval, _doRequest).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface LoadPlan {
  url: string;
  /** Requests per second, overall. */
  rate: number;
  seconds: number;
  /** Open connections; each sends at most rate/connections a second, one at a time. */
  connections: number;
  /** Request bodies, each sent at most once, in order. `key` names what a body acts on. */
  bodies: Array<{ key: string; body: string }>;
  /** A response counts as good only if its body contains this. */
  expect: string;
  /** Spread each second's requests evenly (true) or let autocannon send them in bursts. */
  spread: boolean;
}

export interface LoadResult {
  rate: number;
  seconds: number;
  /** Latency of every response, ms, in the order they arrived. */
  latencies: number[];
  sent: number;
  responses: number;
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
  /** 2xx responses whose body did not contain `expect`. */
  unexpected: number;
  unexpectedSamples: string[];
  /** Keys of the bodies that got a good response. */
  goodKeys: string[];
  elapsedSeconds: number;
}

interface AutocannonClient {
  opts: { rate?: number };
  reqsMadeThisSecond: number;
  paused: boolean;
  destroyed: boolean;
  rateInterval: NodeJS.Timeout;
  cer?: unknown;
  _doRequest(cer?: unknown): void;
}
interface AutocannonRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
interface Instance {
  on(event: 'response', listener: (client: AutocannonClient, statusCode: number, bytes: number, responseTime: number) => void): void;
}
type Autocannon = (
  opts: Record<string, unknown>,
  done: (err: Error | null, result: { errors: number; timeouts: number; non2xx: number; requests: { sent: number } }) => void,
) => Instance;

const autocannon = createRequire(__filename)('autocannon') as Autocannon;

export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  const connections = Math.min(plan.connections, plan.rate);
  let next = 0;
  let clientIndex = 0;
  const latencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  const goodKeys: string[] = [];
  const unexpectedSamples: string[] = [];
  let unexpected = 0;
  const started = performance.now();

  const spreadWindow = (client: AutocannonClient) => {
    const offsetMs = ((clientIndex++ % connections) * 1000) / connections;
    // Hold the request the client sends on connecting until its own window opens.
    client.reqsMadeThisSecond = Number.MAX_SAFE_INTEGER;
    const tick = () => {
      client.reqsMadeThisSecond = 0;
      if (client.paused) {
        client.paused = false;
        client._doRequest(client.cer);
      }
    };
    setTimeout(() => {
      if (client.destroyed) return;
      clearInterval(client.rateInterval);
      client.rateInterval = setInterval(tick, 1000);
      tick();
    }, offsetMs);
  };

  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: plan.url,
        connections,
        overallRate: plan.rate,
        duration: plan.seconds,
        timeout: 10,
        ignoreCoordinatedOmission: true,
        ...(plan.spread ? { setupClient: spreadWindow } : {}),
        requests: [
          {
            method: 'POST',
            setupRequest(request: AutocannonRequest, context: { key?: string }) {
              const item = plan.bodies[next++];
              if (!item) return null;
              context.key = item.key;
              return { ...request, method: 'POST', path: '/api/messages', headers: { 'content-type': 'application/json' }, body: item.body };
            },
            onResponse(status: number, body: string, context: { key?: string }) {
              if (status < 200 || status >= 300) return;
              if (body.includes(plan.expect)) goodKeys.push(context.key ?? '?');
              else {
                unexpected++;
                if (unexpectedSamples.length < 3) unexpectedSamples.push(body.slice(0, 300));
              }
            },
          },
        ],
      },
      (err, result) => {
        if (err) return reject(err);
        resolve({
          rate: plan.rate,
          seconds: plan.seconds,
          latencies,
          sent: result.requests.sent,
          responses: latencies.length,
          statusCodes,
          errors: result.errors,
          timeouts: result.timeouts,
          unexpected,
          unexpectedSamples,
          goodKeys,
          elapsedSeconds: (performance.now() - started) / 1000,
        });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statusCodes[statusCode] = (statusCodes[statusCode] ?? 0) + 1;
    });
  });
}

if (require.main === module) {
  const plan = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadPlan;
  runLoad(plan).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
