import { Verbs } from '../../cards/verbs';
import { ConversationReferenceStore } from '../../storage/conversation-references';
import { createTableService, TableNames } from '../../storage/table-service';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import type { CallMatch, ConnectorCall } from '../support/mock-connector';
import { testConnectionString } from '../support/tables';
import { addToDecisionsTeam, auditOf, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';

/**
 * The Teams connector failing on the outbox path: the notifications after a decision and
 * the decisions-channel post. 429, 502 and 504 are retried and each message is delivered
 * exactly once; 403 is not retried, the conversation is marked unreachable, and the
 * decision and everyone else's notifications still go.
 */
describe('the connector failing while the outbox is sent', () => {
  const bot = new BotHarness();
  let n = 0;
  const nextReference = () => `ECR-2026-${String(6000 + ++n)}`;
  const settle = () => bot.app.dispatcher.idle();
  const APPROVED_AT = new Date('2026-08-28T10:00:00+01:00');
  const references = new ConversationReferenceStore(
    createTableService({ connectionString: testConnectionString(), tablePrefix: bot.tablePrefix }).client(TableNames.ConversationRefs),
  );

  const chatOf = (who: { aadObjectId: string }) => `a:personal-${who.aadObjectId}`;
  const tellsTo =
    (who: { aadObjectId: string }, text: string): CallMatch =>
    (c) =>
      c.conversationId === chatOf(who) && String(c.body.text).includes(text);
  const channelPostOf =
    (reference: string): CallMatch =>
    (c) =>
      c.method.startsWith('POST') && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference);
  const channelEditOf =
    (reference: string): CallMatch =>
    (c) =>
      c.method.startsWith('PUT') && c.conversationId.startsWith(CHANNEL) && JSON.stringify(c.body).includes(reference);
  /** Calls of one kind answered 200 (delivered), and those answered with an error, since call number `since`. */
  const delivered = (match: CallMatch, since = 0) => bot.connector.calls.slice(since).filter((c) => !c.method.includes('!') && match(c));
  const refused = (match: CallMatch, since = 0) =>
    bot.connector.calls
      .slice(since)
      .filter((c) => c.method.includes('!') && match(c))
      .map((c: ConnectorCall) => c.method);

  beforeAll(async () => {
    bot.clock = APPROVED_AT;
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot, CHANNEL);
  });
  afterAll(() => bot.stop());

  async function approve(reference: string): Promise<void> {
    bot.clock = APPROVED_AT;
    const seeded = await seedAwaitingDecision(bot, reference);
    const result = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(result.body)).toContain('You approved this request');
  }

  async function expectPublishedOnce(reference: string): Promise<void> {
    const stored = (await storeFor(bot).requests.get(reference))!;
    expect(stored.workflow.status).toBe('published');
    const audit = (await auditOf(bot, reference)).filter((e) => e.action === 'approve' || e.action === 'publish');
    expect(audit.map((e) => e.action)).toEqual(['approve', 'publish']);
    expect(await storeFor(bot).outbox.pending(reference)).toEqual([]);
  }

  it('429 with Retry-After, 502 and 504 on the notifications and the channel post: retried, each delivered exactly once', async () => {
    const reference = nextReference();
    const approved = tellsTo(OFFICER, `${reference} was approved`);
    const published = tellsTo(OFFICER, `${reference} was published`);
    bot.connector.failWhen(approved, 429, 1, { 'retry-after': '1' });
    bot.connector.failWhen(approved, 502);
    bot.connector.failWhen(channelPostOf(reference), 502);
    bot.connector.failWhen(channelPostOf(reference), 429, 1, { 'retry-after': '0' });
    bot.connector.failWhen(channelPostOf(reference), 504);
    bot.connector.failWhen(published, 504, 2);
    await approve(reference);
    await settle();

    expect(refused(approved)).toEqual(['POST!429', 'POST!502']);
    expect(refused(channelPostOf(reference))).toEqual(['POST!502', 'POST!429', 'POST!504']);
    expect(refused(published)).toEqual(['POST!504', 'POST!504']);
    expect(delivered(approved)).toHaveLength(1);
    expect(delivered(channelPostOf(reference))).toHaveLength(1);
    expect(delivered(published)).toHaveLength(1);
    await expectPublishedOnce(reference);
  });

  it('429 asking for a longer wait than the bot holds a send for: the row is held until then, and the scan after it sends it once, then the rest in order', async () => {
    const reference = nextReference();
    const approved = tellsTo(OFFICER, `${reference} was approved`);
    const published = tellsTo(OFFICER, `${reference} was published`);
    bot.connector.failWhen(approved, 429, 1, { 'retry-after': '120' });
    await approve(reference);
    await settle();
    expect(refused(approved)).toEqual(['POST!429']);
    expect(delivered(approved)).toHaveLength(0);
    const held = (await storeFor(bot).outbox.pending(reference)).find((r) => r.attempts === 1)!;
    const heldFor = Date.parse(held.leaseUntil!) - APPROVED_AT.getTime();
    expect(heldFor).toBeGreaterThanOrEqual(118_000);
    expect(heldFor).toBeLessThanOrEqual(122_000);

    // Neither a scan nor a new change of the request sends it before Teams said.
    bot.clock = new Date(APPROVED_AT.getTime() + 60_000);
    await bot.app.dispatcher.scan();
    await settle();
    expect(bot.connector.calls.filter(approved)).toHaveLength(1);
    expect(delivered(published)).toHaveLength(0);

    bot.clock = new Date(APPROVED_AT.getTime() + 125_000);
    await bot.app.dispatcher.scan();
    await settle();
    expect(delivered(approved)).toHaveLength(1);
    expect(delivered(published)).toHaveLength(1);
    await expectPublishedOnce(reference);
  });

  it("a reply in a person's own turn answered 502, then 429 (Retry-After 1 s): retried, and they get it once", async () => {
    const reply: CallMatch = (c) => c.conversationId === chatOf(OFFICER) && String(c.body.text).includes('You have no drafts');
    bot.connector.failWhen(reply, 502);
    bot.connector.failWhen(reply, 429, 1, { 'retry-after': '1' });
    await bot.say('continue');
    expect(refused(reply)).toEqual(['POST!502', 'POST!429']);
    expect(delivered(reply)).toHaveLength(1);
  });

  it('the channel post edited in place (502, then 429) and a reply in its thread (504) when a decision is called in: retried, the reply posted once', async () => {
    const reference = nextReference();
    await approve(reference);
    await settle();
    bot.clock = new Date('2026-09-02T11:00:00+01:00');
    const reply: CallMatch = (c) =>
      c.method.startsWith('POST') &&
      c.conversationId.startsWith(`${CHANNEL};messageid=`) &&
      String(c.body.text).includes(`${reference}: This decision has been called in`);
    bot.connector.failWhen(channelEditOf(reference), 502);
    bot.connector.failWhen(channelEditOf(reference), 429, 1, { 'retry-after': '1' });
    bot.connector.failWhen(reply, 504);
    const version = (await storeFor(bot).requests.get(reference))!.workflow.version;
    const called = await bot.invoke(click(Verbs.callIn, reference, version, { callInGrounds: 'Not funded beyond 2025.' }), PEOPLE.scrutiny1);
    expect(invokeText(called.body)).toContain('Your call-in request is recorded');
    await settle();
    expect(refused(channelEditOf(reference))).toEqual(['PUT!502', 'PUT!429']);
    expect(JSON.stringify(delivered(channelEditOf(reference)).at(-1)!.body)).toContain('Called in');
    expect(refused(reply)).toEqual(['POST!504']);
    expect(delivered(reply)).toHaveLength(1);
    expect(delivered(tellsTo(OFFICER, `${reference} has been called in`))).toHaveLength(1);
    expect(await storeFor(bot).outbox.pending(reference)).toEqual([]);
  });

  it("403 from one person's chat: not retried, that chat is marked unreachable, and the decision and everyone else's messages still go", async () => {
    const reference = nextReference();
    await approve(reference);
    await settle();
    bot.clock = new Date('2026-09-02T11:00:00+01:00');
    // The director removed the bot: their chat answers 403.
    const toDirector: CallMatch = (c) => c.conversationId === chatOf(PEOPLE.director);
    bot.connector.failWhen(toDirector, 403);
    const since = bot.connector.calls.length;
    const version = (await storeFor(bot).requests.get(reference))!.workflow.version;
    const called = await bot.invoke(click(Verbs.callIn, reference, version, { callInGrounds: 'Not funded beyond 2025.' }), PEOPLE.scrutiny1);
    expect(invokeText(called.body)).toContain('Your call-in request is recorded');
    await settle();

    expect(refused(toDirector, since)).toEqual(['POST!403']);
    expect(delivered(toDirector, since)).toHaveLength(0);
    expect((await references.getPersonal(TENANT, PEOPLE.director.aadObjectId))?.unreachable).toBeDefined();
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('called_in');
    expect((await auditOf(bot, reference)).filter((e) => e.action === 'call_in')).toHaveLength(1);
    // The director's message is kept (never dropped) until they install the bot again; nothing else waits.
    expect((await storeFor(bot).outbox.pending(reference)).map((r) => r.notification)).toEqual([
      expect.objectContaining({ kind: 'tell', to: expect.objectContaining({ aadObjectId: PEOPLE.director.aadObjectId }) }),
    ]);
    expect(delivered(tellsTo(OFFICER, `${reference} has been called in`))).toHaveLength(1);
    expect(
      delivered(
        (c) =>
          c.method === 'POST' &&
          c.conversationId === chatOf(PEOPLE.scrutinyOfficer) &&
          JSON.stringify(c.body).includes(Verbs.release) &&
          JSON.stringify(c.body).includes(reference),
      ),
    ).toHaveLength(1);
    expect(delivered(channelEditOf(reference)).length).toBeGreaterThanOrEqual(1);

    // Later messages for the director are not tried at all until they reinstall the bot.
    const later = bot.connector.calls.length;
    const current = (await storeFor(bot).requests.get(reference))!.workflow.version;
    const referred = await bot.invoke(click(Verbs.referBack, reference, current, { referBackReason: 'Reconsider the funding.' }), PEOPLE.scrutinyOfficer);
    expect(invokeText(referred.body)).toContain('Referred back');
    await settle();
    expect(bot.connector.calls.slice(later).filter(toDirector)).toEqual([]);
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('awaiting_decision');
    expect(delivered(tellsTo(OFFICER, `${reference} has been referred back`))).toHaveLength(1);
    await bot.post(bot.activity('installationUpdate', PEOPLE.director, { action: 'add' }));
    expect((await references.getPersonal(TENANT, PEOPLE.director.aadObjectId))?.unreachable).toBeUndefined();
    // Reinstalled: the message kept for them goes at once.
    await settle();
    await bot.connector.waitFor(() => delivered(tellsTo(PEOPLE.director, `Your decision on ${reference} has been called in`)).length === 1);
    expect(await storeFor(bot).outbox.pending(reference)).toEqual([]);
  });

  it("403 from the decisions channel: the post is not retried, the channel is marked unreachable, the decision and the officer's messages stand", async () => {
    const reference = nextReference();
    bot.connector.failWhen(channelPostOf(reference), 403);
    await approve(reference);
    await settle();
    expect(refused(channelPostOf(reference))).toEqual(['POST!403']);
    expect(delivered(channelPostOf(reference))).toHaveLength(0);
    expect((await references.getConversation(CHANNEL))?.unreachable).toBeDefined();
    expect(delivered(tellsTo(OFFICER, `${reference} was approved`))).toHaveLength(1);
    expect(delivered(tellsTo(OFFICER, `${reference} was published`))).toHaveLength(1);
    await expectPublishedOnce(reference);
  });
});
