/**
 * "my requests" and "status" as the Requests table grows (npm run bench:scale).
 *
 *   core 0: the two bots, `node dist/bot/index.js` (local mode, no auth), each its own process;
 *   core 1: Azurite (azurite-table --inMemoryPersistence) and this script, which sends
 *           the activities and plays the Teams connector (while seeding, before the bots
 *           start, this script moves to core 0 and leaves core 1 to Azurite).
 *
 * One Azurite holds two sets of tables: 100 stored requests (2 officers) and 100,000
 * (2,000 officers, 50 each). Two bots, one on each set, share core 0. In each set one
 * officer with 50 requests types `my requests` 1,000 times, then `status ECR-…` 1,000 times
 * (over their 50 requests), one at a time, as Teams sends them, the two bots taking turns
 * command by command (which goes first alternates). Each latency is the whole HTTP
 * exchange, the bot's reply to the connector included. Taking turns on one emulator is
 * what makes the comparison about the size of the table the commands read: the machine's
 * drift over minutes (large on this VM) and the emulator's heap (1 GB with 100,000
 * requests, which slows every call it serves, whatever table) are the same for both.
 * Each bot's CPU time over a block gives its cost per command.
 *
 * Then the same two reads go straight to the storage repositories, with no bot:
 * DraftRepository.listForOwner (the officer's list rows, read by key, behind `my requests`)
 * and RequestStore.get (the point read behind `status`).
 *
 * Seeding. The 100 are written through the repositories exactly as seedAwaitingDecision
 * does (draft, then submitDraft). The 100,000 are written in the same layout, straight
 * as batch transactions, 32 at a time: one per request partition (request row + audit
 * row, as submitDraft writes them) and one per officer for their two list rows
 * (requestListRows); the draft create/claim/delete that submitDraft adds would quadruple
 * the writes. The script checks that the bulk rows have the shape the repository wrote in
 * the first run, and reads them back through the repositories.
 *
 * Options: --requests 100000 --officers 2000 --samples 1000 --concurrency 32 --bot dist/bot/index.js
 *          --log <file> (keep the bot's log)
 *
 * Azurite (LokiTableMetadataStore) answers any query by running a JS predicate over every
 * entity of the table, even for a single-partition filter, which is why "my requests"
 * reads list rows by key rather than querying the officer's partition. Its point reads
 * use findOne({ RowKey, PartitionKey }): LokiJS takes the RowKey index, then checks the
 * PartitionKey of every row with that RowKey, so every RowKey here is unique to its row.
 * The CPU figures separate the emulator's share from the bot's.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransactionAction } from '@azure/data-tables';
import { formatReference } from '../domain/reference';
import { toChunks } from '../storage/chunked-json';
import { requestListRows } from '../storage/officer-listing';
import { auditRowKey, ownerPartition, requestRowKey } from '../storage/request-repository';
import {
  botLogFile, cpuSeconds, log, logSummary, machine, message, ms, mustPost, numberFlag, parallel, person, personalConversation, pinSelf, quiet, repositories, rssMB, saveChats,
  seedThroughRepositories, settle, startAzurite, startBot, stats, statsLine, stop, stopAll, TENANT, workflowAt, YEAR, SEED_004, type Repositories, type Stats, type User,
} from './bench-support/harness';
import { startRecordingConnector, type RecordingConnector } from './bench-support/recording-connector';

const LARGE = Math.floor(numberFlag('--requests', 100_000));
const LARGE_OFFICERS = Math.floor(numberFlag('--officers', 2_000));
// 1,000, not 200: at 200 a p99 is the slowest two commands, and one stall decided the ratio.
const SAMPLES = Math.floor(numberFlag('--samples', 1000));
const CONCURRENCY = Math.floor(numberFlag('--concurrency', 32));
const DIRECTORS = Array.from({ length: 40 }, (_, i) => person('0002', i + 1, `Director ${i + 1}`));
const officer = (i: number): User => person('0001', i + 1, `Officer ${i + 1}`);

interface TableSet {
  label: string;
  requests: number;
  officers: number;
  entities: number;
  seedSeconds: number;
  prefix: string;
  repos: Repositories;
  /** Columns of a request row, an audit row and the list rows, for the layout check. */
  columns: Record<string, string>;
}

