/**
 * Decisions drained to one decisions channel (npm run bench:channel). Teams allows a bot
 * 7 sends a second to a conversation (8 per 2 s, 60 per 30 s); the outbox dispatcher's
 * ConversationRateLimiter (bot/proactive/rate-limit.ts) is meant to keep to that.
 *
 *   core 0: the bot, `node dist/bot/index.js` (local mode, no auth), its own process;
 *   core 1: Azurite (azurite-table --inMemoryPersistence) and this script, which seeds,
 *           clicks, and plays the Teams connector, noting when each send arrives.
 *
 * N requests (default 500) are seeded at awaiting_decision through the storage
 * repositories (as seedAwaitingDecision does), raised by 200 officers and decided by 40
 * directors. The bot is added to the decisions team, then every director's Approve click
 * is sent to the bot's endpoint, 8 at a time. Each approval publishes its decision, which
 * posts one card to the decisions channel and later updates it in place. The script
 * waits until the outbox has drained, then reports, over every send to the channel
 * conversation (posts, updates, replies in its threads):
 *
 *   - the most sends in any 1-second sliding window (target: never more than 7), and in
 *     any 2 s (Teams: 8) and 30 s (Teams: 60) window;
 *   - the drain time (first click to last channel send);
 *   - the number of channel posts (target: exactly N, one per decision, none twice).
 *
 * Options: --decisions 500 --concurrency 8 --bot dist/bot/index.js --log <file> (keep the bot's log)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { formatReference } from '../domain/reference';
import {
  botLogFile, click, cpuSeconds, DECISIONS_CHANNEL, logSummary, install, invoke, log, machine, numberFlag, parallel, person, pinSelf, post, quiet, repositories, saveChats,
  seedThroughRepositories, settle, startAzurite, startBot, stats, statsLine, stop, stopAll, YEAR, type Posted,
} from './bench-support/harness';
import { startRecordingConnector, type ConnectorCall } from './bench-support/recording-connector';

const DECISIONS = Math.floor(numberFlag('--decisions', 500));
const CONCURRENCY = Math.floor(numberFlag('--concurrency', 8));
const EXPECT_APPROVED = 'You approved this request';

const OFFICERS = Array.from({ length: 200 }, (_, i) => person('0001', i + 1, `Officer ${i + 1}`));
const DIRECTORS = Array.from({ length: 40 }, (_, i) => person('0002', i + 1, `Director ${i + 1}`));
const officerOf = (n: number) => OFFICERS[n % OFFICERS.length]!;
const directorOf = (n: number) => DIRECTORS[n % DIRECTORS.length]!;

const isChannel = (call: ConnectorCall) => call.conversationId === DECISIONS_CHANNEL || call.conversationId.startsWith(`${DECISIONS_CHANNEL};`);

/** The most events in any window of `windowMs` (each window starts at an event). */
function maxInWindow(times: readonly number[], windowMs: number): { max: number; at: number } {
  let best = { max: 0, at: NaN };
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    if (i - j + 1 > best.max) best = { max: i - j + 1, at: times[j]! };
  }
  return best;
}

/** Number of 1-second windows (starting at each send) holding more than `limit` sends. */
function windowsOver(times: readonly number[], windowMs: number, limit: number): number {
  let over = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (j < times.length && times[j]! < times[i]! + windowMs) j++;
    if (j - i > limit) over++;
  }
  return over;
}

function referenceIn(call: ConnectorCall): string | undefined {
  return /ECR-\d{4}-\d{4,6}/.exec(JSON.stringify(call.body))?.[0];
}

