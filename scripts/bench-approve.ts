/**
 * Approve clicks under load (npm run bench:approve). Three processes on a 2-core machine:
 *
 *   core 1: the bot, `node dist/bot/index.js` in local mode (no auth), alone on its core;
 *   core 0: Azurite (azurite-table --inMemoryPersistence) on loopback, the autocannon load
 *           generator (scripts/bench-support/load.ts), and this script, which plays the
 *           Teams connector the bot sends its notifications to (it seeds each phase's
 *           requests from core 1, before that phase's bot starts).
 *
 * Before each measured run the script waits for the bot and Azurite to go idle and for
 * the machine to be quiet (it prints how busy each core was): on a shared machine another
 * process's build or tests would otherwise be measured too.
 *
 * Every click is a director's Approve (an adaptiveCard/action invoke shaped as Teams sends
 * it) on a different request seeded at awaiting_decision, so each one is a real decision:
 * read, decide, one transaction (request, audit row, outbox rows), then in the background
 * the outbox (publish, tell the officer, post to the decisions channel).
 *
 *   1. 50 clicks a second for 60 s (Teams' per-tenant ceiling): latency, errors, and
 *      afterwards exactly one approve audit row for every click answered.
 *   2. The highest sustainable rate: 5, 10, 20, 30, 40, 50, 100, 150, ... for 15 s each, until
 *      p99 > 150 ms, any error, or fewer than 97% of the step's clicks answered.
 *   3. The same search against a bare botbuilder endpoint (scripts/bench-support/bare-bot.ts:
 *      restify + CloudAdapter, a fixed card, no storage), and the ratio of the two.
 *
 * Options: --steady-seconds 60 --step-seconds 15 --rate 50 --p99 150 --skip-steady --skip-steps --skip-bare
 *          --bot dist/bot/index.js --cpu-prof <dir> --log <file> (every bot's output, appended, e.g. with
 *          `--node-args "... --trace-gc"`; kept after the run)
 *
 * Azurite's in-memory store answers a partition query by scanning and sorting its whole
 * table, so each phase (and each step) gets its own table prefix and only the requests it
 * clicks: the tables stay the size of one phase, as partition queries on Azure stay flat.
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { formatReference } from '../domain/reference';
import {
  activity, botLogFile, click, coreTimes, cpuSeconds, freePort, hasFlag, install, log, mustPost, numberFlag, pct, person, pinSelf, quiet, repositories, root, saveChats, seedThroughRepositories, settle, start, startAzurite, startBot, stolenSince, stop, stopAll, waitFor, YEAR,
} from './bench-support/harness';
import { startRecordingConnector } from './bench-support/recording-connector';
import type { LoadPlan, LoadResult } from './bench-support/load';
import { PEOPLE } from '../test/support/workflow';

const work = mkdtempSync(join(tmpdir(), 'bench-approve-'));

const STEADY_RATE = numberFlag('--rate', 50);
const STEADY_SECONDS = numberFlag('--steady-seconds', 60);
const STEP_SECONDS = numberFlag('--step-seconds', 15);
const P99_LIMIT = numberFlag('--p99', 150);
/** A step is sustained only if at least this share of its clicks were sent. */
const RATE_REACHED = 0.97;
/**
 * Approvals before each measured run, on requests it does not touch: a bot that has been up
 * for a while (V8 has optimised the click's code). After 40, the first seconds of a run had
 * a median several times the rest's.
 */
const WARM_UP = 500;
/** The rates tried for the highest sustainable rate, lowest first: 5, 10, 20, 30, 40, then 50 apart. */
const LADDER = [5, 10, 20, 30, 40, ...Array.from({ length: 20 }, (_, i) => 50 * (i + 1))];
/** --cpu-prof <dir>: the bot writes a V8 CPU profile there when it stops (to see where a click's time goes). */
const CPU_PROF = (() => {
  const i = process.argv.indexOf('--cpu-prof');
  return i >= 0 && process.argv[i + 1] ? ['--cpu-prof', '--cpu-prof-dir', process.argv[i + 1]!] : [];
})();
/**
 * The tenant's people: requests are raised by 200 officers and decided by 40 directors
 * (each click is the deciding director's), so the bot's notifications spread over many
 * chats as a council's would, instead of queueing behind one chat's Teams rate limit.
 * The reviewers and scrutiny are test/support/workflow.ts's PEOPLE.
 */
