/**
 * What the benchmarks share: Azurite and the built bot started as processes of their own,
 * each pinned to a core with taskset; how busy the machine is before a measured run, and
 * the CPU each process used during it; percentiles; and activities shaped as Teams sends
 * them, posted to the bot's endpoint.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { OFFICER, PEOPLE, TENANT } from '../fixtures/seed-004';
import { azuriteConnectionString } from '../storage/azurite';

export const root = join(__dirname, '..');
export const DECISIONS_CHANNEL = '19:decisions@thread.tacv2';

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** `--name 123`: a positive number, or the fallback. */
export function numberFlag(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export const hasFlag = (name: string): boolean => process.argv.includes(name);

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------
// Figures

/** Nearest-rank percentile of sorted samples. */
export function pct(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.at(-1) ?? NaN };
}

const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : 'n/a');

export function statsLine(label: string, s: Stats): string {
  return `${label}: n=${s.n} p50=${ms(s.p50)} p95=${ms(s.p95)} p99=${ms(s.p99)} max=${ms(s.max)}`;
}

/** The machine, as a Markdown list (cores, CPU model, Node version, memory, load). */
export function machine(): string[] {
  const cores = cpus();
  const azurite = (JSON.parse(readFileSync(join(root, 'node_modules', 'azurite', 'package.json'), 'utf8')) as { version: string }).version;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return [
    `- Machine: ${cores.length} cores, ${cores[0]?.model.trim() ?? 'unknown CPU'}; ${gib(freemem())} free of ${gib(totalmem())}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')}`,
    `- Node.js ${process.version}, Azurite ${azurite} (azurite-table --inMemoryPersistence, its own process), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ];
}

// ---------------------------------------------------------------------------------------
// Processes

const children = new Set<ChildProcess>();

/** Starts `command` pinned to one core; the pid is the program's own (taskset execs it). */
export function start(
  core: number,
  command: string,
  args: string[],
  env: Record<string, string> = {},
  stdout: 'ignore' | 'pipe' | number = 'ignore',
): ChildProcess {
  const child = spawn('taskset', ['-c', String(core), command, ...args], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Stops every process this benchmark started (each by its own pid). */
async function stopAll(): Promise<void> {
  for (const child of [...children]) await stop(child);
}

/** Moves this process (all its threads) to one core. */
export function pinSelf(core: number): void {
  spawnSync('taskset', ['-a', '-cp', String(core), String(process.pid)], { stdio: 'ignore' });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function waitFor(url: string, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(url);
      await response.text();
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await sleep(100);
  }
  throw new Error(`${what} did not start`);
}

/** Azurite's table service as its own process, in memory, on loopback. */
export async function startAzurite(core: number): Promise<{ connectionString: string; pid: number }> {
  const port = await freePort();
  const bin = join(root, 'node_modules', '.bin', 'azurite-table');
  const child = start(core, bin, [
    '--inMemoryPersistence',
    '--tableHost',
    '127.0.0.1',
    '--tablePort',
    String(port),
    '--silent',
    '--loose',
    '--skipApiVersionCheck',
    '--disableTelemetry',
  ]);
  await waitFor(`http://127.0.0.1:${port}/`, 'Azurite');
  return { connectionString: azuriteConnectionString(port), pid: child.pid! };
}

/**
 * How infra/azure.bicep runs the bot in production: a fixed 80 MB old-generation budget
 * before V8's first full collection (the live heap under load is about 50 MB), so the heap
 * settles at once instead of growing with V8's warm-up; the cap and the 4 MB semi-spaces
 * keep it small; and two glibc malloc arenas, not one per thread that ever allocated (V8's
 * compiler and GC threads), whose fragments RSS kept.
 */
const BOT_NODE_ARGS = ['--max-old-space-size=160', '--initial-old-space-size=80', '--max-semi-space-size=4'];
const BOT_ENV = { MALLOC_ARENA_MAX: '2' };
/** The bot's command line as a shell would run it, for reports. */
export const BOT_COMMAND = ['MALLOC_ARENA_MAX=2', 'node', ...BOT_NODE_ARGS, 'dist/bot/index.js'].join(' ');

/**
 * The built bot (npm run build) in local mode, no auth, its own process, with the
 * production options. Its log (pino, warnings and errors only) goes to `logFile`.
 */
export async function startBot(
  core: number,
  connectionString: string,
  prefix: string,
  logFile: string,
): Promise<{ url: string; pid: number; child: ChildProcess }> {
  const port = await freePort();
  const fd = openSync(logFile, 'a');
  const env = { ...BOT_ENV, PORT: String(port), LOG_LEVEL: 'warn', AZURE_TABLES_CONNECTION_STRING: connectionString, TABLE_PREFIX: prefix };
  const child = start(core, process.execPath, [...BOT_NODE_ARGS, join(root, 'dist', 'bot', 'index.js')], env, fd);
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, 'the bot');
  return { url, pid: child.pid!, child };
}

