import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { FaultProxy, isBatch, isWrite, type FaultMode } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import { allMessagesTo, auditOf, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

const CARD = 'application/vnd.microsoft.card.adaptive';
const transitionsOf = async (bot: BotHarness, reference: string) =>
  (await auditOf(bot, reference)).filter((e) => e.action && !e.refused && e.action !== 'seeded');
const toldOfficer = (bot: BotHarness, text: string) =>
  bot.connector.messagesTo(bot.personalConversationId(OFFICER)).filter((m) => String(m.text).includes(text));

/**
 * Table Storage failing under a click, through a fault proxy between the bot and Azurite:
 * the bot talks to storage through the proxy; the test reads Azurite directly.
 */
describe('a click while Table Storage fails', () => {
  const proxy = new FaultProxy(testConnectionString());
  const bot = new BotHarness();
  let n = 0;
  const nextReference = () => `ECR-2026-${String(7000 + ++n)}`;
  const settle = () => bot.app.dispatcher.idle();

  beforeAll(async () => {
    await proxy.start();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
    await installForEveryone(bot);
  });
  afterEach(() => proxy.heal());
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
  });

  const cases: Array<[string, Exclude<FaultMode, 'pass'>, typeof isBatch | undefined, 'card' | 'error']> = [
    ['stops answering at the transaction', 'blackhole', isBatch, 'card'],
    ['stops answering at the first write', 'blackhole', isWrite, 'card'],
    ['is not answering when the click arrives', 'blackhole', undefined, 'error'],
    ['refuses connections from the first write', 'refuse', isWrite, 'card'],
    ['refuses connections when the click arrives', 'refuse', undefined, 'error'],
  ];

  it.each(cases)('storage %s: answered at once with "try again", nothing half-written; the next click succeeds once', async (_name, mode, from, answer) => {
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(bot, reference);
    proxy.fail(mode, from);
    const started = Date.now();
    const failed = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version, { approveReasons: 'Within budget.' }), PEOPLE.director);
    const elapsed = Date.now() - started;
    proxy.heal();

    // A generous bound: Teams waits only seconds for an invoke answer.
    expect(elapsed).toBeLessThan(3000);
    expect(failed.status).toBe(200);
    expect(invokeText(failed.body)).toMatch(/try again/i);
    if (answer === 'card') {
      // The card as it was, saying why, with the Approve button and what was typed kept.
      expect(failed.body).toMatchObject({ statusCode: 200, type: CARD });
      expect(invokeText(failed.body)).toContain(Verbs.approve);
      expect(invokeText(failed.body)).toContain('Within budget.');
    } else {
      expect(failed.body).toMatchObject({ statusCode: 503, value: { code: 'STORAGE_UNAVAILABLE' } });
    }

    const { requests, outbox } = storeFor(bot);
    const stored = (await requests.get(reference))!;
    expect(stored.workflow).toEqual(seeded.workflow);
    expect(stored.etag).toBe(seeded.etag);
    expect(await transitionsOf(bot, reference)).toEqual([]);
    expect(await outbox.pending(reference)).toEqual([]);
    await settle();
    expect(toldOfficer(bot, `${reference} was approved`)).toHaveLength(0);

    const again = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(again.body)).toContain('You approved this request');
    await settle();
    expect((await transitionsOf(bot, reference)).filter((e) => e.action === 'approve')).toHaveLength(1);
    expect(toldOfficer(bot, `${reference} was approved`)).toHaveLength(1);
  });

  it('a refresh while storage is silent says to try again, quickly', async () => {
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(bot, reference);
    proxy.fail('blackhole');
    const started = Date.now();
    const result = await bot.invoke(
      { action: { type: 'Action.Execute', verb: Verbs.refresh, data: { reference, version: seeded.workflow.version } }, trigger: 'automatic' },
      PEOPLE.director,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.body).toMatchObject({ statusCode: 503, value: { code: 'STORAGE_UNAVAILABLE' } });
  });

  it('the answer to a transaction that succeeded is lost: the retry meets 412, the click is a success, once', async () => {
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(bot, reference);
    const before = proxy.requests.length;
    const dropped = proxy.dropNextResponse(isBatch);
    const result = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    await dropped;
    // The lost one was carried out by Azurite; the SDK sent it again.
    const batches = proxy.requests.slice(before).filter(isBatch);
    expect(batches.map((b) => b.mode)).toEqual(['drop-response', 'pass']);
    expect(batches[1]!.answer).toMatch(/HTTP\/1\.1 412/);
    expect(invokeText(result.body)).toContain('You approved this request');
    await settle();
    const audit = await transitionsOf(bot, reference);
    expect(audit.filter((e) => e.action === 'approve')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'publish')).toHaveLength(1);
    expect(toldOfficer(bot, `${reference} was approved`)).toHaveLength(1);
    expect(toldOfficer(bot, `${reference} was published`)).toHaveLength(1);
  });

  it('the transaction succeeds but storage goes silent before answering it: the click says it may not be saved, and the decision stands once', async () => {
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(bot, reference);
    void proxy.dropNextResponse(isBatch).then(() => proxy.fail('blackhole'));
    const started = Date.now();
    const result = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(Date.now() - started).toBeLessThan(3000);
    proxy.heal();
    expect(invokeText(result.body)).toContain('may not have been saved');
    expect((await transitionsOf(bot, reference)).map((e) => e.action)).toEqual(['approve']);
    // The next click finds it done; the notifications go once, found by the scan.
    const again = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(again.body)).toContain('Already approved by Dana Director');
    await bot.app.dispatcher.scan();
    await settle();
    expect(toldOfficer(bot, `${reference} was approved`)).toHaveLength(1);
    expect((await transitionsOf(bot, reference)).filter((e) => e.action === 'approve')).toHaveLength(1);
  });

  it.each([2, 3, 4])('the same click re-delivered %i times with new activity ids: one decision, one audit row, one notification', async (times) => {
    for (const concurrent of [true, false]) {
      const reference = nextReference();
      const seeded = await seedAwaitingDecision(bot, reference);
      // Teams sends the click again (new id) when the answer was slow to arrive.
      const redeliver = () =>
        bot.post(bot.activity('invoke', PEOPLE.director, { name: 'adaptiveCard/action', value: click(Verbs.approve, reference, seeded.workflow.version) }));
      const results = concurrent ? await Promise.all(Array.from({ length: times }, redeliver)) : await sequence(times, redeliver);
      expect(results.map((r) => r.status)).toEqual(Array(times).fill(200));
      const texts = results.map((r) => invokeText(r.body));
      expect(texts.filter((t) => t.includes('You approved this request'))).toHaveLength(1);
      for (const t of texts.filter((x) => !x.includes('You approved this request'))) expect(t).toContain('Already approved by Dana Director');
      await settle();
      const audit = await auditOf(bot, reference);
      expect(audit.filter((e) => e.action === 'approve')).toHaveLength(1);
      expect(audit.filter((e) => e.refused)).toEqual([]);
      expect(toldOfficer(bot, `${reference} was approved`)).toHaveLength(1);
    }
  });
});