interface Measured {
  list: Stats;
  status: Stats;
  /** The bot's CPU milliseconds per command. */
  listCpu: number;
  statusCpu: number;
  direct: { list: Stats; get: Stats; listAzuriteCpu: number; getAzuriteCpu: number; listed: number };
}

/** Request i (0-based) of officer o is ECR-YEAR-(o*per + i + 1). */
const referenceOf = (officerIndex: number, perOfficer: number, i: number) => formatReference(YEAR, officerIndex * perOfficer + i + 1);

/** Columns of the rows a stored request consists of, as the repository (or the bulk seed) wrote them. */
async function columnsOf(repos: Repositories, owner: User, reference: string): Promise<Record<string, string>> {
  const names = (e: object) => Object.keys(e).filter((k) => !['etag', 'timestamp', 'partitionKey', 'rowKey'].includes(k)).sort().join(',');
  const pk = `r_${reference}`;
  const request = await repos.requestsTable.getEntity(pk, requestRowKey(reference));
  const audit: object[] = [];
  for await (const e of repos.requestsTable.listEntities({ queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey ge 'a_' and RowKey lt 'a_~'` } })) audit.push(e);
  // The officer's list rows, with each request's property name and value reduced to their shape.
  const ownerPk = ownerPartition({ tenantId: TENANT, aadObjectId: owner.aadObjectId });
  const list: string[] = [];
  for await (const e of repos.requestsTable.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${ownerPk}' and RowKey ge 'list_' and RowKey lt 'list_~'` } })) {
    const shape = Object.entries(e).filter(([k]) => /^[dry]_/.test(k)).map(([k, v]) => `${k.replace(/\d+/g, 'N')}=${typeof v === 'string' ? Object.keys(JSON.parse(v) as object).join('+') : typeof v}`);
    list.push(`${(e.rowKey ?? "").replace(/\d{4}_o_.*|o_.*/, '…')}: ${[...new Set(shape)].sort().join(',')}`);
  }
  return { request: names(request), audit: audit.map(names).join(' | '), list: list.join(' | ') };
}

/**
 * Writes `count` requests for `officers` officers in the repository's layout, as batch
 * transactions, `CONCURRENCY` at a time: per request its partition (request row + audit
 * row, one transaction, as RequestStore.submitDraft writes it), per officer the index
 * rows of "my requests" (transactions of up to 100 rows).
 */
async function bulkSeed(repos: Repositories, count: number, officers: number): Promise<void> {
  const per = Math.ceil(count / officers);
  const at = new Date().toISOString();
  const title = SEED_004.title ?? '';
  type Job = () => Promise<unknown>;
  const jobs: Job[] = [];
  for (let o = 0; o < officers; o++) {
    const owner = officer(o);
    const ownerPk = ownerPartition({ tenantId: TENANT, aadObjectId: owner.aadObjectId });
    const workflow = workflowAt('decision', owner, DIRECTORS[o % DIRECTORS.length]!);
    const chunks = toChunks({ content: SEED_004, workflow });
    const refs = Array.from({ length: Math.min(per, count - o * per) }, (_, i) => referenceOf(o, per, i));
    if (!refs.length) break;
    for (const reference of refs) {
      const pk = `r_${reference}`;
      jobs.push(() =>
        repos.requestsTable.submitTransaction([
          ['create', { partitionKey: pk, rowKey: requestRowKey(reference), status: workflow.status, version: workflow.version, title, owner: ownerPk, updatedAt: at, ...chunks }],
          ['create', { partitionKey: pk, rowKey: auditRowKey(reference, workflow.version, 0), at, entry: JSON.stringify({ action: 'seeded' }) }],
        ]),
      );
    }
    const listRows = requestListRows(ownerPk, refs.map((reference) => ({ reference, title, status: workflow.status, updatedAt: at })));
    jobs.push(() => repos.requestsTable.submitTransaction(listRows.map((row): TransactionAction => ['upsert', row, 'Replace'])));
  }
  const started = performance.now();
  let done = 0;
  let lastReport = started;
  await parallel(jobs, CONCURRENCY, async (job) => {
    await job();
    done++;
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      log(`    ${done.toLocaleString('en-GB')} of ${jobs.length.toLocaleString('en-GB')} transactions after ${((lastReport - started) / 1000).toFixed(0)} s`);
    }
  });
}