/** The bot's warnings and errors, counted by event (its log is one JSON object a line). */
export function logSummary(logFile: string): string {
  const counts = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    // no log
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as { level?: number; event?: string; msg?: string };
      // Expected at every start of a local bot.
      if (entry.event === 'app.local_mode' || (entry.level ?? 0) < 40) continue;
      const name = `${entry.event ?? entry.msg ?? '?'}${(entry.level ?? 0) >= 50 ? ' (error)' : ''}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  const events = [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`);
  return `bot log: ${events.length ? events.join(', ') : 'no warnings or errors'}`;
}

// ---------------------------------------------------------------------------------------
// CPU and quietness

/** CPU seconds a process has used (user + system), from /proc. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in MB (10^6 bytes), from /proc (`field`: VmRSS now, VmHWM its peak). */
export function rssMB(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? (Number(m[1]) * 1024) / 1e6 : NaN;
  } catch {
    return NaN;
  }
}

/** Waits (at most `maxMs`) until a process uses under 5% of a core over half a second. */
export async function settle(pid: number | undefined, maxMs = 20_000): Promise<void> {
  for (let waited = 0; waited < maxMs; waited += 500) {
    const before = cpuSeconds(pid);
    await sleep(500);
    if (!((cpuSeconds(pid) - before) / 0.5 >= 0.05)) return;
  }
}

/** Each core's idle, stolen and total time so far (/proc/stat, in clock ticks). */
export function coreTimes(): Array<{ idle: number; steal: number; total: number }> {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((l) => /^cpu\d/.test(l))
    .map((l) => {
      const v = l.split(/\s+/).slice(1).map(Number);
      return { idle: v[3]! + v[4]!, steal: v[7] ?? 0, total: v.reduce((a, b) => a + b, 0) };
    });
}

/**
 * The share of each core's time the hypervisor gave to other machines since `before` (steal):
 * on a shared virtual machine this moves the tail latencies more than most code changes.
 */
export function stolenSince(before: ReturnType<typeof coreTimes>): string {
  const shares = coreTimes().map((x, i) => `core ${i} ${((100 * (x.steal - before[i]!.steal)) / Math.max(1, x.total - before[i]!.total)).toFixed(1)}%`);
  return `stolen by the hypervisor: ${shares.join(', ')}`;
}

/**
 * Waits up to a minute for the machine to be quiet (every core under 15% busy over a
 * second) while our own processes idle; returns a line saying how busy it was, for the
 * report. A run that starts with a WARNING measured someone else's work too.
 */