async function sequence<T>(times: number, run: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < times; i++) out.push(await run());
  return out;
}

/**
 * The end of a call-in period racing call-ins and a release. Two bot instances share the
 * tables, with clocks either side of midnight after the deadline, so by its own clock each
 * may act. The proxy holds each contender's transaction until all have read the same
 * version, then lets one through first: only the etag on the request row can decide.
 */
describe('call-in racing the end of the call-in period', () => {
  const proxy = new FaultProxy(testConnectionString());
  const a = new BotHarness();
  const b = new BotHarness();
  let n = 0;
  const nextReference = () => `ECR-2026-${String(7500 + ++n)}`;
  const settle = () => Promise.all([a.app.dispatcher.idle(), b.app.dispatcher.idle()]);
  const APPROVED_AT = new Date('2026-08-28T10:00:00+01:00');
  // Published 28 August: call-in is open to the end of Monday 7 September; its end is due at 00:05 UTC on the 8th.
  const LAST_MINUTE = new Date('2026-09-07T23:59:00+01:00');
  const AFTER_END = new Date('2026-09-08T01:10:00+01:00');
  type Person = { aadObjectId: string; name: string };
  const ownChat = (user: Person) => ({ conversation: { id: a.personalConversationId(user), conversationType: 'personal', tenantId: TENANT } });

  beforeAll(async () => {
    a.clock = APPROVED_AT;
    b.clock = APPROVED_AT;
    await proxy.start();
    await a.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
    await b.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString, TABLE_PREFIX: a.tablePrefix });
    await installForEveryone(a);
  });
  afterAll(async () => {
    await b.stop();
    await a.stop();
    await proxy.stop();
  });

  async function published(): Promise<{ reference: string; version: number }> {
    a.clock = APPROVED_AT;
    b.clock = APPROVED_AT;
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(a, reference);
    expect(invokeText((await a.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director)).body)).toContain('You approved this request');
    await settle();
    const stored = (await storeFor(a).requests.get(reference))!;
    expect(stored.workflow).toMatchObject({ status: 'published', publication: { deadline: '2026-09-07', implementableFrom: '2026-09-08' } });
    return { reference, version: stored.workflow.version };
  }

  const implementableTold = (reference: string) =>
    [OFFICER, PEOPLE.hr].map(
      (who) => a.connector.messagesTo(a.personalConversationId(who)).filter((m) => String(m.text).includes(`${reference} can now be implemented`)).length,
    );
  const requestWrite = (reference: string) => (r: { method: string; path: string; body?: string }) =>
    isBatch(r) && !!r.body?.includes(`(PartitionKey='r_${reference}',RowKey='request_${reference}')`);

  it.each([
    ['the scan ending the period', 'end_call_in_period'],
    ['the first member', PEOPLE.scrutiny1.name],
    ['the second member', PEOPLE.scrutiny2.name],
  ])('two scrutiny members call in as the scan ends the period, %s writing first: exactly one of the three wins', async (_name, first) => {
    const { reference, version } = await published();
    a.clock = LAST_MINUTE;
    b.clock = AFTER_END;
    const contenders = ['end_call_in_period', PEOPLE.scrutiny1.name, PEOPLE.scrutiny2.name];
    const raced = proxy.holdTogether(requestWrite(reference), 3, (body) => (contenders.find((c) => body.includes(c)) === first ? 0 : 1));
    const callIn = (who: Person) => a.invoke(click(Verbs.callIn, reference, version, { callInGrounds: `Grounds from ${who.name}.` }), who, ownChat(who));
    const [one, two] = await Promise.all([callIn(PEOPLE.scrutiny1), callIn(PEOPLE.scrutiny2), b.app.dispatcher.scan()]);
    await raced;
    await settle();

    const won = (await transitionsOf(a, reference)).filter((e) => e.action === 'call_in' || e.action === 'end_call_in_period');
    expect(won).toHaveLength(1);
    const stored = (await storeFor(a).requests.get(reference))!;
    const recorded = [one!, two!].filter((x) => invokeText(x.body).includes('Your call-in request is recorded'));
    if (first === 'end_call_in_period') {
      expect(won[0]).toMatchObject({ action: 'end_call_in_period' });
      expect(stored.workflow.status).toBe('implementable');
      expect(recorded).toHaveLength(0);
      expect(implementableTold(reference)).toEqual([1, 1]);
      expect(allMessagesTo(a, OFFICER)).not.toContain(`${reference} has been called in`);
    } else {
      expect(won[0]).toMatchObject({ action: 'call_in', actor: { name: first } });
      expect(stored.workflow.status).toBe('called_in');
      expect(recorded).toHaveLength(1);
      expect(allMessagesTo(a, OFFICER).split(`${reference} has been called in`)).toHaveLength(2);
      expect(implementableTold(reference)).toEqual([0, 0]);
    }
  });

  it('the scrutiny officer releases a called-in decision as the scan reaches the period end: released once, the scan stands aside', async () => {
    const { reference, version } = await published();
    a.clock = LAST_MINUTE;
    const called = await a.invoke(
      click(Verbs.callIn, reference, version, { callInGrounds: 'Funding not secured.' }),
      PEOPLE.scrutiny1,
      ownChat(PEOPLE.scrutiny1),
    );
    expect(invokeText(called.body)).toContain('Your call-in request is recorded');
    await settle();
    const current = (await storeFor(a).requests.get(reference))!.workflow.version;
    b.clock = AFTER_END;
    const [released] = await Promise.all([
      a.invoke(click(Verbs.release, reference, current), PEOPLE.scrutinyOfficer, ownChat(PEOPLE.scrutinyOfficer)),
      b.app.dispatcher.scan(),
    ]);
    await settle();
    expect(invokeText(released!.body)).toContain('Released');
    const audit = await transitionsOf(a, reference);
    expect(audit.filter((e) => e.action === 'release')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'end_call_in_period')).toHaveLength(0);
    expect((await storeFor(a).requests.get(reference))!.workflow.status).toBe('implementable');
    expect(implementableTold(reference)).toEqual([1, 1]);
  });
});
