/**
 * Approve clicks under load (npm run bench:approve). Target: 50 clicks a second for 60 s
 * (Teams' per-tenant ceiling) with p99 at most 150 ms and no errors; also the highest
 * sustainable rate, and its ratio to a bare botbuilder endpoint measured in the same run.
 *
 *   core 1: the bot (`node dist/bot/index.js`, local mode, production options), alone;
 *   core 0: Azurite, the autocannon load generator (bench/approve-load.ts, its own
 *           process) and this script, which plays the Teams connector.
 *
 * Every click is a director's Approve (an adaptiveCard/action invoke as Teams sends it) on
 * a different request seeded at awaiting_decision: a real decision (read, decide, one
 * transaction), then in the background the outbox (publish, tell the officer, post to the
 * decisions channel). Each run follows 500 warm-up approvals on other requests (a bot that
 * has been up a while), and gets its own tables holding just the requests it clicks:
 * Azurite scans a whole table for a partition query, which Azure does not.
 *
 *   1. 50/s for 60 s: latency, errors, then exactly one approve audit row for every click
 *      answered, and how long the outbox takes to publish every approval.
 *   2. The highest sustainable rate: 5, 10, 20, 30, 40, 50, 100, 150, ... for 15 s each,
 *      until p99 > 150 ms, any error, or fewer than 97% of the step's clicks answered.
 *   3. The same search against bench/approve-bare-bot.ts (restify + CloudAdapter, a fixed
 *      card, no storage), and the ratio of the two.
 *
 * Options: --rate 50 --steady-seconds 60 --step-seconds 15 --p99 150 --skip-steps --skip-bare
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { PEOPLE } from '../fixtures/seed-004';
import type { LoadPlan, LoadResult } from './approve-load';
import { startRecordingConnector } from './connector';
import {
  coreTimes,
  cpuSeconds,
  freePort,
  hasFlag,
  install,
  invoke,
  log,
  logSummary,
  machine,
  mustPost,
  numberFlag,
  pct,
  pinSelf,
  quiet,
  root,
  rssMB,
  run,
  settle,
  sleep,
  start,
  startAzurite,
  startBot,
  stolenSince,
  stop,
  waitFor,
} from './harness';
import { directorOf, referenceOf, repositories, seed } from './seed';

const STEADY_RATE = numberFlag('--rate', 50);
const STEADY_SECONDS = numberFlag('--steady-seconds', 60);
const STEP_SECONDS = numberFlag('--step-seconds', 15);
const P99_LIMIT = numberFlag('--p99', 150);
/** A step is sustained only if at least this share of its clicks were answered. */
const RATE_REACHED = 0.97;
/** Approvals before each measured run: after 40, the first seconds of a run had a median several times the rest's. */
const WARM_UP = 500;
const LADDER = [5, 10, 20, 30, 40, ...Array.from({ length: 20 }, (_, i) => 50 * (i + 1))];
const EXPECT_APPROVED = 'You approved this request';

/** Director directorOf(n) clicks Approve on request n's card (version 6). */
const approveBody = (serviceUrl: string, n: number): string => invoke(serviceUrl, directorOf(n), Verbs.approve, referenceOf(n), 6);