const OFFICERS = Array.from({ length: 200 }, (_, i) => person('0001', i + 1, `Officer ${i + 1}`));
const DIRECTORS = Array.from({ length: 40 }, (_, i) => person('0002', i + 1, `Director ${i + 1}`));
const officerOf = (n: number) => OFFICERS[n % OFFICERS.length]!;
const directorOf = (n: number) => DIRECTORS[n % DIRECTORS.length]!;

let azuritePid = 0;

/**
 * Seeds `count` requests at awaiting_decision as seedAwaitingDecision does, request n
 * raised by officerOf(n) for directorOf(n), and stores every officer's and director's 1:1
 * chat as installing the bot would.
 */
async function seed(connectionString: string, prefix: string, serviceUrl: string, count: number): Promise<string[]> {
  const repos = repositories(connectionString, prefix);
  await repos.createTables();
  // Scrutiny members too: the channel card names their Teams ids so their clients refresh it.
  await saveChats(repos, serviceUrl, [...OFFICERS, ...DIRECTORS, PEOPLE.scrutiny1, PEOPLE.scrutiny2, PEOPLE.scrutinyOfficer]);
  const references = Array.from({ length: count }, (_, i) => formatReference(YEAR, i + 1));
  await seedThroughRepositories(repos, references, 'decision', (n) => ({ officer: officerOf(n), director: directorOf(n) }));
  return references;
}

/** Director directorOf(n) clicks Approve on request n's card (version 6), as Teams sends it. */
function approveBody(serviceUrl: string, n: number): string {
  return JSON.stringify(activity(serviceUrl, 'invoke', directorOf(n), { name: 'adaptiveCard/action', value: click(Verbs.approve, formatReference(YEAR, n + 1), 6) }));
}

