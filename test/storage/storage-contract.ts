import { ConversationState, TestAdapter, UserState, type Storage, type TurnContext } from 'botbuilder';

/**
 * botbuilder's Storage contract as MemoryStorage behaves, run against every implementation
 * so that swapping one for another cannot change the bot's behaviour.
 */
export function describeStorageContract(name: string, factory: () => Promise<Storage>): void {
  describe(`Storage contract: ${name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await factory();
    });

    it('reads nothing for keys never written', async () => {
      expect(await storage.read(['missing-1', 'missing-2'])).toEqual({});
      expect(await storage.read([])).toEqual({});
    });

    it('round-trips nested objects and unicode through JSON, with an eTag', async () => {
      const value = { n: 1.5, flag: false, none: null, nested: { list: [1, 'two', { three: true }] }, text: 'Café £28,376 — ✓ 😀 ﷽' };
      await storage.write({ roundtrip: { ...value } });
      const read = (await storage.read(['roundtrip', 'absent'])).roundtrip;
      expect(read).toEqual({ ...value, eTag: expect.any(String) });
      expect(Object.keys(await storage.read(['roundtrip', 'absent']))).toEqual(['roundtrip']);
    });

    it('stores what JSON keeps: dates as strings, undefined dropped', async () => {
      await storage.write({ json: { when: new Date('2026-04-01T09:00:00Z'), gone: undefined } });
      expect((await storage.read(['json'])).json).toEqual({ when: '2026-04-01T09:00:00.000Z', eTag: expect.any(String) });
    });

    it('stores a value over 100,000 characters, emoji across chunk boundaries included', async () => {
      const big = 'x'.repeat(31_999) + '😀'.repeat(40_000) + 'end';
      await storage.write({ big: { big, small: 1 } });
      const read = (await storage.read(['big'])).big!;
      expect((read.big as string).length).toBe(big.length);
      expect(read.big === big).toBe(true); // not toBe: a failure would print 200K characters
      expect(read.small).toBe(1);
    });

    it('gives each write a new eTag, never the one written', async () => {
      await storage.write({ etags: { v: 1, eTag: '*' } });
      const first = (await storage.read(['etags'])).etags!;
      await storage.write({ etags: { ...first, v: 2 } });
      const second = (await storage.read(['etags'])).etags!;
      expect(second.eTag).not.toBe(first.eTag);
      expect(second.eTag).not.toBe('*');
    });

    it('refuses a write with a stale eTag and keeps the newer value', async () => {
      await storage.write({ stale: { v: 1 } });
      const first = (await storage.read(['stale'])).stale!;
      await storage.write({ stale: { ...first, v: 2 } });
      await expect(storage.write({ stale: { ...first, v: 3 } })).rejects.toThrow(/eTag conflict/);
      expect((await storage.read(['stale'])).stale!.v).toBe(2);
    });

    it("overwrites with eTag '*' or with no eTag", async () => {
      await storage.write({ star: { v: 1 } });
      const read = (await storage.read(['star'])).star!;
      await storage.write({ star: { v: 2, eTag: '*' } });
      expect((await storage.read(['star'])).star!.v).toBe(2);
      await storage.write({ star: { v: 3 } });
      expect((await storage.read(['star'])).star).toEqual({ v: 3, eTag: expect.any(String) });
      await expect(storage.write({ star: { ...read, v: 4 } })).rejects.toThrow();
    });

    it('creates a missing key even when the write carries an eTag', async () => {
      await storage.write({ created: { v: 1, eTag: 'W/"some-old-etag"' } });
      expect((await storage.read(['created'])).created!.v).toBe(1);
    });

    it('replaces the whole item rather than merging', async () => {
      await storage.write({ replace: { a: 1, b: 2 } });
      await storage.write({ replace: { a: 3 } });
      expect((await storage.read(['replace'])).replace).toEqual({ a: 3, eTag: expect.any(String) });
    });

    it('writes several keys at once', async () => {
      await storage.write({ many1: { v: 1 }, many2: { v: 2 } });
      const read = await storage.read(['many1', 'many2']);
      expect([read.many1!.v, read.many2!.v]).toEqual([1, 2]);
    });

    it('deletes, and deleting a missing key is not an error', async () => {
      await storage.write({ doomed: { v: 1 } });
      await storage.delete(['doomed', 'never-there']);
      expect(await storage.read(['doomed'])).toEqual({});
      await storage.write({ doomed: { v: 2 } });
      expect((await storage.read(['doomed'])).doomed!.v).toBe(2);
    });

    it.each([
      ['botbuilder state key', 'msteams/conversations/19:abc@thread.tacv2;messageid=1/'],
      ['slashes', 'a/b\\c'],
      ['hash and question mark', 'a#b?c=d'],
      ['percent signs', '100%25 %zz %'],
      ['unicode', 'Ünïcødé/日本語/😀'],
      ['control characters', 'tab\there\nnewline\u0000nul\u007f'],
      ['a lone surrogate', 'half \ud83d pair'],
      ['an empty key', ''],
      ['a key longer than 1 KiB escaped', '/'.repeat(300) + 'x'.repeat(2000)],
    ])('round-trips a key with %s', async (_label, key) => {
      await storage.write({ [key]: { key } });
      expect((await storage.read([key]))[key]!.key).toBe(key);
      await storage.delete([key]);
      expect(await storage.read([key])).toEqual({});
    });

    it('keeps keys apart that escape alike', async () => {
      await storage.write({ 'a/b': { v: 'slash' }, 'a%2fb': { v: 'literal' } });
      const read = await storage.read(['a/b', 'a%2fb']);
      expect([read['a/b']!.v, read['a%2fb']!.v]).toEqual(['slash', 'literal']);
    });

    it('loads and saves ConversationState and UserState through BotState (which writes with *)', async () => {
      const conversationState = new ConversationState(storage);
      const userState = new UserState(storage);
      const counter = conversationState.createProperty<number>('counter');
      const profile = userState.createProperty<{ name: string }>('profile');
      const adapter = new TestAdapter(async (context: TurnContext) => {
        const n = (await counter.get(context, 0)) + 1;
        await counter.set(context, n);
        const before = await profile.get(context, { name: 'nobody' });
        await profile.set(context, { name: `turn ${n}` });
        await conversationState.saveChanges(context);
        await userState.saveChanges(context);
        await context.sendActivity(`count ${n}, was ${before.name}`);
      });
      await adapter.send('a').assertReply('count 1, was nobody').send('b').assertReply('count 2, was turn 1').startTest();
      // A fresh BotState instance (a restart) sees the same state.
      const reloaded = new ConversationState(storage);
      const again = new TestAdapter(async (context: TurnContext) => {
        await context.sendActivity(`count ${await reloaded.createProperty<number>('counter').get(context, 0)}`);
      });
      await again.send('c').assertReply('count 2').startTest();
    });
  });
}
