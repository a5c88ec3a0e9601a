/**
 * "my requests" and "status" as the Requests table grows (npm run bench:scale).
 *
 *   core 0: the bot, `node dist/bot/index.js` (local mode, no auth), its own process;
 *   core 1: Azurite (azurite-table --inMemoryPersistence) and this script, which sends
 *           the activities and plays the Teams connector (while seeding, before the bot
 *           starts, this script moves to core 0 and leaves core 1 to Azurite).
 *
 * Two runs, each on a fresh Azurite: 100 stored requests (2 officers), then 100,000
 * (2,000 officers, 50 each). In each, one officer with 50 requests types `my requests`
 * 200 times, then `status ECR-…` 200 times (over their 50 requests), one at a time, as
 * Teams sends them; each latency is the whole HTTP exchange, the bot's reply to the
 * connector included. The bot's and Azurite's CPU time over each block give the cost of
 * one command on each side.
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
 * Options: --requests 100000 --officers 2000 --samples 200 --concurrency 32 --bot dist/bot/index.js
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
  cpuSeconds, log, logSummary, machine, message, ms, stringFlag, mustPost, numberFlag, parallel, person, personalConversation, pinSelf, quiet, repositories, rssMB, saveChats,
  seedThroughRepositories, settle, startAzurite, startBot, stats, statsLine, stop, stopAll, TENANT, workflowAt, YEAR, SEED_004, type Repositories, type Stats, type User,
} from './bench-support/harness';
import { startRecordingConnector, type RecordingConnector } from './bench-support/recording-connector';

const LARGE = Math.floor(numberFlag('--requests', 100_000));
const LARGE_OFFICERS = Math.floor(numberFlag('--officers', 2_000));
const SAMPLES = Math.floor(numberFlag('--samples', 200));
const CONCURRENCY = Math.floor(numberFlag('--concurrency', 32));
const DIRECTORS = Array.from({ length: 40 }, (_, i) => person('0002', i + 1, `Director ${i + 1}`));
const officer = (i: number): User => person('0001', i + 1, `Officer ${i + 1}`);

interface Phase {
  label: string;
  requests: number;
  officers: number;
  entities: number;
  seedSeconds: number;
  azuriteRssMB: number;
  quietLine: string;
  list: Stats;
  status: Stats;
  /** CPU milliseconds per command: bot, Azurite. */
  listCpu: [number, number];
  statusCpu: [number, number];
  direct: { list: Stats; get: Stats; listAzuriteCpu: number; getAzuriteCpu: number; entitiesReturned: number; partitionEntities: number };
  /** Columns of a request row, an audit row and an index row, for the layout check. */
  columns: Record<string, string>;
  errors: number;
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

