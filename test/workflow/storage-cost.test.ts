import { TableClient } from '@azure/data-tables';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER } from '../support/bot-harness';
import { FaultProxy, type ProxiedRequest } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import { allMessagesTo, click, fromChannel, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

/**
 * What one decision costs in Table Storage round trips, counted at a proxy between the bot
 * and Azurite: the click, then the outbox (tell the officer, publish, post to the decisions
 * channel, update every card). Under load each round trip is CPU for the bot and for
 * storage, so these counts are what the approve benchmark's throughput rests on.
 */
describe('storage round trips of one approval', () => {
  const proxy = new FaultProxy(testConnectionString());
  const bot = new BotHarness();
  let requests: ProxiedRequest[] = [];
  const path = (r: ProxiedRequest) => decodeURIComponent(r.path);

  beforeAll(async () => {
    await proxy.start();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
    await installForEveryone(bot);
    // A first approval, so everyone's conversation has been looked up once.
    await seedAwaitingDecision(bot, 'ECR-2026-0701');
    await bot.invoke(click(Verbs.approve, 'ECR-2026-0701', 6), PEOPLE.director);
    await bot.app.dispatcher.idle();
    await seedAwaitingDecision(bot, 'ECR-2026-0702');
    const since = proxy.requests.length;
    const answer = await bot.invoke(click(Verbs.approve, 'ECR-2026-0702', 6), PEOPLE.director);
    expect(invokeText(answer.body)).toContain('You approved this request');
    await bot.app.dispatcher.idle();
    requests = proxy.requests.slice(since);
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
  });

  it('reads the request row and the rules once, for the click: the drains start from the request as written', () => {
    const requestRow = requests.filter((r) => r.method === 'GET' && path(r).includes("PartitionKey='r_ECR-2026-0702',RowKey='request_ECR-2026-0702'"));
    expect(requestRow).toHaveLength(1);
    expect(requests.filter((r) => path(r).includes('Delegations'))).toHaveLength(1);
  });

  it('does not read again the conversations of people it has just sent to', () => {
    expect(requests.filter((r) => path(r).includes("ConversationRefs(PartitionKey='u_"))).toEqual([]);
  });

  it("reads the posted cards once and the outbox never: the drain knows the approval's rows and the publication's goes in it", () => {
    const posts = requests.filter((r) => r.method === 'GET' && path(r).includes("RowKey='posts_ECR-2026-0702'"));
    expect(posts).toHaveLength(1);
    // Azurite answers a query by scanning the whole table: the outbox was read twice, the posted cards three times.
    const queries = requests.filter((r) => r.method === 'GET' && path(r).includes('$filter'));
    expect(queries.map((r) => /RowKey ge '(\w+)'|(Delegations)/.exec(path(r))?.slice(1).find(Boolean))).toEqual(['Delegations']);
  });

  it('costs one write a notification: each completion claims the next row in the same transaction', () => {
    const claims = requests.filter((r) => r.method === 'PATCH' && path(r).includes('x_'));
    const batches = requests.filter((r) => path(r).includes('$batch'));
    // One drain for the approval's notifications and the publication's: one lone claim.
    expect(claims).toHaveLength(1);
    // Two state changes, each with its officer's list entry, plus one transaction per
    // notification (six), the publication's follow-ups (its outbox and the end of its
    // call-in period) written together, and the schedule's outbox items removed together.
    expect(batches.length).toBeLessThanOrEqual(13);
    // 46 before the outbox claimed rows with the previous completion and the conversation
    // and request reads were kept; 24 before follow-ups were written in one transaction;
    // 23 before a drain read its posted cards once; 22 before the publication's
    // notifications went in the approval's drain (and the scan still had to claim, read the
    // outbox twice and delete each change's schedule item afterwards: 8 more); 20 before a
    // drain knew its change's rows without reading the outbox. Since several instances
    // share Teams' pacing, each conversation's budget row (storage/send-budget.ts) is
    // written once a send too, where it is not already known here: 3 more in this test.
    const budget = requests.filter(
      (r) => path(r).includes("PartitionKey='pace'") || (r.method === 'POST' && /Requests[^/]*$/.test(path(r)) && !path(r).includes('$batch')),
    );
    expect(requests.length - budget.length).toBeLessThanOrEqual(19);
    expect(requests.length).toBeLessThanOrEqual(22);
  });

  it("leaves the schedule nothing to do: the drain removes each change's outbox item once its rows are done", async () => {
    const removed = requests.filter((r) => r.method === 'POST' && path(r).includes('$batch') && r.body?.includes('DELETE') && r.body.includes('Schedule'));
    expect(removed).toHaveLength(1);
    const schedule = TableClient.fromConnectionString(testConnectionString(), `${bot.tablePrefix}Schedule`, { allowInsecureConnection: true });
    const left: string[] = [];
    for await (const e of schedule.listEntities<{ reference: string; kind: string }>())
      if (e.reference === 'ECR-2026-0702' && e.kind === 'outbox') left.push(e.rowKey!);
    expect(left).toEqual([]);
  });

  it("reads no outbox for the next change: the last drain marked its rows done, so the change's own rows are all there is", async () => {
    const since = proxy.requests.length;
    const version = (await storeFor(bot).requests.get('ECR-2026-0702'))!.workflow.version;
    const called = await bot.invoke(
      click(Verbs.callIn, 'ECR-2026-0702', version, { callInGrounds: 'The funding is not secured beyond 2025.' }),
      PEOPLE.scrutiny1,
      fromChannel(),
    );
    expect(invokeText(called.body)).toContain('"text":"Called in"');
    await bot.app.dispatcher.idle();
    const later = proxy.requests.slice(since);
    expect(later.filter((r) => r.method === 'GET' && path(r).includes("RowKey ge 'x_'"))).toEqual([]);
    expect(await storeFor(bot).outbox.pending('ECR-2026-0702')).toEqual([]);
    expect(allMessagesTo(bot, OFFICER)).toContain('ECR-2026-0702 has been called in');
  });

  it("sweeps done outbox rows with the next claim, so a partition keeps only the last drain's", async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${bot.tablePrefix}Requests`, { allowInsecureConnection: true });
    const outboxRows = async () => {
      const rows: Array<{ rowKey: string; done?: boolean }> = [];
      for await (const e of table.listEntities<{ done?: boolean }>({
        queryOptions: { filter: "PartitionKey eq 'r_ECR-2026-0702' and RowKey ge 'x_' and RowKey lt 'x_~'" },
      }))
        rows.push({ rowKey: e.rowKey!, done: e.done });
      return rows;
    };
    // The call-in's first claim swept the rows of the approval (version 7) and its publication (8); the call-in's (9) wait for the next change.
    const left = await outboxRows();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((r) => r.rowKey.startsWith('x_000009_'))).toBe(true);
    expect(left.every((r) => r.done)).toBe(true);
    expect(await storeFor(bot).outbox.pending('ECR-2026-0702')).toEqual([]);
  });
});