async function seedSet(label: string, requests: number, officers: number, connectionString: string, connector: RecordingConnector, bulk: boolean): Promise<TableSet> {
  log(`\n${label}: ${requests.toLocaleString('en-GB')} requests from ${officers.toLocaleString('en-GB')} officers`);
  const prefix = `sc${randomBytes(4).toString('hex')}`;
  const repos = repositories(connectionString, prefix);
  await repos.createTables();
  const me = officer(0);
  const per = Math.ceil(requests / officers);
  // Seeding: the bots are not running yet, so this script takes core 0 and Azurite has core 1.
  pinSelf(0);
  const seeding = performance.now();
  await saveChats(repos, connector.url, [me]);
  if (bulk) await bulkSeed(repos, requests, officers);
  else {
    const refs = Array.from({ length: requests }, (_, n) => formatReference(YEAR, n + 1));
    await seedThroughRepositories(repos, refs, 'decision', (n) => ({ officer: officer(Math.floor(n / per)), director: DIRECTORS[Math.floor(n / per) % DIRECTORS.length]! }));
  }
  const seedSeconds = (performance.now() - seeding) / 1000;
  pinSelf(1);
  const entities = requests * 2 + officers * 2; // a request row and an audit row in its partition; two list rows in its officer's
  log(`  seeded in ${seedSeconds.toFixed(1)} s (${bulk ? 'bulk batch transactions' : 'through the repositories'}); Requests table: ${entities.toLocaleString('en-GB')} entities`);

  // The officer's 50 requests, read back through the repositories.
  const listed = await repos.drafts.listForOwner({ tenantId: TENANT, aadObjectId: me.aadObjectId });
  if (listed.requests.length !== per) throw new Error(`listForOwner returned ${listed.requests.length} requests, expected ${per}`);
  const sample = await repos.requests.get(referenceOf(0, per, per - 1));
  if (!sample || sample.workflow.status !== 'awaiting_decision') throw new Error(`seeded request reads back as ${sample?.workflow.status}`);
  return { label, requests, officers, entities, seedSeconds, prefix, repos, columns: await columnsOf(repos, me, referenceOf(0, per, 0)) };
}

const PER = 50;
const statusText = (k: number) => `status ${referenceOf(0, PER, k % PER)}`;