async function runPhase(label: string, requests: number, officers: number, connector: RecordingConnector, work: string, botLog: string, bulk: boolean): Promise<Phase> {
  log(`\n${label}: ${requests.toLocaleString('en-GB')} requests from ${officers.toLocaleString('en-GB')} officers`);
  const azurite = await startAzurite(1, work);
  try {
    const prefix = `sc${randomBytes(4).toString('hex')}`;
    const repos = repositories(azurite.connectionString, prefix);
    await repos.createTables();
    const me = officer(0);
    const per = Math.ceil(requests / officers);
    // Seeding: the bot is not running yet, so this script takes core 0 and Azurite has core 1.
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
    log(`  seeded in ${seedSeconds.toFixed(1)} s (${bulk ? 'bulk batch transactions' : 'through the repositories'}); Requests table: ${entities.toLocaleString('en-GB')} entities; Azurite RSS ${rssMB(azurite.pid).toFixed(0)} MB`);

    // The officer's 50 requests, read back through the repositories.
    const listed = await repos.drafts.listForOwner({ tenantId: TENANT, aadObjectId: me.aadObjectId });
    if (listed.requests.length !== per) throw new Error(`listForOwner returned ${listed.requests.length} requests, expected ${per}`);
    const sample = await repos.requests.get(referenceOf(0, per, per - 1));
    if (!sample || sample.workflow.status !== 'awaiting_decision') throw new Error(`seeded request reads back as ${sample?.workflow.status}`);
    const columns = await columnsOf(repos, me, referenceOf(0, per, 0));

    const bot = await startBot(0, azurite.connectionString, prefix, botLog);
    let phase: Omit<Phase, 'direct'>;
    try {
      const conversation = personalConversation(me);
      const statusText = (k: number) => `status ${referenceOf(0, per, k % per)}`;
      for (let w = 0; w < 20; w++) {
        await mustPost(bot.url, message(connector.url, me, 'my requests'));
        await mustPost(bot.url, message(connector.url, me, statusText(w)));
      }
      const reply = JSON.stringify(connector.recent.get(conversation)?.at(-1) ?? {});
      if (!reply.includes(referenceOf(0, per, 19 % per))) throw new Error(`status reply does not show the request: ${reply.slice(0, 300)}`);
      await settle(bot.pid);
      await settle(azurite.pid);
      const quietLine = await quiet();
      log(`  ${quietLine}`);
      const errorsBefore = connector.errorReplies;

      const block = async (text: (k: number) => string, check: string): Promise<{ s: Stats; cpu: [number, number] }> => {
        const samples: number[] = [];
        const c0 = [cpuSeconds(bot.pid), cpuSeconds(azurite.pid)];
        for (let k = 0; k < SAMPLES; k++) samples.push((await mustPost(bot.url, message(connector.url, me, text(k)))).ms);
        const c1 = [cpuSeconds(bot.pid), cpuSeconds(azurite.pid)];
        const last = JSON.stringify(connector.recent.get(conversation)?.at(-1) ?? {});
        if (!last.includes(check)) throw new Error(`unexpected reply: ${last.slice(0, 300)}`);
        return { s: stats(samples), cpu: [(1000 * (c1[0]! - c0[0]!)) / SAMPLES, (1000 * (c1[1]! - c0[1]!)) / SAMPLES] };
      };
      const list = await block(() => 'my requests', referenceOf(0, per, per - 1));
      log(`  ${statsLine('my requests', list.s)}; CPU per command: bot ${ms(list.cpu[0])}, Azurite ${ms(list.cpu[1])}`);
      const status = await block(statusText, referenceOf(0, per, (SAMPLES - 1) % per));
      log(`  ${statsLine('status ECR-…', status.s)}; CPU per command: bot ${ms(status.cpu[0])}, Azurite ${ms(status.cpu[1])}`);
      phase = { label, requests, officers, entities, seedSeconds, azuriteRssMB: rssMB(azurite.pid), quietLine, list: list.s, status: status.s, listCpu: list.cpu, statusCpu: status.cpu, columns, errors: connector.errorReplies - errorsBefore };
    } finally {
      await stop(bot.child);
    }

    // The same reads straight against the repositories, no bot.
    const owner = { tenantId: TENANT, aadObjectId: me.aadObjectId };
    let partitionEntities = 0;
    for await (const e of repos.requestsTable.listEntities({ queryOptions: { filter: `PartitionKey eq '${ownerPartition(owner)}'` } })) if (e) partitionEntities++;
    for (let w = 0; w < 20; w++) await repos.drafts.listForOwner(owner);
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
    const directList = await timed(() => repos.drafts.listForOwner(owner));
    const entitiesReturned = directList.last.requests.length + directList.last.drafts.length;
    log(`  ${statsLine('direct listForOwner', directList.s)}; ${entitiesReturned} entities returned (the partition holds ${partitionEntities}); Azurite CPU per query ${ms(directList.azuriteCpu)}`);
    const directGet = await timed((k) => repos.requests.get(referenceOf(0, per, k % per)));
    log(`  ${statsLine('direct RequestStore.get', directGet.s)}; Azurite CPU per read ${ms(directGet.azuriteCpu)}`);
    return { ...phase, direct: { list: directList.s, get: directGet.s, listAzuriteCpu: directList.azuriteCpu, getAzuriteCpu: directGet.azuriteCpu, entitiesReturned, partitionEntities } };
  } finally {
    await stop(azurite.child);
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
  const botLog = stringFlag('--log') ?? join(work, 'bot.log');
  const connector = await startRecordingConnector({ remember: (id) => id.startsWith('a:personal-') });
  try {
    log(`"my requests" and "status" with 100 and ${LARGE.toLocaleString('en-GB')} stored requests; bot on core 0, Azurite and this script on core 1; ${SAMPLES} sequential requests each.`);
    const small = await runPhase('Small table', 100, 2, connector, work, botLog, false);
    const large = await runPhase('Large table', LARGE, LARGE_OFFICERS, connector, work, botLog, true);
    const layoutSame = Object.keys(small.columns).every((k) => small.columns[k] === large.columns[k]);
    if (!layoutSame) log(`WARNING: bulk rows differ from the repository's: ${JSON.stringify({ repository: small.columns, bulk: large.columns })}`);

    const within = (a: Stats, b: Stats) => (['p50', 'p95', 'p99'] as const).every((p) => b[p] <= 1.25 * a[p]);
    const row = (p: Phase) =>
      `| ${p.requests.toLocaleString('en-GB')} (${p.officers.toLocaleString('en-GB')} officers) | ${p.seedSeconds.toFixed(1)} s | ${triple(p.list)} | ${triple(p.status)} | ${ms(p.listCpu[0])} / ${ms(p.listCpu[1])} | ${ms(p.statusCpu[0])} / ${ms(p.statusCpu[1])} |`;
    const directRow = (p: Phase) =>
      `| ${p.requests.toLocaleString('en-GB')} | ${p.entities.toLocaleString('en-GB')} | ${triple(p.direct.list)} | ${p.direct.entitiesReturned} of ${p.direct.partitionEntities} in the partition | ${ms(p.direct.listAzuriteCpu)} | ${triple(p.direct.get)} | ${ms(p.direct.getAzuriteCpu)} |`;
    const report = [
      `### "my requests" and "status": 100 vs ${LARGE.toLocaleString('en-GB')} stored requests`,
      '',
      ...machineLines,
      `- Small run: ${small.quietLine}`,
      `- Large run: ${large.quietLine}`,
      `- ${SAMPLES} sequential commands of each kind from one officer with 50 requests, through the bot's endpoint (bot on core 0; Azurite and the sender on core 1). Errors (apologies from the bot): ${small.errors} / ${large.errors}. Bot log, both runs: ${botLogLine(botLog)}.`,
      `- Seeding: 100 through the repositories; ${LARGE.toLocaleString('en-GB')} as batch transactions in the repository's layout, ${CONCURRENCY} at a time (columns ${layoutSame ? 'identical to' : '**different from**'} the repository's rows). Azurite's resident memory afterwards: ${small.azuriteRssMB.toFixed(0)} MB / ${large.azuriteRssMB.toFixed(0)} MB.`,
      '',
      '| stored requests | seeding | my requests p50 / p95 / p99 | status p50 / p95 / p99 | CPU per my requests: bot / Azurite | CPU per status: bot / Azurite |',
      '|---|---|---|---|---|---|',
      row(small),
      row(large),
      `| ratio | | ${ratio(large.list.p50, small.list.p50)} / ${ratio(large.list.p95, small.list.p95)} / ${ratio(large.list.p99, small.list.p99)} | ${ratio(large.status.p50, small.status.p50)} / ${ratio(large.status.p95, small.status.p95)} / ${ratio(large.status.p99, small.status.p99)} | ${ratio(large.listCpu[0], small.listCpu[0])} / ${ratio(large.listCpu[1], small.listCpu[1])} | ${ratio(large.statusCpu[0], small.statusCpu[0])} / ${ratio(large.statusCpu[1], small.statusCpu[1])} |`,
      '',
      `Target (within 1.25× of the 100-request figures): my requests ${within(small.list, large.list) ? 'met' : '**not met**'}, status ${within(small.status, large.status) ? 'met' : '**not met**'}.`,
      '',
      'The same reads straight against the storage repositories (no bot):',
      '',
      '| stored requests | entities in the table | listForOwner p50 / p95 / p99 | entities returned | Azurite CPU per query | RequestStore.get p50 / p95 / p99 | Azurite CPU per read |',
      '|---|---|---|---|---|---|---|',
      directRow(small),
      directRow(large),
      '',
      `"my requests" reads one partition: ${small.direct.entitiesReturned} and ${large.direct.entitiesReturned} entities returned. Azurite's CPU per query went from ${ms(small.direct.listAzuriteCpu)} to ${ms(large.direct.listAzuriteCpu)} (${ratio(large.direct.listAzuriteCpu, small.direct.listAzuriteCpu)}); the bot's CPU per "my requests" from ${ms(small.listCpu[0])} to ${ms(large.listCpu[0])} (${ratio(large.listCpu[0], small.listCpu[0])}). ` +
        (large.listCpu[0] <= 1.25 * small.listCpu[0] && large.direct.listAzuriteCpu > 1.25 * small.direct.listAzuriteCpu
          ? "The growth is the emulator's: its queryTableEntities runs a predicate over every entity of the table (and sorts the matches) whatever the filter; Azure Table Storage serves the query from the one partition."
          : 'Check the CPU columns: the growth is not only the emulator\'s.'),
      '',
      `"status" reads one request row by PartitionKey and RowKey: Azurite's CPU per read went from ${ms(small.direct.getAzuriteCpu)} to ${ms(large.direct.getAzuriteCpu)} (${ratio(large.direct.getAzuriteCpu, small.direct.getAzuriteCpu)}); the bot's CPU per "status" from ${ms(small.statusCpu[0])} to ${ms(large.statusCpu[0])} (${ratio(large.statusCpu[0], small.statusCpu[0])}). ` +
        'Azurite looks a row up with findOne({ RowKey, PartitionKey }), which uses its RowKey index and then checks the PartitionKey of every row so found; the RowKey of a request row names its request, so that is one row. Azure Table Storage addresses the row directly.',
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
