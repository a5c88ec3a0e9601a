import { TableClient } from '@azure/data-tables';
import { Verbs } from '../../cards/verbs';
import { BotHarness } from '../support/bot-harness';
import { FaultProxy, type ProxiedRequest } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import { click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

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

  it("does not read again the conversations of people it has just sent to", () => {
    expect(requests.filter((r) => path(r).includes("ConversationRefs(PartitionKey='u_"))).toEqual([]);
  });

  it("reads a request's posted cards by key, once a drain; its only queries are the drains' outbox reads", () => {
    const posts = requests.filter((r) => r.method === 'GET' && path(r).includes("RowKey='posts_ECR-2026-0702'"));
    // Two drains: the approval's (update the cards) and the publication's (post to the channel, update the cards).
    expect(posts).toHaveLength(2);
    // Azurite answers a query by scanning the whole table: the posted cards were queried three times.
    const queries = requests.filter((r) => r.method === 'GET' && path(r).includes('$filter'));
    expect(queries.map((r) => /RowKey ge '(\w+)'|(Delegations)/.exec(path(r))?.slice(1).find(Boolean))).toEqual(['Delegations', 'x_', 'x_']);
  });

  it('costs one write a notification: each completion claims the next row in the same transaction', () => {
    const claims = requests.filter((r) => r.method === 'PATCH' && path(r).includes('x_'));
    const batches = requests.filter((r) => path(r).includes('$batch'));
    // Two drains (the approval's notifications, then the publication's): at most one lone claim each.
    expect(claims.length).toBeLessThanOrEqual(2);
    // Two state changes, each with its officer's list entry, plus one transaction per
    // notification (six), the second drain's first claim, and the publication's follow-ups
    // (its outbox and the end of its call-in period) written together.
    expect(batches.length).toBeLessThanOrEqual(12);
    // 46 before the outbox claimed rows with the previous completion and the conversation
    // and request reads were kept; 24 before follow-ups were written in one transaction;
    // 23 before a drain read its posted cards once.
    expect(requests.length).toBeLessThanOrEqual(22);
  });

  it('sweeps done outbox rows with the next claim, so a partition keeps only the last drain\'s', async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${bot.tablePrefix}Requests`, { allowInsecureConnection: true });
    const outboxRows = async () => {
      const rows: Array<{ rowKey: string; done?: boolean }> = [];
      for await (const e of table.listEntities<{ done?: boolean }>({ queryOptions: { filter: "PartitionKey eq 'r_ECR-2026-0702' and RowKey ge 'x_' and RowKey lt 'x_~'" } })) rows.push({ rowKey: e.rowKey!, done: e.done });
      return rows;
    };
    // The approval's rows (version 7) went with the publication's first claim; the publication's (version 8) wait for the next change.
    const left = await outboxRows();
    expect(left.length).toBeGreaterThan(0);
    expect(left.every((r) => r.done && r.rowKey.startsWith('x_000008_'))).toBe(true);
    expect(await storeFor(bot).requests.outbox('ECR-2026-0702')).toEqual([]);
  });
});
