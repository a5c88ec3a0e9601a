/**
 * The bot's memory under a steady mixed load (npm run bench:memory -- --minutes 10).
 *
 *   core 0: the bot, `node dist/bot/index.js` (local mode, no auth), its own process, so
 *           its resident memory (RSS, /proc/<pid>/status) is its own;
 *   core 1: Azurite (azurite-table --inMemoryPersistence) and this script: the load
 *           generator (plain fetch, activities shaped as Teams sends them) and the Teams
 *           connector the bot replies to.
 *
 * 20 activities a second (--rate), spread evenly, for N minutes, in this mix (of 20):
 *
 *   11  dialogue turns: 16 officers each raising requests through the whole dialogue
 *       (the script of test/dialogs/raise-request.test.ts, typos included) and then
 *       submitting from the summary card, over and over; one turn in flight per officer
 *    3  `my requests`, from the 200 officers who own the seeded requests
 *    3  `status ECR-…`, each from the request's owner
 *    2  comments: Finance, HR, then Legal comment on requests seeded in review
 *    1  approve: a director approves a request seeded at awaiting_decision (which publishes
 *       it and posts it to the decisions channel)
 *
 * The requests clicked on are seeded through the storage repositories before the bot
 * starts. The bot's RSS is sampled every 10 s. Reported: start / peak / end RSS, the
 * slope over the second half (MB a minute, least squares), latency per kind, and errors:
 * HTTP failures, timeouts (10 s), clicks not answered as expected, the bot's apologies
 * ("something went wrong") and dialogues that did not end in a submission.
 * Target: at most 200 MB, and not rising.
 *
 * Options: --minutes 10 --rate 20 --bot dist/bot/index.js --log <file> (keep the bot's log)
 *          --heap: also read the bot's V8 heap through its inspector at every sample, and
 *          force a full garbage collection at the end (live objects vs garbage not yet
 *          collected); off by default, as the inspector adds a little to the process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { formatReference } from '../domain/reference';
import {
  activity, botLogFile, BOT_COMMAND, click, cpuSeconds, freePort, hasFlag, install, logSummary, invoke, log, machine, message, mustPost, numberFlag, PEOPLE, person, personalConversation, pinSelf, post, quiet, repositories, rssMB,
  RAISE_SEED_004, saveChats, seedThroughRepositories, settle, slope, startAzurite, startBot, stats, stop, stopAll, YEAR, type Stats, type User,
} from './bench-support/harness';
import { connectInspector, type HeapProbe } from './bench-support/inspector';
import { startRecordingConnector } from './bench-support/recording-connector';

const MINUTES = numberFlag('--minutes', 10);
const RATE = numberFlag('--rate', 20);
const SAMPLE_SECONDS = 10;
const TIMEOUT_MS = 10_000;
/** "Not rising": the second half's slope is under this many MB a minute (30 MB an hour). */
const FLAT_MB_PER_MINUTE = 0.5;

type Kind = 'dialogue' | 'my requests' | 'status' | 'comment' | 'approve';
const MIX: ReadonlyArray<[Kind, number]> = [
  ['dialogue', 11],
  ['my requests', 3],
  ['status', 3],
  ['comment', 2],
  ['approve', 1],
];
const MIX_TOTAL = MIX.reduce((a, [, w]) => a + w, 0);

/** The kinds in a smooth repeating order (weighted round robin), one per tick. */
function schedule(): Kind[] {
  const current = new Map<Kind, number>(MIX.map(([k]) => [k, 0]));
  const out: Kind[] = [];
  for (let i = 0; i < MIX_TOTAL; i++) {
    for (const [k, w] of MIX) current.set(k, current.get(k)! + w);
    const [best] = [...current.entries()].sort((a, b) => b[1] - a[1])[0]!;
    current.set(best, current.get(best)! - MIX_TOTAL);
    out.push(best);
  }
  return out;
}

