/**
 * Benchmarks (npm run bench). The bot runs as its own process pinned to core 0, exactly
 * as `npm start` runs it (local mode, embedded Azurite in memory); this script drives it
 * from core 1 and plays the Teams connector itself. Figures go to BENCHMARKS.md by hand.
 *
 *   1. Dialogue turns with state in Tables: 20 conversations at once, each raising a request.
 *   2. "my requests" and "status" against 100 stored requests, then against 100,000 stored
 *      requests from 2,000 officers: the partition layout should keep them flat.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { startEmbeddedAzurite } from '../storage/azurite';

const TENANT = '00000000-0000-0000-0000-000000000001';
const root = join(__dirname, '..');

function officerId(n: number): string {
  return `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summarise(name: string, samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `${name}: n=${s.length} p50=${percentile(s, 50).toFixed(1)}ms p95=${percentile(s, 95).toFixed(1)}ms p99=${percentile(s, 99).toFixed(1)}ms max=${s.at(-1)!.toFixed(1)}ms`;
}

/** A connector that accepts every reply at once. */
async function startConnector(): Promise<{ url: string; close(): void }> {
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `a${++n}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => server.close() };
}

async function startBot(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = String(20000 + Math.floor(Math.random() * 20000));
  const child = spawn('taskset', ['-c', '0', process.execPath, join(root, 'dist', 'bot', 'index.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: port, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, child };
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('bot did not start');
}

function activity(connector: string, user: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: String(Math.random()),
    channelId: 'msteams',
    serviceUrl: connector,
    from: { id: `29:${user}`, aadObjectId: user, name: 'Bench Officer' },
    recipient: { id: '28:bot' },
    conversation: { id: `a:${user}`, conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    text,
    ...extra,
  };
}

async function post(url: string, body: unknown): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

const DIALOGUE = ['new request', 'Bench request', 'Children and Families', 'Commissioning', 'skip', 'me', '2 fte Service Organiser (Grade 4 scp 23 - £28,376 with on-costs) permanent from 1 April 2027', 'no', 'existing budget £56,752', 'no', 'Purpose', 'skip', 'Proposal', 'skip', 'Reasons', 'skip', 'Finance', 'skip', 'skip', 'skip', 'skip', 'All', 'Recommendation', 'no', 'yes', 'no'];

async function dialogueBenchmark(connector: string): Promise<void> {
  const { url, child } = await startBot({ AZURITE_LOCATION: mkdtempSync(join(tmpdir(), 'bench-')) });
  try {
    // Warm up one conversation so start-up costs are not measured.
    for (const text of DIALOGUE) await post(url, activity(connector, officerId(999_999), text));
    // 20 people typing at once, each sending a turn every half second (a fast typist): the load the target is about.
    for (const [label, thinkMs] of [['20 conversations, a turn every 500 ms each', 500], ['20 conversations, no pause (saturation)', 0]] as const) {
      const samples: number[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: 20 }, async (_, c) => {
          await new Promise((r) => setTimeout(r, (c * thinkMs) / 20));
          for (let round = 0; round < 2; round++) {
            for (const text of DIALOGUE) {
              samples.push(await post(url, activity(connector, officerId(c + 1 + (thinkMs ? 0 : 100)), text)));
              if (thinkMs) await new Promise((r) => setTimeout(r, thinkMs));
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      console.log(summarise(`dialogue turn, ${label}`, samples), `(${(samples.length / seconds).toFixed(0)} turns/s)`);
    }
  } finally {
    child.kill('SIGTERM');
  }
}

/** Writes `count` submitted requests spread over `officers` officers, the way the bot lays them out. */
async function seed(connectionString: string, prefix: string, count: number, officers: number): Promise<void> {
  const table = TableClient.fromConnectionString(connectionString, `${prefix}Requests`, { allowInsecureConnection: true });
  await table.createTable();
  const perOfficer = Math.ceil(count / officers);
  const started = performance.now();
  const content = { title: 'Seeded request', directorate: 'Children', service: 'Commissioning', lines: [], funding: [], case: {}, skippedSections: [], decisionFacts: {} };
  let next = 1;
  const jobs: Array<() => Promise<unknown>> = [];
  for (let o = 1; o <= officers; o++) {
    const owner = officerId(o);
    const refs = Array.from({ length: perOfficer }, () => `ECR-2026-${String(next++).padStart(6, '0')}`);
    const ownerPk = `o_${TENANT}_${owner}`;
    jobs.push(() => table.submitTransaction(refs.map((ref) => ['create', { partitionKey: ownerPk, rowKey: `r_${ref}`, kind: 'index', title: 'Seeded request', status: 'submitted', updatedAt: new Date().toISOString() }])));
    for (const ref of refs) {
      const workflow = { status: 'submitted', version: 1, requester: { tenantId: TENANT, aadObjectId: owner, name: 'Bench Officer' } };
      jobs.push(() => table.createEntity({ partitionKey: `r_${ref}`, rowKey: 'request', status: 'submitted', version: 1, title: 'Seeded request', owner: ownerPk, updatedAt: new Date().toISOString(), chunks: 1, d0: JSON.stringify({ content, workflow }) }));
    }
  }
  let i = 0;
  await Promise.all(
    Array.from({ length: 24 }, async () => {
      while (i < jobs.length) {
        await jobs[i++]!();
        if (i % 5000 === 0) console.log(`  seeded ${i} of ${jobs.length} writes after ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }),
  );
}