/** Both sets, command by command in turn, through their bots; then straight from the repositories. */
async function measure(sets: readonly [TableSet, TableSet], azurite: { pid: number; connectionString: string }, connector: RecordingConnector, botLog: string): Promise<{ quietLine: string; errors: number; results: [Measured, Measured] }> {
  const me = officer(0);
  const conversation = personalConversation(me);
  const bots = [await startBot(0, azurite.connectionString, sets[0].prefix, botLog), await startBot(0, azurite.connectionString, sets[1].prefix, botLog)] as const;
  try {
    for (const bot of bots) {
      for (let w = 0; w < 20; w++) {
        await mustPost(bot.url, message(connector.url, me, 'my requests'));
        await mustPost(bot.url, message(connector.url, me, statusText(w)));
      }
      const reply = JSON.stringify(connector.recent.get(conversation)?.at(-1) ?? {});
      if (!reply.includes(referenceOf(0, PER, 19))) throw new Error(`status reply does not show the request: ${reply.slice(0, 300)}`);
      await settle(bot.pid);
    }
    await settle(azurite.pid);
    const quietLine = await quiet();
    log(`  ${quietLine}`);
    const errorsBefore = connector.errorReplies;

    /** SAMPLES commands to each bot, taking turns; the check is the text each reply must hold. */
    const block = async (text: (k: number) => string, check: (k: number) => string): Promise<Array<{ s: Stats; cpu: number }>> => {
      const samples: number[][] = [[], []];
      const c0 = bots.map((b) => cpuSeconds(b.pid));
      for (let k = 0; k < SAMPLES; k++) {
        for (const side of k % 2 ? [1, 0] : [0, 1]) {
          samples[side]!.push((await mustPost(bots[side]!.url, message(connector.url, me, text(k)))).ms);
          const last = JSON.stringify(connector.recent.get(conversation)?.at(-1) ?? {});
          if (!last.includes(check(k))) throw new Error(`unexpected reply from the ${sets[side]!.label}: ${last.slice(0, 300)}`);
        }
      }
      return bots.map((b, side) => ({ s: stats(samples[side]!), cpu: (1000 * (cpuSeconds(b.pid) - c0[side]!)) / SAMPLES }));
    };
    const list = await block(() => 'my requests', () => referenceOf(0, PER, PER - 1));
    const status = await block(statusText, (k) => referenceOf(0, PER, k % PER));
    const errors = connector.errorReplies - errorsBefore;
    sets.forEach((set, side) => {
      log(`  ${set.label}: ${statsLine('my requests', list[side]!.s)}; bot CPU ${ms(list[side]!.cpu)} a command`);
      log(`  ${set.label}: ${statsLine('status ECR-…', status[side]!.s)}; bot CPU ${ms(status[side]!.cpu)} a command`);
    });

    // The same reads straight against the repositories, no bot: a block for each set, so
    // that Azurite's CPU over the block is that set's.
    const owner = { tenantId: TENANT, aadObjectId: me.aadObjectId };
    const timed = async <T>(f: (k: number) => Promise<T>): Promise<{ s: Stats; azuriteCpu: number; last: T }> => {
      const samples: number[] = [];
      let last!: T;
      const c0 = cpuSeconds(azurite.pid);
      for (let k = 0; k < SAMPLES; k++) {
        const t = performance.now();
        last = await f(k);
        samples.push(performance.now() - t);
      }
      return { s: stats(samples), azuriteCpu: (1000 * (cpuSeconds(azurite.pid) - c0)) / SAMPLES, last };
    };
    const direct: Measured['direct'][] = [];
    for (const set of sets) {
      for (let w = 0; w < 20; w++) await set.repos.drafts.listForOwner(owner);
      const directList = await timed(() => set.repos.drafts.listForOwner(owner));
      const directGet = await timed((k) => set.repos.requests.get(referenceOf(0, PER, k % PER)));
      log(`  ${set.label}: ${statsLine('direct listForOwner', directList.s)}, Azurite CPU ${ms(directList.azuriteCpu)}; ${statsLine('direct RequestStore.get', directGet.s)}, Azurite CPU ${ms(directGet.azuriteCpu)}`);
      direct.push({ list: directList.s, get: directGet.s, listAzuriteCpu: directList.azuriteCpu, getAzuriteCpu: directGet.azuriteCpu, listed: directList.last.requests.length });
    }
    const results = [0, 1].map((side) => ({ list: list[side]!.s, status: status[side]!.s, listCpu: list[side]!.cpu, statusCpu: status[side]!.cpu, direct: direct[side]! })) as [Measured, Measured];
    return { quietLine, errors, results };
  } finally {
    for (const bot of bots) await stop(bot.child);
  }
}

const botLogLine = (file: string) => {
  const l = logSummary(file);
  return `${l.warnings} warnings, ${l.errors} errors${l.warnings + l.errors ? ` (${l.events})` : ''}`;
};
const triple = (s: Stats) => `${s.p50.toFixed(1)} / ${s.p95.toFixed(1)} / ${s.p99.toFixed(1)} ms`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

