/**
 * What scripts/bench-scale.ts, bench-memory.ts and bench-channel.ts share: processes pinned
 * with taskset (Azurite as its own process, the built bot as its own process), the machine
 * they ran on, percentiles, Teams-shaped activities, and requests seeded through the
 * storage repositories at a given stage of the workflow.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { TableClient } from '@azure/data-tables';
import { decide, newWorkflow, SYSTEM, WorkflowStateSchema, type Actor, type Command, type WorkflowState } from '../../domain/lifecycle';
import { DraftContentSchema, type DraftContent } from '../../domain/request';
import { azuriteConnectionString } from '../../storage/azurite';
import { ConversationReferenceStore } from '../../storage/conversation-references';
import { DraftRepository, RequestStore } from '../../storage/request-repository';
import { TableNames } from '../../storage/table-service';
import { OFFICER, TENANT } from '../../test/support/bot-harness';
import { PEOPLE, RAISE_SEED_004, SEED_004 } from '../../test/support/workflow';

export { TENANT };
export const root = join(__dirname, '..', '..');
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

export function stringFlag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export const hasFlag = (name: string): boolean => process.argv.includes(name);

// ---------------------------------------------------------------------------------------
// Figures

/** Nearest-rank percentile of sorted samples. */
export function pct(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.at(-1) ?? NaN, mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length) };
}

export const ms = (v: number): string => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` : 'n/a');

export function statsLine(label: string, s: Stats): string {
  return `${label}: n=${s.n} p50=${ms(s.p50)} p95=${ms(s.p95)} p99=${ms(s.p99)} max=${ms(s.max)}`;
}

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den ? num / den : NaN;
}

/** The machine, as a Markdown list (cores, CPU model, Node version, memory, load). */
export function machine(): string[] {
  const cores = cpus();
  const azurite = (JSON.parse(readFileSync(join(root, 'node_modules', 'azurite', 'package.json'), 'utf8')) as { version: string }).version;
  const gib = (b: number) => `${(b / 2 ** 30).toFixed(1)} GiB`;
  return [
    `- Machine: ${cores.length} cores, ${cores[0]?.model.trim() ?? 'unknown CPU'}; ${gib(freemem())} free of ${gib(totalmem())}; load average ${loadavg().map((l) => l.toFixed(2)).join(' / ')}`,
    `- Node.js ${process.version}, Azurite ${azurite} (azurite-table --inMemoryPersistence, its own process), ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
  ];
}

// ---------------------------------------------------------------------------------------
// Processes

const children = new Set<ChildProcess>();

/** Starts `command` pinned to one core; the pid is the program's own (taskset execs it). */
export function start(core: number, command: string, args: string[], env: Record<string, string> = {}, cwd = root, stdout: 'ignore' | 'pipe' | number = 'ignore'): ChildProcess {
  const child = spawn('taskset', ['-c', String(core), command, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, ...env },
    stdio: ['ignore', stdout, 'inherit'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs))]);
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Stops every process this script started (each by its own pid). */
export async function stopAll(): Promise<void> {
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
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not start`);
}

/** CPU seconds a process has used (user + system), from /proc. */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in bytes (VmRSS), from /proc. */
export function rssBytes(pid: number | undefined): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Resident memory of a process in MB (10^6 bytes). */
export const rssMB = (pid: number | undefined): number => rssBytes(pid) / 1e6;

/** Waits (at most `maxMs`) until a process uses under 5% of a core over half a second. */
export async function settle(pid: number | undefined, maxMs = 20_000): Promise<void> {
  for (let waited = 0; waited < maxMs; waited += 500) {
    const before = cpuSeconds(pid);
    await new Promise((r) => setTimeout(r, 500));
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

/** How busy each core was over one second. */
export async function busyCores(): Promise<number[]> {
  const a = coreTimes();
  await new Promise((r) => setTimeout(r, 1000));
  const b = coreTimes();
  return b.map((x, i) => 100 * (1 - (x.idle - a[i]!.idle) / Math.max(1, x.total - a[i]!.total)));
}

/**
 * The share of each core's time the hypervisor gave to other machines since `before` (steal):
 * on a shared virtual machine this moves the tail latencies more than most code changes.
 */
export function stolenSince(before: ReturnType<typeof coreTimes>): string {
  return coreTimes()
    .map((x, i) => `core ${i} ${((100 * (x.steal - before[i]!.steal)) / Math.max(1, x.total - before[i]!.total)).toFixed(1)}%`)
    .join(', ');
}

/**
 * Waits up to a minute for the machine to be quiet (every core under 15% busy) while our
 * own processes idle; returns a line saying how busy it was, for the report.
 */
export async function quiet(): Promise<string> {
  const show = (busy: number[]) => busy.map((b, c) => `core ${c} ${b.toFixed(0)}%`).join(', ');
  for (let i = 0; i < 60; i++) {
    const busy = await busyCores();
    if (busy.every((b) => b < 15)) return `CPU busy just before measuring (should be ~0): ${show(busy)}`;
    if (i === 0) log(`  waiting for the machine to be quiet (${show(busy)})`);
  }
  return `WARNING: the machine stayed busy (another process shares the cores): ${show(await busyCores())}`;
}

/** Azurite's table service as its own process, in memory, on loopback. */
export async function startAzurite(core: number, workDir: string): Promise<{ connectionString: string; pid: number; child: ChildProcess }> {
  const port = await freePort();
  const bin = join(root, 'node_modules', '.bin', 'azurite-table');
  const child = start(core, bin, ['--inMemoryPersistence', '--tableHost', '127.0.0.1', '--tablePort', String(port), '--silent', '--loose', '--skipApiVersionCheck', '--disableTelemetry'], {}, workDir);
  await waitFor(`http://127.0.0.1:${port}/`, 'Azurite');
  return { connectionString: azuriteConnectionString(port), pid: child.pid!, child };
}

