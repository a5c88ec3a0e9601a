import { UnreachableError } from '../../bot/proactive/retry';
import { startEmbeddedAzurite, type EmbeddedAzurite } from '../../storage/azurite';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';

const CHANNEL = '19:decisions@thread.tacv2';

describe('proactive sending through the Teams connector', () => {
  const bot = new BotHarness();
  beforeAll(async () => {
    await bot.start();
    // The bot is added to a team: Teams sends conversationUpdate with the bot in membersAdded.
    await bot.post(
      bot.activity('conversationUpdate', OFFICER, {
        membersAdded: [{ id: '28:bot' }],
        conversation: { id: CHANNEL, conversationType: 'channel', tenantId: TENANT },
        channelData: { tenant: { id: TENANT }, team: { id: '19:team@thread.tacv2' }, channel: { id: CHANNEL } },
      }),
    );
    await bot.post(bot.activity('installationUpdate', OFFICER, { action: 'add' }));
  });
  afterAll(() => bot.stop());

  it('greets a team when added to it', () => {
    expect(JSON.stringify(bot.connector.messagesTo(CHANNEL))).toContain('I post each establishment change decision here');
  });

  it('starts a thread in the channel, replies in it and updates the first post in place', async () => {
    const post = await bot.app.sender.postToChannel(CHANNEL, { type: 'message', text: 'Decision published' });
    expect(post.conversationId).toMatch(new RegExp(`^${CHANNEL};messageid=`));
    const created = bot.connector.calls.find((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path));
    expect(created?.body).toMatchObject({ isGroup: true, channelData: { channel: { id: CHANNEL } } });

    await bot.app.sender.replyInThread(post, { type: 'message', text: 'Called in' });
    expect(bot.connector.calls.at(-1)).toMatchObject({ method: 'POST', conversationId: post.conversationId, body: { text: 'Called in' } });

    await bot.app.sender.update(post, { type: 'message', text: 'Decision published — called in' });
    const update = bot.connector.updates().at(-1)!;
    expect(update.path).toContain(`/activities/${post.activityId}`);
    expect(update.body.text).toBe('Decision published — called in');
  });

  it('retries a 429 as Teams asks, honouring Retry-After, and delivers once', async () => {
    bot.connector.failNext(429, 1, { 'retry-after': '1' });
    const before = bot.connector.messagesTo(bot.personalConversationId()).length;
    const started = Date.now();
    await bot.app.sender.sendToUser({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, { type: 'message', text: 'after a 429' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(
      bot.connector
        .messagesTo(bot.personalConversationId())
        .slice(before)
        .map((m) => m.text),
    ).toEqual(['after a 429']);
  });

  it('retries 502 and 504', async () => {
    bot.connector.failNext(502);
    bot.connector.failNext(504);
    await bot.app.sender.sendToUser({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, { type: 'message', text: 'after 502 and 504' });
    expect(bot.connector.calls.filter((c) => c.method.startsWith('POST!')).map((c) => c.method)).toEqual(expect.arrayContaining(['POST!502', 'POST!504']));
  });

  it('does not retry a 403 and stops using that conversation', async () => {
    bot.connector.failNext(403);
    const calls = bot.connector.calls.length;
    await expect(
      bot.app.sender.sendToUser({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, { type: 'message', text: 'blocked' }),
    ).rejects.toBeInstanceOf(UnreachableError);
    expect(bot.connector.calls.length).toBe(calls + 1);
    await expect(bot.app.sender.sendToUser({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, { type: 'message', text: 'again' })).rejects.toBeInstanceOf(
      UnreachableError,
    );
    expect(bot.connector.calls.length).toBe(calls + 1);
  });

  it('cannot reach someone who never installed the bot', async () => {
    await expect(
      bot.app.sender.sendToUser({ tenantId: TENANT, aadObjectId: '00000000-0000-0000-0000-0000000000ff' }, { type: 'message', text: 'x' }),
    ).rejects.toBeInstanceOf(UnreachableError);
  });
});

describe('when Table Storage goes away', () => {
  const bot = new BotHarness();
  let azurite: EmbeddedAzurite;
  beforeAll(async () => {
    azurite = await startEmbeddedAzurite();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: azurite.connectionString });
    await azurite.close();
  });
  afterAll(() => bot.stop());

  it('answers 503 from /healthz', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(503);
  });

  it('keeps answering and stays up', async () => {
    const replies = await bot.say('help');
    expect(replies).toHaveLength(1);
    expect((await fetch(`${bot.app.url}/healthz`)).status).toBe(503);
  });
});