async function startBare(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = start(1, process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-support', 'bare-bot.ts')], { PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/healthz`, 'the bare botbuilder endpoint');
  return { url, child };
}

/** Runs autocannon in its own process on core 0 and returns what it measured. */
async function load(plan: LoadPlan): Promise<LoadResult> {
  const file = join(work, `plan-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const child = start(0, process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench-support', 'load.ts'), file], {}, root, 'pipe');
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  rmSync(file, { force: true });
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
}

interface Summary {
  rate: number;
  achieved: number;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  non2xx: number;
  unexpected: number;
  ok: boolean;
}

function summarise(r: LoadResult): Summary {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const non2xx = Object.entries(r.statusCodes).filter(([code]) => !code.startsWith('2')).reduce((s, [, n]) => s + n, 0);
  const expected = r.rate * r.seconds;
  const s = { rate: r.rate, achieved: r.responses / r.seconds, n: r.responses, p50: pct(sorted, 50), p95: pct(sorted, 95), p99: pct(sorted, 99), max: sorted.at(-1) ?? NaN, errors: r.errors + r.timeouts, non2xx, unexpected: r.unexpected, ok: false };
  s.ok = s.p99 <= P99_LIMIT && s.errors === 0 && s.non2xx === 0 && s.unexpected === 0 && r.responses >= RATE_REACHED * expected;
  return s;
}

function line(label: string, s: Summary): string {
  return `${label}: ${s.n} clicks (${s.achieved.toFixed(1)}/s of ${s.rate}/s) p50=${s.p50.toFixed(1)}ms p95=${s.p95.toFixed(1)}ms p99=${s.p99.toFixed(1)}ms max=${s.max.toFixed(1)}ms errors=${s.errors} non2xx=${s.non2xx} unexpected=${s.unexpected} ${s.ok ? 'OK' : 'NOT SUSTAINED'}`;
}

const EXPECT_APPROVED = 'You approved this request';

/** Counts approve audit rows per request over the whole table (one scan, not one partition query per request). */
async function approvalsByRequest(connectionString: string, prefix: string): Promise<Map<string, number>> {
  const client = repositories(connectionString, prefix).requestsTable;
  const counts = new Map<string, number>();
  for await (const e of client.listEntities<{ entry: string }>({ queryOptions: { filter: "RowKey ge 'a_' and RowKey lt 'a_~'" } })) {
    const entry = JSON.parse(e.entry) as { action?: string; refused?: string };
    if (entry.action !== 'approve' || entry.refused) continue;
    const reference = e.partitionKey!.replace(/^r_/, '');
    counts.set(reference, (counts.get(reference) ?? 0) + 1);
  }
  return counts;
}

async function statuses(connectionString: string, prefix: string): Promise<Record<string, number>> {
  const client = repositories(connectionString, prefix).requestsTable;
  const counts: Record<string, number> = {};
  for await (const e of client.listEntities<{ status: string }>({ queryOptions: { filter: "RowKey ge 'request_' and RowKey lt 'request_~'", select: ['status'] } })) counts[e.status] = (counts[e.status] ?? 0) + 1;
  return counts;
}

/**
 * The clicks are answered before their notifications are sent (the outboxes drain a few
 * requests at a time): how long after the load every approved request is published, and
 * the bot's peak resident memory meanwhile.
 */
async function awaitCatchUp(connectionString: string, prefix: string, pid: number): Promise<void> {
  const began = performance.now();
  const deadline = began + 10 * 60_000;
  let byStatus = await statuses(connectionString, prefix);
  while ((byStatus.approved ?? 0) > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 2000));
    byStatus = await statuses(connectionString, prefix);
  }
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  log(`  catch-up: ${(byStatus.approved ?? 0) === 0 ? 'every approved request published' : `${byStatus.approved} still approved, not yet published`} ${((performance.now() - began) / 1000).toFixed(0)} s after the load ended; bot peak RSS ${(Number(peak) / 1024).toFixed(1)} MB`);
}

/** Clicks to prepare for `rate` over `seconds`: a second to spare, as the load tool stops with an error when they run out. */
const clicksFor = (rate: number, seconds: number): number => rate * (seconds + 1);

/** One bot on fresh tables holding just enough requests, warmed up, then clicked at `rate` for `seconds`. */
async function botRun(connectionString: string, connector: string, rate: number, seconds: number, label: string, catchUp = false): Promise<{ summary: Summary; result: LoadResult; prefix: string }> {
  const prefix = `b${randomBytes(4).toString('hex')}`;
  const warm = WARM_UP;
  const needed = clicksFor(rate, seconds) + warm;
  const seeding = performance.now();
  // The bot is not running yet: seed from its core, so Azurite has core 0 to itself.
  pinSelf(1);
  const references = await seed(connectionString, prefix, connector, needed);
  pinSelf(0);
  log(`  seeded ${needed} requests at awaiting_decision in ${((performance.now() - seeding) / 1000).toFixed(1)} s (prefix ${prefix})`);
  const { url, child } = await startBot(1, connectionString, prefix, botLogFile(work), {}, CPU_PROF);
  try {
    await install(url, connector);
    // Warm-up: approvals, four at a time, on requests the measured run does not touch.
    let w = needed - warm;
    const warming = performance.now();
    await Promise.all(Array.from({ length: 4 }, async () => {
      while (w < needed) await mustPost(url, approveBody(connector, w++));
    }));
    log(`  warm-up: ${warm} approvals, 4 at a time, in ${((performance.now() - warming) / 1000).toFixed(1)} s`);
    // Let the warm-up's background work (publishing, notifications) finish first.
    await settle(child.pid);
    await settle(azuritePid);
    log(`  ${await quiet()}`);
    const bodies = references.slice(0, needed - warm).map((reference, n) => ({ key: reference, body: approveBody(connector, n) }));
    const cpu0 = [cpuSeconds(child.pid), cpuSeconds(azuritePid)];
    const cores = coreTimes();
    const result = await load({ url, rate, seconds, connections: rate, bodies, expect: EXPECT_APPROVED, spread: true });
    const cpu1 = [cpuSeconds(child.pid), cpuSeconds(azuritePid)];
    const stolen = stolenSince(cores);
    const summary = summarise(result);
    log(`  ${line(label, summary)}`);
    log(`  CPU during the run: bot ${(cpu1[0]! - cpu0[0]!).toFixed(1)} s (${((1000 * (cpu1[0]! - cpu0[0]!)) / Math.max(1, result.responses)).toFixed(1)} ms a click), Azurite ${(cpu1[1]! - cpu0[1]!).toFixed(1)} s (${((1000 * (cpu1[1]! - cpu0[1]!)) / Math.max(1, result.responses)).toFixed(1)} ms a click), over ${result.elapsedSeconds.toFixed(1)} s; stolen by the hypervisor: ${stolen}`);
    if (catchUp) await awaitCatchUp(connectionString, prefix, child.pid!);
    return { summary, result, prefix };
  } finally {
    await stop(child, CPU_PROF.length ? 30_000 : 5000);
  }
}

/** The bare endpoint at `rate` for `seconds` (it is already running and warm). */
async function bareRun(url: string, connector: string, rate: number, seconds: number): Promise<Summary> {
  const count = clicksFor(rate, seconds);
  const bodies = Array.from({ length: count }, (_, i) => ({ key: String(i), body: approveBody(connector, i) }));
  const summary = summarise(await load({ url, rate, seconds, connections: Math.min(rate, 1000), bodies, expect: '"statusCode":200', spread: true }));
  log(`  ${line(`bare ${rate}/s`, summary)}`);
  return summary;
}

async function main(): Promise<void> {
  // This script (seeding, the connector) stays off the bot's core.
  pinSelf(0);
  const began = performance.now();
  const connector = await startRecordingConnector();
  const azurite = await startAzurite(0, work);
  const { connectionString } = azurite;
  azuritePid = azurite.pid;
  log(`Azurite (in memory) on core 0; bot on core 1; autocannon on core 0. ${STEADY_RATE}/s for ${STEADY_SECONDS} s, then steps of ${STEP_SECONDS} s; p99 limit ${P99_LIMIT} ms.`);
  const report: string[] = [];
  try {
    if (!hasFlag('--skip-steady')) {
      log(`\n1. Approve clicks at ${STEADY_RATE}/s for ${STEADY_SECONDS} s`);
      const { summary, result, prefix } = await botRun(connectionString, connector.url, STEADY_RATE, STEADY_SECONDS, `approve ${STEADY_RATE}/s`, true);
      const approvals = await approvalsByRequest(connectionString, prefix);
      const answered = new Set(result.goodKeys);
      const exactlyOne = [...answered].filter((r) => approvals.get(r) === 1).length;
      const moreThanOne = [...approvals.values()].filter((n) => n > 1).length;
      // Approved but not answered: the warm-up, and clicks still in flight when the run ended.
      const unanswered = [...approvals.keys()].filter((r) => !answered.has(r)).length;
      const byStatus = await statuses(connectionString, prefix);
      log(`  audit: ${exactlyOne} of ${answered.size} approved clicks have exactly one approve row; ${moreThanOne} requests have more than one; approve rows in all: ${[...approvals.values()].reduce((a, b) => a + b, 0)} (${unanswered} of them the warm-up's or in flight when the run ended)`);
      log(`  request statuses afterwards: ${JSON.stringify(byStatus)}; connector calls: ${JSON.stringify(connector.counts)}`);
      report.push(line(`steady ${STEADY_RATE}/s x ${STEADY_SECONDS}s`, summary), `audit exactly-one ${exactlyOne}/${answered.size}, duplicates ${moreThanOne}`);
    }

    let botMax = 0;
    if (!hasFlag('--skip-steps')) {
      log(`\n2. Highest sustainable approve rate (${STEP_SECONDS} s a step)`);
      for (const rate of LADDER) {
        const { summary } = await botRun(connectionString, connector.url, rate, STEP_SECONDS, `approve ${rate}/s`);
        if (!summary.ok) break;
        botMax = rate;
      }
      log(`  highest sustained: ${botMax}/s`);
      report.push(`bot highest sustained ${botMax}/s`);
    }

    if (!hasFlag('--skip-bare')) {
      log(`\n3. Bare botbuilder endpoint (restify + CloudAdapter, fixed card, no storage), ${STEP_SECONDS} s a step`);
      const { url, child } = await startBare();
      try {
        for (let i = 0; i < 500; i++) await mustPost(url, approveBody(connector.url, i));
        log(`  ${await quiet()}`);
        // Doubling from the bot's figure, then halving the gap twice.
        let good = 0;
        let bad = 0;
        for (let rate = Math.max(100, botMax * 2); rate <= 64_000; rate *= 2) {
          if ((await bareRun(url, connector.url, rate, STEP_SECONDS)).ok) good = rate;
          else {
            bad = rate;
            break;
          }
        }
        for (let i = 0; i < 2 && bad; i++) {
          const mid = Math.round((good + bad) / 2 / 50) * 50;
          if (mid <= good || mid >= bad) break;
          if ((await bareRun(url, connector.url, mid, STEP_SECONDS)).ok) good = mid;
          else bad = mid;
        }
        log(`  bare highest sustained: ${good}/s${bad ? ` (not at ${bad}/s)` : ''}`);
        report.push(`bare highest sustained ${good}/s${bad ? ` (fails at ${bad}/s)` : ''}`);
        if (botMax && good) report.push(`ratio bot / bare = ${botMax}/${good} = ${(botMax / good).toFixed(3)} (bare is ${(good / botMax).toFixed(1)}x)`);
      } finally {
        await stop(child, CPU_PROF.length ? 30_000 : 5000);
      }
    }
  } finally {
    await stopAll();
    await connector.close();
    rmSync(work, { recursive: true, force: true });
  }
  log(`\nSummary (${((performance.now() - began) / 1000).toFixed(0)} s in all)`);
  for (const r of report) log(`  ${r}`);
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
