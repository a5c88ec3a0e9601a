import { TableClient } from '@azure/data-tables';
import { ConversationState, MemoryStorage, TurnContext, TestAdapter, UserState, type Storage } from 'botbuilder';
import fc from 'fast-check';
import { TableBotStorage } from '../../storage/table-bot-storage';
import { decodeKey, encodeKey } from '../../storage/table-keys';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

/** One contract, run against botbuilder's MemoryStorage and our Table implementation. */
function describeStorageContract(name: string, factory: () => Promise<Storage>) {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await factory();
    });

    it('reads nothing for missing keys', async () => {
      expect(await storage.read(['missing-1', 'missing-2'])).toEqual({});
    });

    it('round-trips nested values, unicode and keys with / \\ # ? characters', async () => {
      const key = 'msteams/conversations/a:1#x?y\\z/£€';
      const value = { n: 1, nested: { list: [1, 'two', { three: true }] }, text: 'Café £28,376 — ✓' };
      await storage.write({ [key]: { ...value } });
      const read = await storage.read([key]);
      expect(read[key]).toMatchObject(value);
      expect(typeof read[key]!.eTag).toBe('string');
    });

    it('stores a value over 100,000 characters', async () => {
      const big = 'x'.repeat(120_000);
      await storage.write({ big: { big } });
      expect((await storage.read(['big'])).big!.big).toBe(big);
    });

    it('refuses a write with a stale eTag and keeps the newer value', async () => {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k!;
      await storage.write({ k: { ...first, v: 2 } });
      await expect(storage.write({ k: { ...first, v: 3 } })).rejects.toThrow();
      expect((await storage.read(['k'])).k!.v).toBe(2);
    });

    it("overwrites with eTag '*' or no eTag", async () => {
      await storage.write({ w: { v: 1 } });
      await storage.write({ w: { v: 2, eTag: '*' } });
      expect((await storage.read(['w'])).w!.v).toBe(2);
      await storage.write({ w: { v: 3 } });
      expect((await storage.read(['w'])).w!.v).toBe(3);
    });

    it('deletes, and deleting a missing key is not an error', async () => {
      await storage.write({ d: { v: 1 } });
      await storage.delete(['d', 'never-there']);
      expect(await storage.read(['d'])).toEqual({});
    });

    it('loads and saves conversation and user state through BotState', async () => {
      const conversationState = new ConversationState(storage);
      const userState = new UserState(storage);
      const counter = conversationState.createProperty<number>('counter');
      const profile = userState.createProperty<{ name: string }>('profile');
      const adapter = new TestAdapter(async (context: TurnContext) => {
        const n = (await counter.get(context, 0)) + 1;
        await counter.set(context, n);
        await profile.set(context, { name: `turn ${n}` });
        await conversationState.saveChanges(context);
        await userState.saveChanges(context);
        await context.sendActivity(`count ${n}`);
      });
      await adapter.send('a').assertReply('count 1').send('b').assertReply('count 2').startTest();
    });
  });
}

describeStorageContract('botbuilder MemoryStorage', async () => new MemoryStorage());
describeStorageContract('TableBotStorage on Azurite', async () => {
  const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}BotState`, { allowInsecureConnection: true });
  await table.createTable();
  return new TableBotStorage(table);
});

describe('table key encoding', () => {
  it('is reversible and always legal (1,000 generated strings)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        const encoded = encodeKey(s);
        // eslint-disable-next-line no-control-regex -- asserting none survive
        expect(encoded).not.toMatch(/[/\\#?\u0000-\u001f\u007f-\u009f]/);
        expect(decodeKey(encoded)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});
