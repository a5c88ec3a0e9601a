import { TableClient } from '@azure/data-tables';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { FaultProxy } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import {
  addToDecisionsTeam,
  allMessagesTo,
  click,
  fromChannel,
  installForEveryone,
  invokeText,
  PEOPLE,
  seedAwaitingDecision,
  storeFor,
} from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';

/**
 * A change written while its request's outbox is being drained, following straight on from
 * what that drain is carrying out, goes in the same drain: the publication a decision
 * causes, and a click made meanwhile. Its notifications come after the earlier ones, each
 * once.
 */
describe('changes made while their request is being drained', () => {
  const proxy = new FaultProxy(testConnectionString());
  const bot = new BotHarness();

  beforeAll(async () => {
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    await proxy.start();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
    await installForEveryone(bot);
    await addToDecisionsTeam(bot, CHANNEL);
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
  });

  it('a decision called in while the publication is held at the channel post: sent after it by the same drain, each notification once', async () => {
    const reference = 'ECR-2026-0901';
    const seeded = await seedAwaitingDecision(bot, reference);
    const since = proxy.requests.length;
    const isChannelPost = (c: { method: string; path: string; body: Record<string, unknown> }) =>
      c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference);
    bot.connector.hold(isChannelPost);
    const approved = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(approved.body)).toContain('You approved this request');
    await bot.connector.waitForHeld((held) => held.some(isChannelPost));
    expect(bot.connector.held.filter(isChannelPost)).toHaveLength(1);

    // Published (version 8) and its post on its way: a scrutiny member calls it in from the channel.
    bot.clock = new Date('2026-09-02T11:00:00+01:00');
    const published = (await storeFor(bot).requests.get(reference))!;
    expect(published.workflow).toMatchObject({ status: 'published', version: 8 });
    const called = await bot.invoke(
      click(Verbs.callIn, reference, 8, { callInGrounds: 'The funding is not secured beyond 2025.' }),
      PEOPLE.scrutiny1,
      fromChannel(CHANNEL),
    );
    expect(invokeText(called.body)).toContain('"text":"Called in"');
    bot.connector.release();
    await bot.app.dispatcher.idle();

    const officer = allMessagesTo(bot, OFFICER);
    const order = [`${reference} was approved`, `${reference} was published`, `${reference} has been called in`].map((text) => officer.indexOf(text));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    for (const text of ['was approved', 'was published', 'has been called in']) expect(officer.split(`${reference} ${text}`)).toHaveLength(2);
    const calls = bot.connector.calls;
    const posted = calls.filter(isChannelPost);
    expect(posted).toHaveLength(1);
    const replies = calls.filter(
      (c) =>
        c.method === 'POST' &&
        c.conversationId.startsWith(`${CHANNEL};messageid=`) &&
        JSON.stringify(c.body).includes('This decision has been called in by scrutiny'),
    );
    expect(replies).toHaveLength(1);
    // The reply follows the post it belongs to.
    expect(calls.indexOf(replies[0]!)).toBeGreaterThan(calls.indexOf(posted[0]!));

    // Three changes (approval, publication, call-in): the outbox is never read, each drain knowing its change's rows.
    const outboxReads = proxy.requests
      .slice(since)
      .filter((r) => r.method === 'GET' && decodeURIComponent(r.path).includes(`PartitionKey eq 'r_${reference}' and RowKey ge 'x_'`));
    expect(outboxReads).toEqual([]);
    expect(await storeFor(bot).outbox.pending(reference)).toEqual([]);
    // The schedule keeps nothing for these changes' outboxes: the drain removed their items.
    const schedule = TableClient.fromConnectionString(testConnectionString(), `${bot.tablePrefix}Schedule`, { allowInsecureConnection: true });
    const left: string[] = [];
    for await (const e of schedule.listEntities<{ reference: string; kind: string }>())
      if (e.reference === reference && e.kind === 'outbox') left.push(e.rowKey!);
    expect(left).toEqual([]);
  });
});

/**
 * A drain knows a change's rows without reading the outbox only when the last drain marked
 * every earlier row done. Two bot instances share the tables; one is still sending the
 * notifications of its change when the other writes the next: the second waits for them.
 */
describe('a change written while another instance is still sending the one before', () => {
  const a = new BotHarness();
  const b = new BotHarness();
  const ownChat = (user: { aadObjectId: string; name: string }) => ({
    conversation: { id: a.personalConversationId(user), conversationType: 'personal', tenantId: TENANT },
  });

  beforeAll(async () => {
    a.clock = new Date('2026-08-28T10:00:00+01:00');
    b.clock = a.clock;
    await a.start();
    await b.start({ TABLE_PREFIX: a.tablePrefix });
    await installForEveryone(a);
    await addToDecisionsTeam(a, CHANNEL);
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
  });

  it("the release waits for the call-in's notifications, then follows them", async () => {
    const reference = 'ECR-2026-0902';
    const seeded = await seedAwaitingDecision(a, reference);
    expect(invokeText((await a.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director)).body)).toContain('You approved this request');
    await a.app.dispatcher.idle();

    // Instance b records the call-in (version 9); Teams holds its first notification (the channel post's edit).
    a.clock = new Date('2026-09-02T11:00:00+01:00');
    b.clock = a.clock;
    let holding = true;
    a.connector.hold((c) => holding && JSON.stringify(c.body).includes('alled in by scrutiny') && !(holding = false));
    const called = await b.invoke(
      click(Verbs.callIn, reference, 8, { callInGrounds: 'The funding is not secured beyond 2025.' }),
      PEOPLE.scrutiny1,
      fromChannel(CHANNEL),
    );
    expect(invokeText(called.body)).toContain('"text":"Called in"');
    await a.connector.waitForHeld((held) => held.length > 0);
    expect(a.connector.held).toHaveLength(1);

    // Instance a releases it (version 10) meanwhile: its drain finds b's rows still leased and leaves its own waiting.
    const released = await a.invoke(click(Verbs.release, reference, 9), PEOPLE.scrutinyOfficer, ownChat(PEOPLE.scrutinyOfficer));
    expect(invokeText(released.body)).toContain('Released');
    await a.app.dispatcher.idle();
    expect(allMessagesTo(a, OFFICER)).not.toContain(`${reference} can now be implemented`);

    a.connector.release();
    await b.app.dispatcher.idle();
    // The schedule's item for the release, which its drain could not remove, brings it back.
    await a.app.dispatcher.scan();
    await a.app.dispatcher.idle();
    const officer = allMessagesTo(a, OFFICER);
    for (const text of ['has been called in', 'can now be implemented']) expect(officer.split(`${reference} ${text}`)).toHaveLength(2);
    expect(officer.indexOf(`${reference} has been called in`)).toBeLessThan(officer.indexOf(`${reference} can now be implemented`));
    expect(await storeFor(a).outbox.pending(reference)).toEqual([]);
  });
});
