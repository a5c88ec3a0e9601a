/**
 * The bot's memory under a steady mixed load (npm run bench:memory). Target: ten minutes
 * at 20 activities a second with resident memory at most 200 MB and not rising.
 *
 *   core 0: the bot (`node dist/bot/index.js`, local mode, production options), alone, so
 *           its resident memory (RSS, /proc/<pid>/status) is its own;
 *   core 1: Azurite and this script: the load (open loop, activities shaped as Teams sends
 *           them) and the Teams connector the bot replies to.
 *
 * The mix, of 20: 11 dialogue turns (16 officers raising seed 004 through the whole
 * dialogue and submitting from the summary card, over and over, one turn in flight each),
 * 3 `my requests`, 3 `status ECR-…`, 2 reviewer comments on requests seeded in review,
 * 1 director's approval of a request seeded at awaiting_decision. RSS is sampled every
 * 10 s; "not rising" is a least-squares slope over the second half under 0.5 MB a minute.
 *
 * Options: --minutes 10 --rate 20
 */
import { join } from 'node:path';
import { Verbs } from '../cards/verbs';
import { PEOPLE, RAISE_SEED_004 } from '../fixtures/seed-004';
import { startRecordingConnector } from './connector';
import {
  activity,
  BOT_COMMAND,
  cpuSeconds,
  install,
  invoke,
  log,
  logSummary,
  machine,
  message,
  mustPost,
  numberFlag,
  person,
  personalConversation,
  pinSelf,
  post,
  quiet,
  rssMB,
  run,
  settle,
  sleep,
  startAzurite,
  startBot,
  stats,
  type Posted,
  type User,
} from './harness';
import { directorOf, officerOf, OFFICERS, referenceOf, seed } from './seed';

const MINUTES = numberFlag('--minutes', 10);
const RATE = numberFlag('--rate', 20);
const SAMPLE_SECONDS = 10;
const TIMEOUT_MS = 10_000;
const FLAT_MB_PER_MINUTE = 0.5;

type Kind = 'dialogue' | 'my requests' | 'status' | 'comment' | 'approve';
/** The mix, as a smooth repeating order of 20 (weighted round robin). */
const WEIGHTS: ReadonlyArray<[Kind, number]> = [
  ['dialogue', 11],
  ['my requests', 3],
  ['status', 3],
  ['comment', 2],
  ['approve', 1],
];
const ORDER: Kind[] = (() => {
  const total = WEIGHTS.reduce((a, [, w]) => a + w, 0);
  const current = new Map<Kind, number>(WEIGHTS.map(([k]) => [k, 0]));
  return Array.from({ length: total }, () => {
    for (const [k, w] of WEIGHTS) current.set(k, current.get(k)! + w);
    const [best] = [...current.entries()].sort((a, b) => b[1] - a[1])[0]!;
    current.set(best, current.get(best)! - total);
    return best;
  });
})();

const RAISERS = Array.from({ length: 16 }, (_, i) => person('0003', i + 1, `Raising Officer ${i + 1}`));
const REVIEWERS = [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal] as const;

/** The least-squares slope of y over x. */
function slope(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den ? num / den : NaN;
}

/** The draft the officer's summary card submits (the last message the connector got in their chat). */
/** The draft and revision the last summary card's Submit (Action.Execute) carries. */
const draftKeyIn = (body: unknown): { draft: string; version: number } | undefined => {
  const m = /"verb":"draft\.submit"[^}]*"draft":"([0-9a-z]+)","version":(\d+)/.exec(JSON.stringify(body ?? {}));
  return m ? { draft: m[1]!, version: Number(m[2]) } : undefined;
};

