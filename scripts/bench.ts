/**
 * Dialogue turns with state in Table Storage (npm run bench).
 *
 *   core 0: the bot, `node dist/bot/index.js` in local mode (no auth), alone on its core;
 *   core 1: Azurite (azurite-table --inMemoryPersistence) on loopback, and this script: the
 *           load generator and the Teams connector the bot replies to.
 *
 * 20 officers at once, each raising seed 004 through the whole dialogue (the script of
 * test/dialogs/raise-request.test.ts, typos included) twice over. Every turn reads the
 * dialogue state, reads and writes the draft, replies, and writes the dialogue state.
 *
 *   1. a turn every 500 ms from each officer (a fast typist; about 40 turns a second in all):
 *      the load the target is about, p95 at most 60 ms;
 *   2. no pause between turns (saturation): the most turns a second the bot's core gives.
 *
 * A latency is the whole HTTP exchange of one activity, the bot's replies to the connector
 * included. Options: --conversations 20 --think 500 --rounds 2 --bot dist/bot/index.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuSeconds, log, logSummary, machine, message, mustPost, numberFlag, person, pinSelf, quiet, RAISE_SEED_004, settle, startAzurite, startBot, stats, statsLine, stopAll } from './bench-support/harness';
import { startRecordingConnector } from './bench-support/recording-connector';

const CONVERSATIONS = numberFlag('--conversations', 20);
const THINK_MS = numberFlag('--think', 500);
const ROUNDS = numberFlag('--rounds', 2);
const P95_TARGET = 60;

async function main(): Promise<void> {
  pinSelf(1);
  const work = mkdtempSync(join(tmpdir(), 'bench-dialogue-'));
  const botLog = join(work, 'bot.log');
  try {
    for (const line of machine()) log(line);
    log(`Dialogue turns: ${CONVERSATIONS} officers at once, each raising seed 004 (${RAISE_SEED_004.length} turns) ${ROUNDS} times. Bot alone on core 0; Azurite and this script on core 1.`);
    const connector = await startRecordingConnector();
    const azurite = await startAzurite(1, work);
    const bot = await startBot(0, azurite.connectionString, `bd${Date.now().toString(36)}`, botLog);
    // One officer through the dialogue first, so start-up costs are not measured.
    const warm = person('0009', 1, 'Warm-up Officer');
    for (const text of RAISE_SEED_004) await mustPost(bot.url, message(connector.url, warm, text));

    let run = 0;
    for (const [label, think] of [[`a turn every ${THINK_MS} ms each`, THINK_MS], ['no pause (saturation)', 0]] as const) {
      run++;
      await settle(bot.pid);
      await settle(azurite.pid);
      log(`  ${await quiet()}`);
      const samples: number[] = [];
      const byTurn = RAISE_SEED_004.map(() => [] as number[]);
      const cpu = { bot: cpuSeconds(bot.pid), azurite: cpuSeconds(azurite.pid) };
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONVERSATIONS }, async (_, c) => {
          const officer = person(`00${run}0`, c + 1, `Officer ${c + 1}`);
          // Spread the starts over one think time, as people do not all type at the same instant.
          await new Promise((r) => setTimeout(r, (c * think) / CONVERSATIONS));
          for (let round = 0; round < ROUNDS; round++) {
            for (const [i, text] of RAISE_SEED_004.entries()) {
              const { ms } = await mustPost(bot.url, message(connector.url, officer, text));
              samples.push(ms);
              byTurn[i]!.push(ms);
              if (think) await new Promise((r) => setTimeout(r, think));
            }
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const s = stats(samples);
      const botCpu = cpuSeconds(bot.pid) - cpu.bot;
      const azuriteCpu = cpuSeconds(azurite.pid) - cpu.azurite;
      log(`${statsLine(`${CONVERSATIONS} conversations, ${label}`, s)} ${(samples.length / seconds).toFixed(1)} turns/s${think ? ` ${s.p95 <= P95_TARGET ? 'MEETS' : 'DOES NOT MEET'} p95 <= ${P95_TARGET} ms` : ''}`);
      const slowest = byTurn.map((xs, i) => ({ text: RAISE_SEED_004[i]!, p50: stats(xs).p50 })).sort((a, b) => b.p50 - a.p50).slice(0, 3);
      log(`  slowest turns (p50): ${slowest.map((t) => `"${t.text.slice(0, 40)}" ${t.p50.toFixed(0)} ms`).join(', ')}`);
      log(`  CPU: bot ${((botCpu * 1000) / samples.length).toFixed(1)} ms a turn (core 0 ${((100 * botCpu) / seconds).toFixed(0)}% busy), Azurite ${((azuriteCpu * 1000) / samples.length).toFixed(1)} ms a turn`);
    }
    const logged = logSummary(botLog);
    log(`bot log: ${logged.warnings} warnings, ${logged.errors} errors ${logged.events}; apologies or errors sent to Teams: ${connector.errorReplies}`);
    await connector.close();
  } finally {
    await stopAll();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch(async (error: unknown) => {
  console.error(error);
  await stopAll();
  process.exit(1);
});