export async function quiet(): Promise<string> {
  const busyCores = async () => {
    const a = coreTimes();
    await sleep(1000);
    return coreTimes().map((x, i) => 100 * (1 - (x.idle - a[i]!.idle) / Math.max(1, x.total - a[i]!.total)));
  };
  const show = (busy: number[]) => busy.map((b, c) => `core ${c} ${b.toFixed(0)}%`).join(', ');
  for (let i = 0; i < 60; i++) {
    const busy = await busyCores();
    if (busy.every((b) => b < 15)) return `CPU busy just before measuring (should be ~0): ${show(busy)}`;
    if (i === 0) log(`  waiting for the machine to be quiet (${show(busy)})`);
  }
  return `WARNING: the machine stayed busy (another process shares the cores): ${show(await busyCores())}`;
}

// ---------------------------------------------------------------------------------------
// Activities

export type User = { aadObjectId: string; name: string };

export const person = (kind: string, i: number, name: string): User => ({ aadObjectId: `00000000-0000-0000-${kind}-${String(i).padStart(12, '0')}`, name });

export const personalConversation = (user: User): string => `a:personal-${user.aadObjectId}`;

/** An activity as Teams sends it in a person's 1:1 chat with the bot (as test/support/bot-harness.ts builds it). */
export function activity(serviceUrl: string, type: string, user: User, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type,
    id: randomUUID(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
    recipient: { id: '28:bot', name: 'Establishment Changes' },
    conversation: { id: personalConversation(user), conversationType: 'personal', tenantId: TENANT },
    channelData: { tenant: { id: TENANT } },
    locale: 'en-GB',
    ...extra,
  };
}

export const message = (serviceUrl: string, user: User, text: string): string => JSON.stringify(activity(serviceUrl, 'message', user, { text }));

/** An Action.Execute click on the request card, as Teams sends it. */
export function invoke(serviceUrl: string, user: User, verb: string, reference: string, version: number, inputs: Record<string, string> = {}): string {
  const value = { action: { type: 'Action.Execute', verb, data: { reference, version, ...inputs } }, trigger: 'manual' };
  return JSON.stringify(activity(serviceUrl, 'invoke', user, { name: 'adaptiveCard/action', value }));
}

export interface Posted {
  status: number;
  text: string;
  ms: number;
  error?: string;
}

/** POSTs one activity to the bot's endpoint, as the Teams service does; never throws. */
export async function post(url: string, body: string, timeoutMs = 10_000): Promise<Posted> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return {
      status: 0,
      text: '',
      ms: performance.now() - started,
      error: name === 'TimeoutError' ? 'timeout' : `${name}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

/** Like post, but a failure stops the benchmark. */
export async function mustPost(url: string, body: string): Promise<Posted> {
  const r = await post(url, body, 30_000);
  if (r.status !== 200) throw new Error(`POST /api/messages: ${r.error ?? `HTTP ${r.status}`} ${r.text.slice(0, 200)}`);
  return r;
}

/** The reviewers install the bot and it is added to the decisions team, as Teams tells it. */
export async function install(url: string, serviceUrl: string): Promise<void> {
  for (const user of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal])
    await mustPost(url, JSON.stringify(activity(serviceUrl, 'installationUpdate', user, { action: 'add' })));
  const channel = { id: DECISIONS_CHANNEL, conversationType: 'channel', tenantId: TENANT };
  const channelData = { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: DECISIONS_CHANNEL } };
  await mustPost(
    url,
    JSON.stringify(activity(serviceUrl, 'conversationUpdate', OFFICER, { membersAdded: [{ id: '28:bot' }], conversation: channel, channelData })),
  );
}

/** Runs `work` over `items`, at most `width` at once. */
export async function parallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

/**
 * Runs a benchmark: `main` gets a temporary folder (the bot's log goes there); whether it
 * ends or fails, every process it started is stopped and the folder removed.
 */
export function run(name: string, main: (work: string) => Promise<void>): void {
  const work = mkdtempSync(join(tmpdir(), `bench-${name}-`));
  const end = async (code: number) => {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
    process.exit(code);
  };
  main(work).then(
    () => end(0),
    (error: unknown) => {
      console.error(error);
      return end(1);
    },
  );
}
