/**
 * Dialogue turns with state in Table Storage (npm run bench). Target: 20 conversations at
 * once, p95 at most 60 ms.
 *
 *   core 0: the bot (`node dist/bot/index.js`, local mode, production options), alone;
 *   core 1: Azurite, and this script: the load and the Teams connector the bot replies to.
 *
 * 20 officers at once, each raising seed 004 through the whole dialogue (the script of
 * test/dialogs/raise-request.test.ts, typos included) twice over, after an unmeasured
 * warm-up of 20 officers at the same pace:
 *
 *   1. a turn every 500 ms from each officer (a fast typist), each at a different question,
 *      as people working independently are: the run the target is about;
 *   2. the same pace in lock-step: all 20 send the same answer within half a second;
 *   3. no pause between turns (saturation): the most turns a second the bot's core gives.
 *
 * A latency is the whole HTTP exchange of one activity, the bot's replies included.
 * Options: --conversations 20 --think 500 --rounds 2
 */
import { join } from 'node:path';
import { RAISE_SEED_004 } from '../fixtures/seed-004';
import { startRecordingConnector } from './connector';
import {
  coreTimes,
  cpuSeconds,
  log,
  logSummary,
  machine,
  message,
  mustPost,
  numberFlag,
  person,
  pinSelf,
  quiet,
  run,
  settle,
  sleep,
  startAzurite,
  startBot,
  stats,
  statsLine,
  stolenSince,
} from './harness';

const CONVERSATIONS = numberFlag('--conversations', 20);
const THINK_MS = numberFlag('--think', 500);
const ROUNDS = numberFlag('--rounds', 2);
const P95_TARGET = 60;
const N = RAISE_SEED_004.length;

async function main(work: string): Promise<void> {
  pinSelf(1);
  const botLog = join(work, 'bot.log');
  for (const line of machine()) log(line);
  log(
    `Dialogue turns: ${CONVERSATIONS} officers at once, each raising seed 004 (${N} turns) ${ROUNDS} times. Bot alone on core 0; Azurite and this script on core 1.`,
  );
  const connector = await startRecordingConnector();
  const azurite = await startAzurite(1);
  const bot = await startBot(0, azurite.connectionString, `bd${Date.now().toString(36)}`, botLog);
  await Promise.all(
    Array.from({ length: 20 }, async (_, w) => {
      for (const text of RAISE_SEED_004) {
        await mustPost(bot.url, message(connector.url, person('0009', w + 1, `Warm-up Officer ${w + 1}`), text));
        await sleep(THINK_MS);
      }
    }),
  );

  const runs = [
    { label: `a turn every ${THINK_MS} ms each, each officer at a different question`, think: THINK_MS, staggered: true },
    { label: `a turn every ${THINK_MS} ms each, all in lock-step`, think: THINK_MS, staggered: false },
    { label: 'no pause (saturation)', think: 0, staggered: false },
  ];
  for (const [r, { label, think, staggered }] of runs.entries()) {
    const officers = Array.from({ length: CONVERSATIONS }, (_, c) => ({
      officer: person(`00${r + 1}0`, c + 1, `Officer ${c + 1}`),
      first: staggered ? Math.floor((c * N) / CONVERSATIONS) : 0,
    }));
    // Unmeasured: each officer answers up to their starting question.
    await Promise.all(
      officers.map(async ({ officer, first }) => {
        for (const text of RAISE_SEED_004.slice(0, first)) await mustPost(bot.url, message(connector.url, officer, text));
      }),
    );
    await settle(bot.pid);
    await settle(azurite.pid);
    log(`  ${await quiet()}`);
    const samples: number[] = [];
    const byTurn = RAISE_SEED_004.map(() => [] as number[]);
    const cpu = { bot: cpuSeconds(bot.pid), azurite: cpuSeconds(azurite.pid) };
    const cores = coreTimes();
    const started = performance.now();
    await Promise.all(
      officers.map(async ({ officer, first }, c) => {
        // Spread the starts over one think time, as people do not all type at the same instant.
        await sleep((c * think) / CONVERSATIONS);
        for (let position = first; position < first + ROUNDS * N; position++) {
          const { ms } = await mustPost(bot.url, message(connector.url, officer, RAISE_SEED_004[position % N]!));
          samples.push(ms);
          byTurn[position % N]!.push(ms);
          if (think) await sleep(think);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const s = stats(samples);
    const perTurn = (before: number, pid: number) => `${(((cpuSeconds(pid) - before) * 1000) / samples.length).toFixed(1)} ms`;
    log(
      `${statsLine(`${CONVERSATIONS} conversations, ${label}`, s)} ${(samples.length / seconds).toFixed(1)} turns/s${staggered ? ` ${s.p95 <= P95_TARGET ? 'MEETS' : 'DOES NOT MEET'} p95 <= ${P95_TARGET} ms` : ''}`,
    );
    const slowest = byTurn
      .map((xs, i) => ({ text: RAISE_SEED_004[i]!, p50: stats(xs).p50 }))
      .sort((a, b) => b.p50 - a.p50)
      .slice(0, 3);
    log(`  slowest turns (p50): ${slowest.map((t) => `"${t.text.slice(0, 40)}" ${t.p50.toFixed(0)} ms`).join(', ')}`);
    log(`  CPU a turn: bot ${perTurn(cpu.bot, bot.pid)}, Azurite ${perTurn(cpu.azurite, azurite.pid)}; ${stolenSince(cores)}`);
  }
  log(`${logSummary(botLog)}; apologies sent to Teams: ${connector.errorReplies}`);
  await connector.close();
}

run('dialogue', main);