async function main(): Promise<void> {
  pinSelf(1);
  const began = Date.now();
  const machineLines = machine();
  const work = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const botLog = botLogFile(work);
  const connector = await startRecordingConnector({ remember: (id) => id.startsWith('a:personal-') });
  if (Math.ceil(LARGE / LARGE_OFFICERS) !== PER) throw new Error(`--requests / --officers must be ${PER} requests an officer, as in the small set`);
  try {
    log(`"my requests" and "status" with 100 and ${LARGE.toLocaleString('en-GB')} stored requests in one Azurite; two bots on core 0, Azurite and this script on core 1; ${SAMPLES} sequential requests each, taking turns.`);
    const azurite = await startAzurite(1, work);
    const small = await seedSet('Small set', 100, 2, azurite.connectionString, connector, false);
    const large = await seedSet('Large set', LARGE, LARGE_OFFICERS, azurite.connectionString, connector, true);
    const azuriteRss = rssMB(azurite.pid);
    const layoutSame = Object.keys(small.columns).every((k) => small.columns[k] === large.columns[k]);
    if (!layoutSame) log(`WARNING: bulk rows differ from the repository's: ${JSON.stringify({ repository: small.columns, bulk: large.columns })}`);
    const { quietLine, errors, results } = await measure([small, large], azurite, connector, botLog);
    const [s, l] = results;

    const within = (a: Stats, b: Stats) => (['p50', 'p95', 'p99'] as const).every((p) => b[p] <= 1.25 * a[p]);
    const row = (set: TableSet, m: Measured) =>
      `| ${set.requests.toLocaleString('en-GB')} (${set.officers.toLocaleString('en-GB')} officers) | ${set.seedSeconds.toFixed(1)} s | ${triple(m.list)} | ${triple(m.status)} | ${ms(m.listCpu)} | ${ms(m.statusCpu)} |`;
    const directRow = (set: TableSet, m: Measured) =>
      `| ${set.requests.toLocaleString('en-GB')} | ${set.entities.toLocaleString('en-GB')} | ${triple(m.direct.list)} | ${m.direct.listed} | ${ms(m.direct.listAzuriteCpu)} | ${triple(m.direct.get)} | ${ms(m.direct.getAzuriteCpu)} |`;
    const report = [
      `### "my requests" and "status": 100 vs ${LARGE.toLocaleString('en-GB')} stored requests`,
      '',
      ...machineLines,
      `- ${quietLine}`,
      `- ${SAMPLES} sequential commands of each kind from one officer with 50 requests, to the bot on each set in turn (bots on core 0; Azurite and the sender on core 1). Errors (apologies from the bots): ${errors}. Bot log: ${botLogLine(botLog)}.`,
      `- Seeding: 100 through the repositories; ${LARGE.toLocaleString('en-GB')} as batch transactions in the repository's layout, ${CONCURRENCY} at a time (rows ${layoutSame ? 'of the same shape as' : '**different from**'} the repository's). Azurite's resident memory with both sets: ${azuriteRss.toFixed(0)} MB.`,
      '',
      '| stored requests | seeding | my requests p50 / p95 / p99 | status p50 / p95 / p99 | bot CPU per my requests | bot CPU per status |',
      '|---|---|---|---|---|---|',
      row(small, s),
      row(large, l),
      `| ratio | | ${ratio(l.list.p50, s.list.p50)} / ${ratio(l.list.p95, s.list.p95)} / ${ratio(l.list.p99, s.list.p99)} | ${ratio(l.status.p50, s.status.p50)} / ${ratio(l.status.p95, s.status.p95)} / ${ratio(l.status.p99, s.status.p99)} | ${ratio(l.listCpu, s.listCpu)} | ${ratio(l.statusCpu, s.statusCpu)} |`,
      '',
      `Target (within 1.25× of the 100-request figures at p50, p95 and p99): my requests ${within(s.list, l.list) ? 'met' : '**not met**'}, status ${within(s.status, l.status) ? 'met' : '**not met**'}.`,
      '',
      'The same reads straight against the storage repositories (no bot), a block for each set:',
      '',
      '| stored requests | entities in the table | listForOwner p50 / p95 / p99 | requests listed | Azurite CPU per listing | RequestStore.get p50 / p95 / p99 | Azurite CPU per read |',
      '|---|---|---|---|---|---|---|',
      directRow(small, s),
      directRow(large, l),
      '',
      `Both are reads by key (\`my requests\`: the officer's list row, then the row of each year listed; \`status\`: the request row). Azurite's CPU per listing went from ${ms(s.direct.listAzuriteCpu)} to ${ms(l.direct.listAzuriteCpu)} (${ratio(l.direct.listAzuriteCpu, s.direct.listAzuriteCpu)}), per request read from ${ms(s.direct.getAzuriteCpu)} to ${ms(l.direct.getAzuriteCpu)} (${ratio(l.direct.getAzuriteCpu, s.direct.getAzuriteCpu)}).`,
    ];
    log(`\nDone in ${((Date.now() - began) / 1000).toFixed(0)} s. Markdown:\n`);
    log(report.join('\n'));
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