async function scalingBenchmark(connector: string): Promise<void> {
  const azurite = await startEmbeddedAzurite();
  try {
    const results: Record<string, { list: number[]; status: number[] }> = {};
    // Azurite's in-memory store slows down as it grows, so the large set is configurable:
    // --requests 100000 --officers 2000 is the figure (slow to seed on Azurite).
    const arg = (name: string, fallback: number) => Number(process.argv[process.argv.indexOf(name) + 1] ?? fallback) || fallback;
    const large = arg('--requests', 100_000);
    const officersLarge = arg('--officers', 2_000);
    const largeLabel = `${large.toLocaleString('en-GB')} requests`;
    for (const [label, count, officers] of [['100 requests', 100, 2], [largeLabel, large, officersLarge]] as const) {
      const prefix = `b${count}`;
      const seeded = performance.now();
      await seed(azurite.connectionString, prefix, count, officers);
      console.log(`seeded ${label} in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
      const { url, child } = await startBot({ AZURE_TABLES_CONNECTION_STRING: azurite.connectionString, TABLE_PREFIX: prefix });
      try {
        const officer = officerId(1);
        for (let w = 0; w < 20; w++) await post(url, activity(connector, officer, 'my requests'));
        const list: number[] = [];
        const status: number[] = [];
        for (let k = 0; k < 300; k++) {
          list.push(await post(url, activity(connector, officer, 'my requests')));
          status.push(await post(url, activity(connector, officer, `status ECR-2026-${String(1 + (k % 50)).padStart(6, '0')}`)));
        }
        results[label] = { list, status };
        console.log(summarise(`my requests, ${label}`, list));
        console.log(summarise(`status, ${label}`, status));
      } finally {
        child.kill('SIGTERM');
      }
    }
    const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
    const median = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
    const small = results['100 requests']!;
    const big = results[largeLabel]!;
    console.log(`ratio ${largeLabel} / 100: my requests p50 ${(median(big.list) / median(small.list)).toFixed(2)}x, p95 ${(p95(big.list) / p95(small.list)).toFixed(2)}x; status p50 ${(median(big.status) / median(small.status)).toFixed(2)}x, p95 ${(p95(big.status) / p95(small.status)).toFixed(2)}x`);
  } finally {
    await azurite.close();
  }
}

async function main(): Promise<void> {
  const connector = await startConnector();
  try {
    if (!process.argv.includes('--scaling-only')) await dialogueBenchmark(connector.url);
    if (!process.argv.includes('--dialogue-only')) await scalingBenchmark(connector.url);
  } finally {
    connector.close();
    rmSync(join(tmpdir(), 'bench-'), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