const OFFICERS = Array.from({ length: 200 }, (_, i) => person('0001', i + 1, `Officer ${i + 1}`));
const DIRECTORS = Array.from({ length: 40 }, (_, i) => person('0002', i + 1, `Director ${i + 1}`));
const RAISERS = Array.from({ length: 16 }, (_, i) => person('0003', i + 1, `Raising Officer ${i + 1}`));
const officerOf = (n: number) => OFFICERS[n % OFFICERS.length]!;
const directorOf = (n: number) => DIRECTORS[n % DIRECTORS.length]!;
const REVIEWERS = [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal] as const;

/** The officer clicks Submit on the draft's summary card (an Action.Submit: a message carrying a value). */
const submitBody = (user: User, draft: string): string => JSON.stringify(activity(serviceUrl, 'message', user, { value: { action: 'draft.submit', draft, version: 0 } }));
let serviceUrl = '';

const draftKeyIn = (body: unknown): string | undefined => {
  const json = JSON.stringify(body ?? {});
  return (/"action":"draft\.submit","draft":"([0-9a-z]+)"/.exec(json) ?? /"draft":"([0-9a-z]+)"/.exec(json))?.[1];
};

interface Outcome {
  kind: Kind;
  ms: number;
  error?: string;
}

async function main(): Promise<void> {
  pinSelf(1);
  const began = Date.now();
  const machineLines = machine();
  const work = mkdtempSync(join(tmpdir(), 'bench-memory-'));
  const botLog = botLogFile(work);
  const raiserChats = new Set(RAISERS.map(personalConversation));
  const connector = await startRecordingConnector({ remember: (id) => raiserChats.has(id) });
  serviceUrl = connector.url;
  const seconds = Math.round(MINUTES * 60);
  const total = Math.round(RATE * seconds);
  const order = schedule();
  const needed = (kind: Kind) => order.filter((k) => k === kind).length * Math.ceil(total / MIX_TOTAL);
  const approvals = needed('approve') + 20;
  const reviewed = Math.ceil(needed('comment') / 3) + 20;
  try {
    log(`Mixed load at ${RATE}/s for ${MINUTES} min (${total.toLocaleString('en-GB')} activities); bot on core 0, Azurite and this script on core 1. Mix of ${MIX_TOTAL}: ${MIX.map(([k, w]) => `${w} ${k}`).join(', ')}.`);
    const azurite = await startAzurite(1, work);
    const prefix = `me${randomBytes(4).toString('hex')}`;
    const repos = repositories(azurite.connectionString, prefix);
    await repos.createTables();
    // Requests 1..approvals await a decision; the next `reviewed` are in review.
    const awaiting = Array.from({ length: approvals }, (_, i) => formatReference(YEAR, i + 1));
    const inReview = Array.from({ length: reviewed }, (_, i) => formatReference(YEAR, approvals + i + 1));
    pinSelf(0);
    const seeding = performance.now();
    await saveChats(repos, connector.url, [...OFFICERS, ...DIRECTORS]);
    await seedThroughRepositories(repos, awaiting, 'decision', (i) => ({ officer: officerOf(i), director: directorOf(i) }));
    await seedThroughRepositories(repos, inReview, 'review', (i) => ({ officer: officerOf(approvals + i), director: directorOf(approvals + i) }));
    pinSelf(1);
    log(`  seeded ${approvals} requests awaiting a decision and ${reviewed} in review in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const inspectPort = hasFlag('--heap') ? await freePort() : 0;
    const bot = await startBot(0, azurite.connectionString, prefix, botLog, {}, inspectPort ? [`--inspect=127.0.0.1:${inspectPort}`] : []);
    let heap: HeapProbe | undefined;
    try {
      if (inspectPort) heap = await connectInspector(inspectPort);
      await install(bot.url, connector.url);
      // Warm-up, and a check that the dialogue still ends in a submission.
      const warm = person('0004', 1, 'Warm-up Officer');
      raiserChats.add(personalConversation(warm));
      for (const text of RAISE_SEED_004) await mustPost(bot.url, message(connector.url, warm, text));
      const key = draftKeyIn(connector.recent.get(personalConversation(warm)));
      if (!key) throw new Error(`the dialogue did not end with a summary card to submit from: ${JSON.stringify(connector.recent.get(personalConversation(warm))).slice(0, 500)}`);
      await mustPost(bot.url, submitBody(warm, key));
      if (!JSON.stringify(connector.recent.get(personalConversation(warm))).includes('Submitted as')) throw new Error('the warm-up dialogue was not submitted');
      for (let i = 0; i < 10; i++) await mustPost(bot.url, message(connector.url, OFFICERS[i]!, i % 2 ? 'my requests' : `status ${awaiting[i]}`));
      await settle(bot.pid);
      await settle(azurite.pid);
      const quietLine = await quiet();
      log(`  ${quietLine}`);

      // Load state.
      const raisers = RAISERS.map((user) => ({ user, step: 0, busy: false }));
      let nextRaiser = 0;
      let nextApprove = 0;
      const commentQueue: Array<{ n: number; step: number }> = inReview.map((_, n) => ({ n, step: 0 }));
      let nextQuery = 0;
      let nextStatus = 0;
      const outcomes: Outcome[] = [];
      const skipped: Record<string, number> = {};
      let submitted = 0;
      let dialoguesFailed = 0;
      const errorSamples: string[] = [];
      let inFlight = 0;
      const errorsBefore = connector.errorReplies;

      const record = (kind: Kind, r: Awaited<ReturnType<typeof post>>, expect?: string) => {
        let error = r.error ?? (r.status !== 200 ? `HTTP ${r.status}` : undefined);
        if (!error && expect && !r.text.includes(expect)) error = 'unexpected answer';
        outcomes.push({ kind, ms: r.ms, ...(error ? { error } : {}) });
        if (error && errorSamples.length < 5) errorSamples.push(`${kind}: ${error} ${r.text.slice(0, 160)}`);
        return !error;
      };

      const dialogueTurn = async (): Promise<void> => {
        let raiser;
        for (let i = 0; i < raisers.length && !raiser; i++) {
          const candidate = raisers[(nextRaiser + i) % raisers.length]!;
          if (!candidate.busy) raiser = candidate;
        }
        if (!raiser) return void (skipped.dialogue = (skipped.dialogue ?? 0) + 1);
        nextRaiser = (raisers.indexOf(raiser) + 1) % raisers.length;
        raiser.busy = true;
        try {
          const chat = personalConversation(raiser.user);
          let body: string;
          let submitting = false;
          if (raiser.step < RAISE_SEED_004.length) body = message(connector.url, raiser.user, RAISE_SEED_004[raiser.step]!);
          else {
            const draft = draftKeyIn(connector.recent.get(chat));
            if (!draft) {
              dialoguesFailed++;
              if (errorSamples.length < 5) errorSamples.push(`dialogue: no summary card to submit from: ${JSON.stringify(connector.recent.get(chat)?.at(-1) ?? {}).slice(0, 160)}`);
              raiser.step = 0;
              body = message(connector.url, raiser.user, RAISE_SEED_004[0]!);
            } else {
              submitting = true;
              body = submitBody(raiser.user, draft);
            }
          }
          const ok = record('dialogue', await post(bot.url, body, TIMEOUT_MS));
          if (submitting) {
            if (ok && JSON.stringify(connector.recent.get(chat)?.at(-1) ?? {}).includes('Submitted as')) submitted++;
            else dialoguesFailed++;
            raiser.step = 0;
          } else raiser.step++;
        } finally {
          raiser.busy = false;
        }
      };

      const send = async (kind: Kind): Promise<void> => {
        switch (kind) {
          case 'dialogue':
            return dialogueTurn();
          case 'my requests': {
            const officer = OFFICERS[nextQuery++ % OFFICERS.length]!;
            record(kind, await post(bot.url, message(connector.url, officer, 'my requests'), TIMEOUT_MS));
            return;
          }
          case 'status': {
            const all = awaiting.length + inReview.length;
            const n = (nextStatus++ * 7919) % all;
            const reference = n < awaiting.length ? awaiting[n]! : inReview[n - awaiting.length]!;
            record(kind, await post(bot.url, message(connector.url, officerOf(n), `status ${reference}`), TIMEOUT_MS));
            return;
          }
          case 'comment': {
            const item = commentQueue.shift();
            if (!item) return void (skipped.comment = (skipped.comment ?? 0) + 1);
            const reviewer: User = REVIEWERS[item.step]!;
            const value = click(Verbs.comment, inReview[item.n]!, 3 + item.step, { commentText: `${reviewer.name}: no concerns.` });
            const ok = record(kind, await post(bot.url, invoke(connector.url, reviewer, value), TIMEOUT_MS), 'Your comment is recorded');
            if (ok && item.step < 2) commentQueue.push({ n: item.n, step: item.step + 1 });
            return;
          }
          case 'approve': {
            const n = nextApprove++;
            if (n >= awaiting.length) return void (skipped.approve = (skipped.approve ?? 0) + 1);
            record(kind, await post(bot.url, invoke(connector.url, directorOf(n), click(Verbs.approve, awaiting[n]!, 6)), TIMEOUT_MS), 'You approved this request');
            return;
          }
        }
      };

      // RSS every 10 s.
      const samples: Array<{ t: number; rss: number; azurite: number; cpu: number; done: number; errors: number; heap?: NodeJS.MemoryUsage }> = [];
      const t0 = performance.now();
      let cpuBefore = cpuSeconds(bot.pid);
      const mb = (b: number) => (b / 1e6).toFixed(1);
      const heapText = (h: NodeJS.MemoryUsage | undefined) => (h ? `  heap used ${mb(h.heapUsed)} of ${mb(h.heapTotal)} MB, external ${mb(h.external)} MB` : '');
      const sample = async () => {
        const t = (performance.now() - t0) / 1000;
        const cpu = cpuSeconds(bot.pid);
        const interval = samples.length ? t - samples.at(-1)!.t : 0;
        const h = await heap?.memoryUsage().catch(() => undefined);
        const s = { t, rss: rssMB(bot.pid), azurite: rssMB(azurite.pid), cpu: interval ? (100 * (cpu - cpuBefore)) / interval : 0, done: outcomes.length, errors: outcomes.filter((o) => o.error).length, ...(h ? { heap: h } : {}) };
        cpuBefore = cpu;
        samples.push(s);
        log(`  ${t.toFixed(0).padStart(5)} s  bot RSS ${s.rss.toFixed(1)} MB  (Azurite ${s.azurite.toFixed(0)} MB)  bot CPU ${s.cpu.toFixed(0)}%  answered ${s.done}  errors ${s.errors}  in flight ${inFlight}${heapText(h)}`);
      };
      await sample();
      const sampler = setInterval(() => void sample(), SAMPLE_SECONDS * 1000);

      // Open loop: one activity every 1000/RATE ms, whatever the bot's latency.
      const pending = new Set<Promise<void>>();
      for (let i = 0; i < total; i++) {
        const due = t0 + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        inFlight++;
        const p: Promise<void> = send(order[i % order.length]!).finally(() => {
          inFlight--;
          pending.delete(p);
        });
        pending.add(p);
      }
      const sentSeconds = (performance.now() - t0) / 1000;
      await Promise.all([...pending]);
      clearInterval(sampler);
      await sample();
      let afterGc = '';
      if (heap) {
        await heap.collectGarbage();
        await new Promise((r) => setTimeout(r, 1000));
        const h = await heap.memoryUsage();
        const eachSample = (field: 'heapUsed' | 'heapTotal') => samples.map((x) => (x.heap ? (x.heap[field] / 1e6).toFixed(0) : '?')).join(' ');
        afterGc = `After the load and a forced full garbage collection: RSS ${rssMB(bot.pid).toFixed(1)} MB, V8 heap used ${mb(h.heapUsed)} MB of ${mb(h.heapTotal)} MB, external ${mb(h.external)} MB (array buffers ${mb(h.arrayBuffers)} MB). Heap used at each sample (MB): ${eachSample('heapUsed')}. Heap committed (heapTotal) at each sample (MB): ${eachSample('heapTotal')}.`;
        log(`  ${afterGc}`);
      }

      // Figures.
      const all = samples.map((s) => s.rss);
      const half = samples.filter((s) => s.t >= samples.at(-1)!.t / 2);
      const perMinute = slope(half.map((s) => [s.t / 60, s.rss]));
      const peak = Math.max(...all);
      const errors = outcomes.filter((o) => o.error);
      const botErrors = connector.errorReplies - errorsBefore;
      const byKind = (kind: Kind): Stats => stats(outcomes.filter((o) => o.kind === kind).map((o) => o.ms));
      const errorKinds = Object.entries(errors.reduce<Record<string, number>>((acc, o) => ((acc[`${o.kind}: ${o.error}`] = (acc[`${o.kind}: ${o.error}`] ?? 0) + 1), acc), {}));
      const skippedText = Object.entries(skipped).map(([k, v]) => `${v} ${k}`).join(', ');
      const logLine = logSummary(botLog);
      const rssOk = peak <= 200;
      const flat = perMinute <= FLAT_MB_PER_MINUTE;
      const report = [
        `### Bot memory under mixed load: ${RATE}/s for ${MINUTES} min`,
        '',
        ...machineLines,
        `- ${quietLine}`,
        `- ${outcomes.length.toLocaleString('en-GB')} activities answered of ${total.toLocaleString('en-GB')} sent in ${sentSeconds.toFixed(0)} s (${(outcomes.length / sentSeconds).toFixed(1)}/s); mix of ${MIX_TOTAL}: ${MIX.map(([k, w]) => `${w} ${k}`).join(', ')}${skippedText ? `; not sent (nobody free to send it): ${skippedText}` : ''}`,
        `- ${submitted} requests raised through the dialogue and submitted; seeded beforehand: ${approvals} awaiting a decision, ${reviewed} in review`,
        '',
        '| bot RSS (MB) | start | peak | end | slope, second half | target |',
        '|---|---|---|---|---|---|',
        `| \`${BOT_COMMAND}\` | ${all[0]!.toFixed(1)} | ${peak.toFixed(1)} | ${all.at(-1)!.toFixed(1)} | ${perMinute >= 0 ? '+' : ''}${perMinute.toFixed(2)} MB/min | ≤ 200 MB: ${rssOk ? 'met' : '**not met**'}; not rising (≤ ${FLAT_MB_PER_MINUTE} MB/min): ${flat ? 'met' : '**not met**'} |`,
        '',
        '| kind | answered | p50 | p95 | p99 | max |',
        '|---|---|---|---|---|---|',
        ...MIX.map(([kind]) => {
          const s = byKind(kind);
          return `| ${kind} | ${s.n} | ${s.p50.toFixed(1)} ms | ${s.p95.toFixed(1)} ms | ${s.p99.toFixed(1)} ms | ${s.max.toFixed(1)} ms |`;
        }),
        '',
        `Errors: ${errors.length} failed or unexpected answers${errorKinds.length ? ` (${errorKinds.map(([k, v]) => `${v} ${k}`).join('; ')})` : ''}; ${botErrors} apologies from the bot; ${dialoguesFailed} dialogues that did not end in a submission.${errorSamples.length ? ` First: ${errorSamples.join(' | ')}` : ''}`,
        '',
        `Bot log: ${logLine.warnings} warnings, ${logLine.errors} errors${logLine.warnings + logLine.errors ? ` (${logLine.events})` : ''}.`,
        '',
        `RSS samples (every ${SAMPLE_SECONDS} s, MB): ${samples.map((s) => s.rss.toFixed(0)).join(' ')}`,
        ...(afterGc ? ['', afterGc] : []),
      ];
      log(`\nDone in ${((Date.now() - began) / 1000).toFixed(0)} s. Markdown:\n`);
      log(report.join('\n'));
    } finally {
      heap?.close();
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
