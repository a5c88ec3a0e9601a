/**
 * Dialogue turns with state in Table Storage (npm run bench).
 *
 *   core 0: the bot, `node dist/bot/index.js` in local mode (no auth), alone on its core;
 *   core 1: Azurite (azurite-table --inMemoryPersistence) on loopback, and this script: the
 *           load generator and the Teams connector the bot replies to.
 *
 * 20 officers at once, each raising seed 004 through the whole dialogue (the script of
 * test/dialogs/raise-request.test.ts, typos included) twice over. Every turn reads the
 * dialogue state, saves the draft over the etag the dialogue last saw, replies, and writes
 * the dialogue state (the draft is read only when this process does not hold that version).
 *
 *   1. a turn every 500 ms from each officer (a fast typist; about 36 turns a second in
 *      all), each officer at a different question, as people working independently are
 *      (officer c first answers, unmeasured, the first c/20 of the script): the load the
 *      target is about, p95 at most 60 ms;
 *   2. the same pace in lock-step: all 20 start together and send the same answer within
 *      half a second, so the heavy turns (a change described in a sentence) arrive together;
 *   3. no pause between turns (saturation): the most turns a second the bot's core gives.
 *
 * A latency is the whole HTTP exchange of one activity, the bot's replies to the connector
 * included. Options: --conversations 20 --think 500 --rounds 2 --bot dist/bot/index.js
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coreTimes, cpuSeconds, log, logSummary, machine, message, mustPost, numberFlag, person, pinSelf, quiet, RAISE_SEED_004, settle, startAzurite, startBot, stats, statsLine, stolenSince, stopAll } from './bench-support/harness';
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
    // Warm-up, unmeasured: 20 officers through the dialogue at the measured pace, so start-up
    // and the JIT's first compilations are not measured (a deployed bot runs for days).
    await Promise.all(Array.from({ length: 20 }, async (_, w) => {
      const warm = person('0009', w + 1, `Warm-up Officer ${w + 1}`);
      for (const text of RAISE_SEED_004) {
        await mustPost(bot.url, message(connector.url, warm, text));
        await new Promise((r) => setTimeout(r, THINK_MS));
      }
    }));

    // Officers working independently are each at a different question; the lock-step run,
    // where all 20 send the same answer within half a second, is the worst case.
    const runs = [
      { label: `a turn every ${THINK_MS} ms each, each officer at a different question`, think: THINK_MS, staggered: true },
      { label: `a turn every ${THINK_MS} ms each, all in lock-step (the same answer within ${THINK_MS} ms)`, think: THINK_MS, staggered: false },
      { label: 'no pause (saturation)', think: 0, staggered: false },
    ];
    const N = RAISE_SEED_004.length;
    for (const [run, { label, think, staggered }] of runs.entries()) {
      const officers = Array.from({ length: CONVERSATIONS }, (_, c) => ({ officer: person(`00${run + 1}0`, c + 1, `Officer ${c + 1}`), first: staggered ? Math.floor((c * N) / CONVERSATIONS) : 0 }));
      // Unmeasured: each officer answers up to their starting question.
      await Promise.all(officers.map(async ({ officer, first }) => {
        for (const text of RAISE_SEED_004.slice(0, first)) await mustPost(bot.url, message(connector.url, officer, text));
      }));
      await settle(bot.pid);
      await settle(azurite.pid);
      log(`  ${await quiet()}`);
      const samples: number[] = [];
      const byTurn = RAISE_SEED_004.map(() => [] as number[]);
      const cpu = { bot: cpuSeconds(bot.pid), azurite: cpuSeconds(azurite.pid), self: process.cpuUsage() };
      const cores = coreTimes();
      const started = performance.now();
      await Promise.all(
        officers.map(async ({ officer, first }, c) => {
          // Spread the starts over one think time, as people do not all type at the same instant.
          await new Promise((r) => setTimeout(r, (c * think) / CONVERSATIONS));
          for (let position = first; position < first + ROUNDS * N; position++) {
            const i = position % N;
            const { ms } = await mustPost(bot.url, message(connector.url, officer, RAISE_SEED_004[i]!));
            samples.push(ms);
            byTurn[i]!.push(ms);
            if (think) await new Promise((r) => setTimeout(r, think));
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const s = stats(samples);
      const botCpu = cpuSeconds(bot.pid) - cpu.bot;
      const azuriteCpu = cpuSeconds(azurite.pid) - cpu.azurite;
      const used = process.cpuUsage(cpu.self);
      const selfCpu = used.user + used.system;
      log(`${statsLine(`${CONVERSATIONS} conversations, ${label}`, s)} ${(samples.length / seconds).toFixed(1)} turns/s${staggered ? ` ${s.p95 <= P95_TARGET ? 'MEETS' : 'DOES NOT MEET'} p95 <= ${P95_TARGET} ms` : ''}`);
      const slowest = byTurn.map((xs, i) => ({ text: RAISE_SEED_004[i]!, p50: stats(xs).p50 })).sort((a, b) => b.p50 - a.p50).slice(0, 3);
      log(`  slowest turns (p50): ${slowest.map((t) => `"${t.text.slice(0, 40)}" ${t.p50.toFixed(0)} ms`).join(', ')}`);
      log(`  CPU: bot ${((botCpu * 1000) / samples.length).toFixed(1)} ms a turn (core 0 ${((100 * botCpu) / seconds).toFixed(0)}% busy), Azurite ${((azuriteCpu * 1000) / samples.length).toFixed(1)} ms a turn, this script (load and connector) ${(selfCpu / 1000 / samples.length).toFixed(1)} ms a turn (core 1 ${((100 * (azuriteCpu + selfCpu / 1e6)) / seconds).toFixed(0)}% busy)`);
      log(`  stolen by the hypervisor: ${stolenSince(cores)}`);
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
