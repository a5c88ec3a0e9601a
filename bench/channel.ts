/**
 * Decisions drained to one decisions channel (npm run bench:channel). Teams allows a bot
 * 7 sends a second to a conversation (8 per 2 s, 60 per 30 s); the outbox's per-conversation
 * rate limiter is meant to keep to that. Target: 500 decisions, never more than 7 sends in
 * any second, exactly one channel post each.
 *
 *   core 0: the bot (`node dist/bot/index.js`, local mode, production options), alone;
 *   core 1: Azurite and this script, which seeds, clicks, and plays the Teams connector,
 *           noting when each send to the channel arrives.
 *
 * N requests are seeded at awaiting_decision, the bot is added to the decisions team, and
 * every director's Approve is sent, 8 at a time. The script waits until the outbox has
 * drained (a post for every decision, then 10 s of nothing), then reports
 * the most sends in any 1 s, 2 s and 30 s window, the drain time and the channel posts.
 *
 * Options: --decisions 500 --concurrency 8
 */
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { startRecordingConnector, type ConnectorCall } from './connector';
import {
  cpuSeconds,
  DECISIONS_CHANNEL,
  install,
  invoke,
  log,
  logSummary,
  machine,
  numberFlag,
  parallel,
  pinSelf,
  post,
  quiet,
  run,
  settle,
  sleep,
  startAzurite,
  startBot,
  stats,
  statsLine,
  type Posted,
} from './harness';
import { directorOf, referenceOf, seed } from './seed';

const DECISIONS = Math.floor(numberFlag('--decisions', 500));
const CONCURRENCY = Math.floor(numberFlag('--concurrency', 8));

const isChannel = (call: ConnectorCall) => call.conversationId === DECISIONS_CHANNEL || call.conversationId.startsWith(`${DECISIONS_CHANNEL};`);

/** The most events in any window of `windowMs` (each window starts at an event). */
function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let j = 0;
  for (let i = 0; i < times.length; i++) {
    while (times[j]! <= times[i]! - windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function main(work: string): Promise<void> {
  pinSelf(1);
  const botLog = join(work, 'bot.log');
  const connector = await startRecordingConnector({ keep: isChannel });
  for (const line of machine()) log(line);
  log(`${DECISIONS} decisions to one decisions channel; bot on core 0, Azurite and this script on core 1.`);
  const azurite = await startAzurite(1);
  const prefix = `ch${Date.now().toString(36)}`;
  // The bot is not running yet: seed from core 0, leaving core 1 to Azurite.
  pinSelf(0);
  await seed(azurite.connectionString, prefix, connector.url, [{ stage: 'decision', from: 0, count: DECISIONS }]);
  pinSelf(1);
  const bot = await startBot(0, azurite.connectionString, prefix, botLog);
  await install(bot.url, connector.url);
  await settle(bot.pid);
  await settle(azurite.pid);
  log(`  ${await quiet()}`);
  connector.kept.length = 0;
  const cpu = [cpuSeconds(bot.pid), cpuSeconds(azurite.pid)];

  const t0 = performance.timeOrigin + performance.now();
  const clicks: Posted[] = [];
  let failed = 0;
  await parallel(
    Array.from({ length: DECISIONS }, (_, n) => n),
    CONCURRENCY,
    async (n) => {
      const r = await post(bot.url, invoke(connector.url, directorOf(n), Verbs.approve, referenceOf(n), 6), 30_000);
      clicks.push(r);
      if (r.status !== 200 || !r.text.includes('You approved this request')) failed++;
    },
  );
  log(`  ${DECISIONS} approve clicks answered in ${((performance.timeOrigin + performance.now() - t0) / 1000).toFixed(1)} s; ${failed} not approved`);
  log(`  ${statsLine('approve click latency', stats(clicks.map((c) => c.ms)))}`);

  // Drained: a post for every decision, then nothing for 10 s (or nothing at all for 60 s: stuck).
  const approved = DECISIONS - failed;
  const count = (kind: ConnectorCall['kind']) => connector.kept.filter((c) => c.kind === kind).length;
  let [lastCount, lastChange, progressAt] = [-1, Date.now(), Date.now()];
  for (;;) {
    await sleep(500);
    if (connector.kept.length !== lastCount) [lastCount, lastChange] = [connector.kept.length, Date.now()];
    if (Date.now() - progressAt > 15_000) {
      progressAt = Date.now();
      log(`  draining: ${count('create')} channel posts, ${count('update')} updates so far`);
    }
    if (count('create') >= approved && Date.now() - lastChange > 10_000) break;
    if (Date.now() - lastChange > 60_000) {
      log(`  WARNING: no channel send for 60 s with ${count('create')} posts and ${count('update')} updates: stopping the wait`);
      break;
    }
  }

  const calls = [...connector.kept].sort((a, b) => a.at - b.at);
  const times = calls.map((c) => c.at);
  const posts = calls.filter((c) => c.kind === 'create');
  const byReference = new Map<string, number>();
  for (const p of posts) {
    const reference = /ECR-\d{4}-\d{4,6}/.exec(JSON.stringify(p.body))?.[0] ?? 'none';
    byReference.set(reference, (byReference.get(reference) ?? 0) + 1);
  }
  const twice = [...byReference.values()].filter((n) => n > 1).length;
  const most = maxInWindow(times, 1000);
  const exact = posts.length === DECISIONS && byReference.size === DECISIONS && !byReference.has('none') && twice === 0;
  log(`\n### Decisions channel drain: ${DECISIONS} decisions\n`);
  log(`- channel sends: ${calls.length} (${posts.length} posts, ${count('update')} updates, ${count('send')} thread replies)`);
  log(
    `- most sends in any 1 s window: **${most}** (≤ 7: ${most <= 7 ? 'met' : 'NOT MET'}); in any 2 s / 30 s: ${maxInWindow(times, 2000)} / ${maxInWindow(times, 30_000)} (Teams: 8 / 60)`,
  );
  log(`- channel posts: ${posts.length} for ${byReference.size} decisions, ${twice} posted twice (exactly ${DECISIONS}: ${exact ? 'met' : 'NOT MET'})`);
  log(
    `- drain, first click to last channel send: ${calls.length ? ((times.at(-1)! - t0) / 1000).toFixed(1) : 'n/a'} s; CPU: bot ${(cpuSeconds(bot.pid) - cpu[0]!).toFixed(1)} s, Azurite ${(cpuSeconds(azurite.pid) - cpu[1]!).toFixed(1)} s`,
  );
  log(`- ${logSummary(botLog)}; apologies sent to Teams: ${connector.errorReplies}`);
  await connector.close();
}

run('channel', main);