async function main(): Promise<void> {
  pinSelf(1);
  const began = Date.now();
  const work = mkdtempSync(join(tmpdir(), 'bench-channel-'));
  const botLog = botLogFile(work);
  const connector = await startRecordingConnector({ keep: isChannel });
  const machineLines = machine();
  try {
    log(`${DECISIONS} decisions to one decisions channel; bot on core 0, Azurite and this script (clicks, connector) on core 1.`);
    const azurite = await startAzurite(1, work);
    const prefix = `ch${randomBytes(4).toString('hex')}`;
    const repos = repositories(azurite.connectionString, prefix);
    await repos.createTables();
    const references = Array.from({ length: DECISIONS }, (_, i) => formatReference(YEAR, i + 1));
    // The bot is not running yet: seed from core 0, leaving core 1 to Azurite.
    pinSelf(0);
    const seeding = performance.now();
    await saveChats(repos, connector.url, [...OFFICERS, ...DIRECTORS]);
    await seedThroughRepositories(repos, references, 'decision', (i) => ({ officer: officerOf(i), director: directorOf(i) }));
    const seedSeconds = (performance.now() - seeding) / 1000;
    pinSelf(1);
    log(`  seeded ${DECISIONS} requests at awaiting_decision in ${seedSeconds.toFixed(1)} s (prefix ${prefix})`);

    const bot = await startBot(0, azurite.connectionString, prefix, botLog);
    try {
      await install(bot.url, connector.url);
      await settle(bot.pid);
      await settle(azurite.pid);
      const quietLine = await quiet();
      log(`  ${quietLine}`);
      connector.kept.length = 0;
      const cpu0 = [cpuSeconds(bot.pid), cpuSeconds(azurite.pid)];

      // Every decision, `CONCURRENCY` clicks at a time.
      const t0 = performance.timeOrigin + performance.now();
      const clicks: Posted[] = [];
      let failed = 0;
      const failures: string[] = [];
      await parallel(references, CONCURRENCY, async (reference, i) => {
        const r = await post(bot.url, invoke(connector.url, directorOf(i), click(Verbs.approve, reference, 6)), 30_000);
        clicks.push(r);
        if (r.status !== 200 || !r.text.includes(EXPECT_APPROVED)) {
          failed++;
          if (failures.length < 3) failures.push(`${reference}: ${r.error ?? `HTTP ${r.status}`} ${r.text.slice(0, 160)}`);
        }
      });
      const clicked = performance.timeOrigin + performance.now();
      log(`  ${DECISIONS} approve clicks answered in ${((clicked - t0) / 1000).toFixed(1)} s; ${failed} not approved${failures.length ? `: ${failures.join(' | ')}` : ''}`);
      log(`  ${statsLine('approve click latency', stats(clicks.map((c) => c.ms)))}`);

      // Drained: a post and an update for every decision, then nothing more for 10 s (or
      // nothing at all for 60 s: something is stuck).
      const approved = DECISIONS - failed;
      const timeoutAt = Date.now() + Math.max(180_000, approved * 1500);
      let lastCount = -1;
      let lastChange = Date.now();
      let progressAt = Date.now();
      for (;;) {
        await new Promise((r) => setTimeout(r, 500));
        const n = connector.kept.length;
        if (n !== lastCount) {
          lastCount = n;
          lastChange = Date.now();
        }
        const posts = connector.kept.filter((c) => c.kind === 'create').length;
        const updates = connector.kept.filter((c) => c.kind === 'update').length;
        if (Date.now() - progressAt > 15_000) {
          progressAt = Date.now();
          log(`  draining: ${posts} channel posts, ${updates} updates so far (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
        }
        const quietFor = Date.now() - lastChange;
        if (posts >= approved && updates >= approved && quietFor > 10_000) break;
        if (quietFor > 60_000) {
          log(`  WARNING: no channel send for 60 s with ${posts} posts and ${updates} updates: stopping the wait`);
          break;
        }
        if (Date.now() > timeoutAt) {
          log('  WARNING: the drain did not finish in time');
          break;
        }
      }
      const cpu1 = [cpuSeconds(bot.pid), cpuSeconds(azurite.pid)];

      const calls = [...connector.kept].sort((a, b) => a.at - b.at);
      const times = calls.map((c) => c.at);
      const posts = calls.filter((c) => c.kind === 'create');
      const updates = calls.filter((c) => c.kind === 'update');
      const replies = calls.filter((c) => c.kind === 'send');
      const byReference = new Map<string, number>();
      let unnamed = 0;
      for (const p of posts) {
        const reference = referenceIn(p);
        if (!reference) unnamed++;
        else byReference.set(reference, (byReference.get(reference) ?? 0) + 1);
      }
      const twice = [...byReference.values()].filter((n) => n > 1).length;
      const w1 = maxInWindow(times, 1000);
      const w2 = maxInWindow(times, 2000);
      const w30 = maxInWindow(times, 30_000);
      const postTimes = posts.map((c) => c.at);
      const postsW = [maxInWindow(postTimes, 1000).max, maxInWindow(postTimes, 2000).max, maxInWindow(postTimes, 30_000).max];
      // The busiest single conversation id (the channel itself, or one post's thread).
      const perConversation = new Map<string, number[]>();
      for (const c of calls) perConversation.set(c.conversationId, [...(perConversation.get(c.conversationId) ?? []), c.at]);
      const busiestConversation = Math.max(0, ...[...perConversation.values()].map((t) => maxInWindow(t, 1000).max));
      const drainSeconds = calls.length ? (times.at(-1)! - t0) / 1000 : NaN;
      const over7 = windowsOver(times, 1000, 7);
      const secondsFrom = (t: number) => ((t - t0) / 1000).toFixed(1);
      const sendRate = calls.length > 1 ? calls.length / ((times.at(-1)! - times[0]!) / 1000) : NaN;

      const logLine = logSummary(botLog);
      const verdictWindow = w1.max <= 7 ? 'met' : '**not met**';
      const verdictPosts = posts.length === DECISIONS && byReference.size === DECISIONS && twice === 0 ? 'met' : '**not met**';
      const report = [
        `### Decisions channel drain: ${DECISIONS} decisions`,
        '',
        ...machineLines,
        `- ${quietLine}`,
        `- Seeded ${DECISIONS} requests at awaiting_decision through the repositories in ${seedSeconds.toFixed(1)} s; ${DECISIONS} approve clicks, ${CONCURRENCY} at a time, answered in ${((clicked - t0) / 1000).toFixed(1)} s (${failed} not approved; p50 ${stats(clicks.map((c) => c.ms)).p50.toFixed(0)} ms, p99 ${stats(clicks.map((c) => c.ms)).p99.toFixed(0)} ms)`,
        '',
        '| measure | figure | target |',
        '|---|---|---|',
        `| channel sends (posts + updates + thread replies) | ${calls.length} (${posts.length} + ${updates.length} + ${replies.length}) | |`,
        `| most sends in any 1 s window, whole channel | **${w1.max}** (at ${secondsFrom(w1.at)} s; ${over7} windows over 7) | ≤ 7: ${verdictWindow} |`,
        `| most sends in any 2 s / 30 s window | ${w2.max} / ${w30.max} | Teams: 8 / 60 |`,
        `| most posts (new threads) in any 1 s / 2 s / 30 s window | ${postsW.join(' / ')} | 7 / 8 / 60 |`,
        `| most sends to one conversation id in any 1 s window | ${busiestConversation} | |`,
        `| drain time, first click to last channel send | ${drainSeconds.toFixed(1)} s (${sendRate.toFixed(2)} sends/s overall) | |`,
        `| channel posts | ${posts.length} for ${byReference.size} decisions; ${twice} posted twice; ${unnamed} not a decision | exactly ${DECISIONS}: ${verdictPosts} |`,
        `| CPU during clicks and drain | bot ${(cpu1[0]! - cpu0[0]!).toFixed(1)} s, Azurite ${(cpu1[1]! - cpu0[1]!).toFixed(1)} s | |`,
        '',
        `Bot log: ${logLine.warnings} warnings, ${logLine.errors} errors${logLine.warnings + logLine.errors ? ` (${logLine.events})` : ''}; ${connector.errorReplies} apologies from the bot.`,
      ];
      log(`\nDone in ${((Date.now() - began) / 1000).toFixed(0)} s. Markdown:\n`);
      log(report.join('\n'));
    } finally {
      await stop(bot.child);
    }
  } finally {
    await stopAll();
    await connector.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
