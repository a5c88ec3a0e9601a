import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { FaultProxy, type ProxiedRequest } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import { storeFor } from '../support/workflow';

const text = (messages: Array<Record<string, unknown>>) => messages.map(textOf).join('\n');
const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };

/**
 * The dialogue keeps the draft it last saved and, knowing its etag, does not read it again
 * on the next turn. These are the cases where that copy is out of date: another instance
 * (here a second repository on the same table) changed or deleted the draft in between.
 */
describe('a draft changed elsewhere in the middle of the dialogue', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('puts the answer onto the latest version, keeping the other change too', async () => {
    await bot.say('new request');
    expect(text(await bot.say('Temporary Short Breaks posts'))).toMatch(/Which directorate/);
    const elsewhere = storeFor(bot).drafts;
    const draft = (await elsewhere.latest(owner))!;
    await elsewhere.save(owner, draft, { ...draft.content, title: 'Short Breaks posts (retitled)' });

    expect(text(await bot.say('Children and Families'))).toMatch(/Which service/);
    const stored = (await elsewhere.get(owner, draft.draftId))!;
    expect(stored.content.title).toBe('Short Breaks posts (retitled)');
    expect(stored.content.directorate).toBe('Children and Families');
  });

  it('says the draft is gone when it was discarded elsewhere, and keeps nothing stale', async () => {
    const elsewhere = storeFor(bot).drafts;
    const draft = (await elsewhere.latest(owner))!;
    expect(await elsewhere.discard(owner, draft.draftId)).toBe(true);

    expect(text(await bot.say('Commissioning and Placements'))).toContain('That draft no longer exists');
    expect(await elsewhere.get(owner, draft.draftId)).toBeUndefined();
    // The dialogue has ended: the next message is not taken as an answer.
    expect(text(await bot.say('my requests'))).not.toContain('Short Breaks');
  });
});

describe('storage round trips of one dialogue turn', () => {
  const proxy = new FaultProxy(testConnectionString());
  const bot = new BotHarness();
  beforeAll(async () => {
    await proxy.start();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
  });

  // The draft's row is read by key, or written in a transaction with its entry in the officer's list.
  const draftRows = (requests: ProxiedRequest[]) => requests.filter((r) => decodeURIComponent(r.path).includes("RowKey='d_") || r.body?.includes("RowKey='d_"));

  it('reads the dialogue state, saves the draft over the etag it last saw, and writes the state: no read of the draft', async () => {
    await bot.say('new request');
    await bot.say('Temporary Short Breaks posts');
    const since = proxy.requests.length;
    expect(text(await bot.say('Children and Families'))).toMatch(/Which service/);
    const turn: ProxiedRequest[] = proxy.requests.slice(since);
    expect(draftRows(turn).map((r) => r.method)).toEqual(['POST']);
    expect(turn).toHaveLength(3);
  });

  it('reads the draft again after a restart, when the process no longer has it', async () => {
    await bot.restart();
    const since = proxy.requests.length;
    expect(text(await bot.say('Commissioning and Placements'))).toMatch(/Which team/);
    expect(draftRows(proxy.requests.slice(since)).map((r) => r.method)).toEqual(['GET', 'POST']);
  });
});