async function main(work: string): Promise<void> {
  pinSelf(1);
  const botLog = join(work, 'bot.log');
  const raiserChats = new Set(RAISERS.map(personalConversation));
  const connector = await startRecordingConnector({ remember: (id) => raiserChats.has(id) });
  const serviceUrl = connector.url;
  const total = Math.round(RATE * MINUTES * 60);
  const needed = (kind: Kind) => ORDER.filter((k) => k === kind).length * Math.ceil(total / ORDER.length);
  const awaiting = needed('approve') + 20;
  const inReview = Math.ceil(needed('comment') / 3) + 20;
  for (const line of machine()) log(line);
  log(
    `Mixed load at ${RATE}/s for ${MINUTES} min (${total} activities); bot on core 0, Azurite and this script on core 1. Mix of 20: ${WEIGHTS.map(([k, w]) => `${w} ${k}`).join(', ')}.`,
  );
  const azurite = await startAzurite(1);
  const prefix = `me${Date.now().toString(36)}`;
  // Requests 0..awaiting-1 await a decision; the next `inReview` are in review.
  pinSelf(0);
  await seed(azurite.connectionString, prefix, serviceUrl, [
    { stage: 'decision', from: 0, count: awaiting },
    { stage: 'review', from: awaiting, count: inReview },
  ]);
  pinSelf(1);
  const bot = await startBot(0, azurite.connectionString, prefix, botLog);
  await install(bot.url, serviceUrl);

  const submitBody = (user: User, data: { draft: string; version: number }) =>
    JSON.stringify(
      activity(serviceUrl, 'invoke', user, { name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'draft.submit', data } } }),
    );
  const lastTo = (user: User) => connector.recent.get(personalConversation(user));
  // Warm-up, and a check that the dialogue still ends in a submission.
  const warm = person('0004', 1, 'Warm-up Officer');
  raiserChats.add(personalConversation(warm));
  for (const text of RAISE_SEED_004) await mustPost(bot.url, message(serviceUrl, warm, text));
  const key = draftKeyIn(lastTo(warm));
  if (!key) throw new Error(`the dialogue did not end with a summary card to submit from: ${JSON.stringify(lastTo(warm)).slice(0, 500)}`);
  await mustPost(bot.url, submitBody(warm, key));
  if (!JSON.stringify(lastTo(warm)).includes('Submitted as')) throw new Error('the warm-up dialogue was not submitted');
  await settle(bot.pid);
  await settle(azurite.pid);
  const quietLine = await quiet();
  log(`  ${quietLine}`);

  const outcomes: Array<{ kind: Kind; ms: number; error?: string }> = [];
  const errorSamples: string[] = [];
  const record = (kind: Kind, r: Posted, expect?: string): boolean => {
    const error = r.error ?? (r.status !== 200 ? `HTTP ${r.status}` : expect && !r.text.includes(expect) ? 'unexpected answer' : undefined);
    outcomes.push({ kind, ms: r.ms, ...(error ? { error } : {}) });
    if (error && errorSamples.length < 5) errorSamples.push(`${kind}: ${error} ${r.text.slice(0, 160)}`);
    return !error;
  };

  const raisers = RAISERS.map((user) => ({ user, step: 0, busy: false }));
  const comments = Array.from({ length: inReview }, (_, i) => ({ n: awaiting + i, step: 0 }));
  const counters = { raiser: 0, approve: 0, query: 0, status: 0, submitted: 0, failedDialogues: 0, skipped: 0 };
  const dialogueTurn = async (): Promise<void> => {
    const raiser = [...raisers.slice(counters.raiser), ...raisers.slice(0, counters.raiser)].find((r) => !r.busy);
    if (!raiser) return void counters.skipped++;
    counters.raiser = (raisers.indexOf(raiser) + 1) % raisers.length;
    raiser.busy = true;
    const draft = raiser.step >= RAISE_SEED_004.length ? draftKeyIn(lastTo(raiser.user)) : undefined;
    if (raiser.step >= RAISE_SEED_004.length && !draft) {
      counters.failedDialogues++;
      raiser.step = 0;
    }
    const ok = record(
      'dialogue',
      await post(bot.url, draft ? submitBody(raiser.user, draft) : message(serviceUrl, raiser.user, RAISE_SEED_004[raiser.step]!), TIMEOUT_MS),
    );
    if (draft) {
      if (ok && JSON.stringify(lastTo(raiser.user)?.at(-1) ?? {}).includes('Submitted as')) counters.submitted++;
      else counters.failedDialogues++;
      raiser.step = 0;
    } else raiser.step++;
    raiser.busy = false;
  };
  const send = async (kind: Kind): Promise<void> => {
    if (kind === 'dialogue') return dialogueTurn();
    if (kind === 'my requests')
      return void record(kind, await post(bot.url, message(serviceUrl, OFFICERS[counters.query++ % OFFICERS.length]!, 'my requests'), TIMEOUT_MS));
    if (kind === 'status') {
      const n = (counters.status++ * 7919) % (awaiting + inReview);
      return void record(kind, await post(bot.url, message(serviceUrl, officerOf(n), `status ${referenceOf(n)}`), TIMEOUT_MS));
    }
    if (kind === 'comment') {
      const item = comments.shift();
      if (!item) return void counters.skipped++;
      const reviewer = REVIEWERS[item.step]!;
      const ok = record(
        kind,
        await post(
          bot.url,
          invoke(serviceUrl, reviewer, Verbs.comment, referenceOf(item.n), 3 + item.step, { commentText: `${reviewer.name}: no concerns.` }),
          TIMEOUT_MS,
        ),
        'Your comment is recorded',
      );
      if (ok && item.step < 2) comments.push({ n: item.n, step: item.step + 1 });
      return;
    }
    const n = counters.approve++;
    if (n >= awaiting) return void counters.skipped++;
    record(kind, await post(bot.url, invoke(serviceUrl, directorOf(n), Verbs.approve, referenceOf(n), 6), TIMEOUT_MS), 'You approved this request');
  };

  const samples: Array<{ t: number; rss: number }> = [];
  const t0 = performance.now();
  let cpuBefore = cpuSeconds(bot.pid);
  const sample = () => {
    const t = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(bot.pid);
    const busy = samples.length ? (100 * (cpu - cpuBefore)) / (t - samples.at(-1)!.t) : 0;
    cpuBefore = cpu;
    samples.push({ t, rss: rssMB(bot.pid) });
    log(
      `  ${t.toFixed(0).padStart(5)} s  bot RSS ${samples.at(-1)!.rss.toFixed(1)} MB  bot CPU ${busy.toFixed(0)}%  answered ${outcomes.length}  errors ${outcomes.filter((o) => o.error).length}`,
    );
  };
  sample();
  const sampler = setInterval(sample, SAMPLE_SECONDS * 1000);
  // Open loop: one activity every 1000/RATE ms, whatever the bot's latency.
  const pending: Array<Promise<void>> = [];
  for (let i = 0; i < total; i++) {
    const wait = t0 + (i * 1000) / RATE - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(ORDER[i % ORDER.length]!));
  }
  const sentSeconds = (performance.now() - t0) / 1000;
  await Promise.all(pending);
  clearInterval(sampler);
  sample();

  const rss = samples.map((s) => s.rss);
  const perMinute = slope(samples.filter((s) => s.t >= samples.at(-1)!.t / 2).map((s) => [s.t / 60, s.rss]));
  const peak = Math.max(...rss);
  const errors = outcomes.filter((o) => o.error).length;
  const f = (v: number) => `${v.toFixed(1)} ms`;
  log(`\n### Bot memory under mixed load: ${RATE}/s for ${MINUTES} min\n`);
  log([...machine(), `- ${quietLine}`, `- \`${BOT_COMMAND}\``].join('\n'));
  log(
    `- ${outcomes.length} of ${total} activities answered in ${sentSeconds.toFixed(0)} s; ${counters.submitted} requests raised and submitted through the dialogue; ${counters.skipped} not sent (nobody free to send them)`,
  );
  log(
    `- bot RSS: start ${rss[0]!.toFixed(1)} MB, peak ${peak.toFixed(1)} MB, end ${rss.at(-1)!.toFixed(1)} MB; second-half slope ${perMinute >= 0 ? '+' : ''}${perMinute.toFixed(2)} MB/min. Target ≤ 200 MB: ${peak <= 200 ? 'met' : 'NOT MET'}; not rising (≤ ${FLAT_MB_PER_MINUTE} MB/min): ${perMinute <= FLAT_MB_PER_MINUTE ? 'met' : 'NOT MET'}`,
  );
  for (const [kind] of WEIGHTS) {
    const s = stats(outcomes.filter((o) => o.kind === kind).map((o) => o.ms));
    log(`- ${kind}: n=${s.n} p50 ${f(s.p50)}, p95 ${f(s.p95)}, p99 ${f(s.p99)}, max ${f(s.max)}`);
  }
  log(
    `- errors: ${errors} failed or unexpected answers, ${connector.errorReplies} apologies, ${counters.failedDialogues} dialogues not ending in a submission${errorSamples.length ? `; first: ${errorSamples.join(' | ')}` : ''}`,
  );
  log(`- ${logSummary(botLog)}`);
  log(`- RSS every ${SAMPLE_SECONDS} s (MB): ${rss.map((v) => v.toFixed(0)).join(' ')}`);
  await connector.close();
}

run('memory', main);