/** Where the bot's output goes: `--log <file>` keeps it after the run (appended, every bot of the run). */
export const botLogFile = (work: string): string => stringFlag('--log') ?? join(work, 'bot.log');

/**
 * How infra/azure.bicep runs the bot in production. The old generation has a fixed budget
 * of 80 MB before V8 runs a full collection (the live heap under load is about 50 MB), so
 * the heap settles at once instead of growing with V8's warm-up; the cap and the 4 MB
 * semi-spaces keep it small. glibc's malloc gets two arenas, not one per thread that ever
 * allocated (the compiler and GC threads), whose fragments RSS kept. `npm start` uses
 * neither, as the Azurite it embeds keeps every row in the same heap. `--node-args
 * "<options>"` and `--malloc-arenas N` (0: glibc's default) run the bot otherwise.
 */
export const BOT_NODE_ARGS = stringFlag('--node-args')?.split(' ').filter(Boolean) ?? ['--max-old-space-size=160', '--initial-old-space-size=80', '--max-semi-space-size=4'];
const mallocArenas = stringFlag('--malloc-arenas') ?? '2';
const BOT_ENV: Record<string, string> = mallocArenas === '0' ? {} : { MALLOC_ARENA_MAX: mallocArenas };
/** The bot's command line as a shell would run it, for reports. */
export const BOT_COMMAND = [...Object.entries(BOT_ENV).map(([k, v]) => `${k}=${v}`), 'node', ...BOT_NODE_ARGS, 'dist/bot/index.js'].join(' ');

/**
 * The built bot (npm run build), as `npm start` runs it: local mode, no auth, its own
 * process. Its log (pino, warnings and errors only) goes to `logFile`.
 */
export async function startBot(core: number, connectionString: string, prefix: string, logFile: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<{ url: string; pid: number; child: ChildProcess }> {
  const port = await freePort();
  const entry = stringFlag('--bot') ?? join(root, 'dist', 'bot', 'index.js');
  const fd = openSync(logFile, 'a');
  const child = start(core, process.execPath, [...BOT_NODE_ARGS, ...nodeArgs, entry], { ...BOT_ENV, PORT: String(port), LOG_LEVEL: 'warn', AZURE_TABLES_CONNECTION_STRING: connectionString, TABLE_PREFIX: prefix, ...env }, root, fd);
  closeSync(fd);
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, 'the bot');
  return { url, pid: child.pid!, child };
}