/** Runs autocannon in its own process on core 0 and returns what it measured. */
async function load(work: string, plan: LoadPlan): Promise<LoadResult> {
  const file = join(work, `plan-${randomBytes(4).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(plan));
  const child = start(0, process.execPath, ['--import', 'tsx', join(root, 'bench', 'approve-load.ts'), file], {}, 'pipe');
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  rmSync(file, { force: true });
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult;
}

/** The run's figures, and whether the rate was sustained (p99 within the limit, no errors, 97% answered). */
function summarise(label: string, r: LoadResult): { line: string; ok: boolean } {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const failed =
    r.errors +
    r.timeouts +
    r.unexpected +
    Object.entries(r.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .reduce((s, [, n]) => s + n, 0);
  const ok = pct(sorted, 99) <= P99_LIMIT && failed === 0 && r.responses >= RATE_REACHED * r.rate * r.seconds;
  const figures = [50, 95, 99].map((p) => `p${p}=${pct(sorted, p).toFixed(1)}ms`).join(' ');
  return {
    ok,
    line: `${label}: ${r.responses} clicks (${(r.responses / r.seconds).toFixed(1)}/s of ${r.rate}/s) ${figures} max=${(sorted.at(-1) ?? NaN).toFixed(1)}ms failed=${failed} ${ok ? 'OK' : 'NOT SUSTAINED'}`,
  };
}

/** Clicks to prepare for `rate` over `seconds`: a second to spare, as the load tool stops with an error when they run out. */
const clicksFor = (rate: number, seconds: number): number => rate * (seconds + 1);

/** The rows of the Requests table whose row key starts with `prefix` (one scan of the table, not a query a request). */
async function rowsStarting(connectionString: string, tablePrefix: string, prefix: string, select?: string[]): Promise<Array<Record<string, unknown>>> {
  const rows: Array<Record<string, unknown>> = [];
  const filter = `RowKey ge '${prefix}' and RowKey lt '${prefix}~'`;
  for await (const e of repositories(connectionString, tablePrefix).requestsTable.listEntities({ queryOptions: { filter, select } })) rows.push(e);
  return rows;
}

const stillApproved = async (connectionString: string, prefix: string): Promise<number> =>
  (await rowsStarting(connectionString, prefix, 'request_', ['status'])).filter((e) => e.status === 'approved').length;

async function main(work: string): Promise<void> {
  pinSelf(0);
  const began = performance.now();
  const botLog = join(work, 'bot.log');
  const connector = await startRecordingConnector();
  const azurite = await startAzurite(0);
  for (const line of machine()) log(line);
  log(
    `Bot on core 1; Azurite, autocannon and this script on core 0. ${STEADY_RATE}/s for ${STEADY_SECONDS} s, then steps of ${STEP_SECONDS} s; p99 limit ${P99_LIMIT} ms.`,
  );
  const report: string[] = [];

  /** One bot on fresh tables holding just enough requests, warmed up, then clicked at `rate` for `seconds`. */
  const botRun = async (rate: number, seconds: number, label: string, audit = false) => {
    const prefix = `b${randomBytes(4).toString('hex')}`;
    const needed = clicksFor(rate, seconds) + WARM_UP;
    // The bot is not running yet: seed from its core, leaving core 0 to Azurite.
    pinSelf(1);
    // Scrutiny members' chats too: the channel card names their Teams ids.
    await seed(
      azurite.connectionString,
      prefix,
      connector.url,
      [{ stage: 'decision', from: 0, count: needed }],
      [PEOPLE.scrutiny1, PEOPLE.scrutiny2, PEOPLE.scrutinyOfficer],
    );
    pinSelf(0);
    const bot = await startBot(1, azurite.connectionString, prefix, botLog);
    try {
      await install(bot.url, connector.url);
      let w = needed - WARM_UP;
      await Promise.all(
        Array.from({ length: 4 }, async () => {
          while (w < needed) await mustPost(bot.url, approveBody(connector.url, w++));
        }),
      );
      await settle(bot.pid);
      await settle(azurite.pid);
      log(`  ${await quiet()}`);
      const bodies = Array.from({ length: needed - WARM_UP }, (_, n) => ({ key: referenceOf(n), body: approveBody(connector.url, n) }));
      const cpu = [cpuSeconds(bot.pid), cpuSeconds(azurite.pid)];
      const cores = coreTimes();
      const result = await load(work, { url: bot.url, rate, seconds, connections: rate, bodies, expect: EXPECT_APPROVED, spread: true });
      const perClick = (before: number, pid: number) => `${((1000 * (cpuSeconds(pid) - before)) / Math.max(1, result.responses)).toFixed(1)} ms`;
      const summary = summarise(label, result);
      log(`  ${summary.line}`);
      log(`  CPU a click: bot ${perClick(cpu[0]!, bot.pid)}, Azurite ${perClick(cpu[1]!, azurite.pid)}; ${stolenSince(cores)}`);
      if (audit) {
        // Every click answered "approved" has exactly one approve audit row.
        const rows = await rowsStarting(azurite.connectionString, prefix, 'a_');
        const approvals = new Map<string, number>();
        for (const e of rows) {
          const entry = JSON.parse(String(e.entry)) as { action?: string; refused?: string };
          const reference = String(e.partitionKey).replace(/^r_/, '');
          if (entry.action === 'approve' && !entry.refused) approvals.set(reference, (approvals.get(reference) ?? 0) + 1);
        }
        const answered = new Set(result.goodKeys);
        const exactlyOne = [...answered].filter((r) => approvals.get(r) === 1).length;
        const twice = [...approvals.values()].filter((n) => n > 1).length;
        log(`  audit: ${exactlyOne} of ${answered.size} approved clicks have exactly one approve row; ${twice} requests have more than one`);
        // The clicks are answered before their notifications go: how long the outbox takes to catch up.
        const ended = performance.now();
        let left = await stillApproved(azurite.connectionString, prefix);
        while (left > 0 && performance.now() - ended < 10 * 60_000) {
          await sleep(2000);
          left = await stillApproved(azurite.connectionString, prefix);
        }
        log(
          `  catch-up: ${left ? `${left} approved requests not yet published` : 'every approved request published'} ${((performance.now() - ended) / 1000).toFixed(0)} s after the load; bot peak RSS ${rssMB(bot.pid, 'VmHWM').toFixed(1)} MB`,
        );
        report.push(summary.line, `audit exactly-one ${exactlyOne}/${answered.size}, more than one ${twice}`);
      }
      return summary.ok;
    } finally {
      await stop(bot.child);
    }
  };

  log(`\n1. Approve clicks at ${STEADY_RATE}/s for ${STEADY_SECONDS} s`);
  await botRun(STEADY_RATE, STEADY_SECONDS, `steady ${STEADY_RATE}/s x ${STEADY_SECONDS}s`, true);

  let botMax = 0;
  if (!hasFlag('--skip-steps')) {
    log(`\n2. Highest sustainable approve rate (${STEP_SECONDS} s a step)`);
    for (const rate of LADDER) {
      if (!(await botRun(rate, STEP_SECONDS, `approve ${rate}/s`))) break;
      botMax = rate;
    }
    report.push(`bot highest sustained ${botMax}/s`);
  }

  if (!hasFlag('--skip-bare')) {
    log(`\n3. Bare botbuilder endpoint (restify + CloudAdapter, fixed card, no storage), ${STEP_SECONDS} s a step`);
    const port = await freePort();
    const bare: ChildProcess = start(1, process.execPath, ['--import', 'tsx', join(root, 'bench', 'approve-bare-bot.ts')], { PORT: String(port) });
    const url = `http://127.0.0.1:${port}`;
    await waitFor(`${url}/healthz`, 'the bare botbuilder endpoint');
    for (let i = 0; i < 500; i++) await mustPost(url, approveBody(connector.url, i));
    log(`  ${await quiet()}`);
    const bareRun = async (rate: number) => {
      const bodies = Array.from({ length: clicksFor(rate, STEP_SECONDS) }, (_, i) => ({ key: String(i), body: approveBody(connector.url, i) }));
      const summary = summarise(
        `bare ${rate}/s`,
        await load(work, { url, rate, seconds: STEP_SECONDS, connections: Math.min(rate, 1000), bodies, expect: '"statusCode":200', spread: true }),
      );
      log(`  ${summary.line}`);
      return summary.ok;
    };
    // Doubling from the bot's figure, then halving the gap twice.
    let good = 0;
    let bad = 0;
    for (let rate = Math.max(100, botMax * 2); rate <= 64_000 && !bad; rate *= 2) {
      if (await bareRun(rate)) good = rate;
      else bad = rate;
    }
    for (let i = 0; i < 2 && bad; i++) {
      const mid = Math.round((good + bad) / 2 / 50) * 50;
      if (mid <= good || mid >= bad) break;
      if (await bareRun(mid)) good = mid;
      else bad = mid;
    }
    await stop(bare);
    report.push(`bare highest sustained ${good}/s${bad ? ` (not at ${bad}/s)` : ''}`);
    if (botMax && good) report.push(`ratio bot / bare = ${botMax}/${good} = ${(botMax / good).toFixed(3)}`);
  }
  await connector.close();
  log(`\nSummary (${((performance.now() - began) / 1000).toFixed(0)} s in all)`);
  for (const line of [...report, logSummary(botLog), `apologies sent to Teams: ${connector.errorReplies}`]) log(`  ${line}`);
}

run('approve', main);