/** The bot's warnings and errors, counted by event (its log is one JSON object a line). */
export function logSummary(logFile: string): { warnings: number; errors: number; events: string } {
  const counts = new Map<string, number>();
  let warnings = 0;
  let errors = 0;
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
      if (entry.event === 'app.local_mode') continue;
      if ((entry.level ?? 0) >= 50) errors++;
      else if ((entry.level ?? 0) >= 40) warnings++;
      else continue;
      const name = `${entry.event ?? entry.msg ?? '?'}${(entry.level ?? 0) >= 50 ? ' (error)' : ''}`;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    } catch {
      // not a log line
    }
  }
  return { warnings, errors, events: [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${v} ${k}`).join(', ') || 'none' };
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

/** The value of an Action.Execute click on the request card (test/support/workflow.ts's click). */
export function click(verb: string, reference: string, version: number, inputs: Record<string, string> = {}) {
  return { action: { type: 'Action.Execute', verb, data: { reference, version, ...inputs } }, trigger: 'manual' };
}

export const invoke = (serviceUrl: string, user: User, value: unknown): string => JSON.stringify(activity(serviceUrl, 'invoke', user, { name: 'adaptiveCard/action', value }));

export interface Posted {
  status: number;
  text: string;
  ms: number;
}

/** POSTs one activity to the bot's endpoint, as the Teams service does; never throws. */
export async function post(url: string, body: string, timeoutMs = 10_000): Promise<Posted & { error?: string }> {
  const started = performance.now();
  try {
    const response = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
    const text = await response.text();
    return { status: response.status, text, ms: performance.now() - started };
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    return { status: 0, text: '', ms: performance.now() - started, error: name === 'TimeoutError' ? 'timeout' : `${name}: ${error instanceof Error ? error.message : String(error)}` };
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
  for (const user of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal]) await mustPost(url, JSON.stringify(activity(serviceUrl, 'installationUpdate', user, { action: 'add' })));
  await mustPost(
    url,
    JSON.stringify(
      activity(serviceUrl, 'conversationUpdate', OFFICER, {
        membersAdded: [{ id: '28:bot' }],
        conversation: { id: DECISIONS_CHANNEL, conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: DECISIONS_CHANNEL } },
      }),
    ),
  );
}

// ---------------------------------------------------------------------------------------
// Seeding through the storage repositories

export const YEAR = 2031;

/**
 * The repositories over a plain SDK client (the bot's own clients give up on a call when
 * Table Storage is silent for a second, which a busy emulator under bulk seeding can be).
 */
export function repositories(connectionString: string, prefix: string) {
  const client = (name: string) => TableClient.fromConnectionString(connectionString, `${prefix}${name}`, { allowInsecureConnection: true });
  const requestsTable = client(TableNames.Requests);
  const titleOf = (c: DraftContent) => c.title ?? '';
  return {
    requestsTable,
    drafts: new DraftRepository(requestsTable, DraftContentSchema, titleOf),
    requests: new RequestStore(requestsTable, { content: DraftContentSchema, workflow: WorkflowStateSchema }, titleOf),
    references: new ConversationReferenceStore(client(TableNames.ConversationRefs)),
    async createTables() {
      for (const name of Object.values(TableNames)) {
        try {
          await client(name).createTable();
        } catch {
          // exists
        }
      }
    },
  };
}

export type Repositories = ReturnType<typeof repositories>;

const actor = (u: User): Actor => ({ tenantId: TENANT, aadObjectId: u.aadObjectId, name: u.name });

/**
 * A workflow as test/support/workflow.ts's seedAwaitingDecision builds it, raised by
 * `officer` for `director`: 'review' stops after submission and start of review (version
 * 3, waiting for three comments), 'decision' after the three comments (version 6).
 */
export function workflowAt(stage: 'review' | 'decision', officer: User, director: User): WorkflowState {
  const approver = (u: User, initials: string) => ({ ...actor(u), initials });
  const approvers = { finance: approver(PEOPLE.finance, 'FF'), hr: approver(PEOPLE.hr, 'HH'), legal: approver(PEOPLE.legal, 'LL'), decision: { kind: 'director' as const, person: approver(director, 'DD') } };
  const steps: Array<[Actor, Command]> = [
    [actor(officer), { type: 'submit', approvers, openToCallIn: true }],
    [SYSTEM, { type: 'start_review' }],
  ];
  if (stage === 'decision') {
    steps.push(
      [actor(PEOPLE.finance), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Funding confirmed.' }],
      [actor(PEOPLE.hr), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'Grades confirmed.' }],
      [actor(PEOPLE.legal), { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'No legal implications.' }],
    );
  }
  let state = newWorkflow(actor(officer));
  for (const [who, command] of steps) {
    const d = decide(state, command, who, new Date());
    if (!d.ok) throw new Error(`seeding: ${d.message}`);
    state = d.state;
  }
  return state;
}

/** Stores each person's 1:1 chat as installing the bot would. */
export async function saveChats(repos: Repositories, serviceUrl: string, users: readonly User[]): Promise<void> {
  await parallel(users, 16, (user) =>
    repos.references.save({ channelId: 'msteams', serviceUrl, bot: { id: '28:bot', name: 'Establishment Changes' }, user: { id: `29:${user.aadObjectId}`, name: user.name, aadObjectId: user.aadObjectId }, conversation: { id: personalConversation(user), conversationType: 'personal', tenantId: TENANT } }),
  );
}

/**
 * Seeds requests exactly as seedAwaitingDecision does (a draft, then submitDraft: the
 * draft is claimed, the request partition written in one transaction, the officer's index
 * row in another), 16 at a time. `who(i)` says who raised request i and who decides it.
 */
export async function seedThroughRepositories(repos: Repositories, references: readonly string[], stage: 'review' | 'decision', who: (i: number) => { officer: User; director: User }): Promise<void> {
  const states = new Map<string, WorkflowState>();
  await parallel(references, 16, async (reference, i) => {
    const { officer, director } = who(i);
    const key = `${officer.aadObjectId}/${director.aadObjectId}`;
    let state = states.get(key);
    if (!state) states.set(key, (state = workflowAt(stage, officer, director)));
    const owner = { tenantId: TENANT, aadObjectId: officer.aadObjectId };
    const draft = await repos.drafts.create(owner, SEED_004);
    await repos.requests.submitDraft(owner, draft, reference, state, { action: 'seeded' });
  });
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

export { PEOPLE, RAISE_SEED_004, SEED_004 };


