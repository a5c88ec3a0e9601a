import { TableClient } from '@azure/data-tables';
import { ConversationReferenceStore } from '../../storage/conversation-references';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

const TENANT = '72F988BF-86F1-41AF-91AB-2D7CD011DB47';
const serviceUrl = 'https://smba.trafficmanager.net/uk/';

function personal(aad: string, conversationId = `a:1${aad}`) {
  return {
    activityId: 'f:install-event',
    channelId: 'msteams',
    serviceUrl,
    conversation: { id: conversationId, tenantId: TENANT, conversationType: 'personal' },
    bot: { id: '28:bot', name: 'Establishment changes' },
    user: { id: `29:${aad}`, name: 'Ann Officer', aadObjectId: aad },
    locale: 'en-GB',
  };
}

function channel(id: string) {
  return {
    channelId: 'msteams',
    serviceUrl,
    conversation: { id, tenantId: TENANT, conversationType: 'channel', isGroup: true, name: 'Approvals' },
    bot: { id: '28:bot', name: 'Establishment changes' },
  };
}

describe('conversation references', () => {
  let table: TableClient;
  let store: ConversationReferenceStore;
  beforeAll(async () => {
    table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}ConversationRefs`, { allowInsecureConnection: true });
    await table.createTable();
    store = new ConversationReferenceStore(table);
  });

  it("finds a person's 1:1 chat by tenant and AAD object id, case-insensitively", async () => {
    await store.save(personal('AAAA-1'), { now: new Date('2026-04-01T09:00:00Z') });
    const found = await store.getPersonal(TENANT.toLowerCase(), 'aaaa-1');
    expect(found).toMatchObject({
      kind: 'personal',
      updatedAt: '2026-04-01T09:00:00.000Z',
      reference: { serviceUrl, conversation: { id: 'a:1AAAA-1', tenantId: TENANT }, user: { aadObjectId: 'AAAA-1' } },
    });
    expect(found!.reference).not.toHaveProperty('activityId'); // would become replyToId on every send
    expect(await store.personal(TENANT, 'AAAA-1')).toEqual(found!.reference);
    expect(await store.conversation('a:1AAAA-1')).toEqual(found!.reference);
    expect(await store.getPersonal(TENANT, 'someone-else')).toBeUndefined();
  });

  it('finds a channel by its id or any thread id in it, and lists channels by team', async () => {
    await store.save(channel('19:general@thread.tacv2'), { teamId: '19:team-a@thread.tacv2' });
    await store.save(channel('19:approvals@thread.tacv2;messageid=1712345'), { teamId: '19:team-a@thread.tacv2' });
    await store.save(channel('19:other@thread.tacv2'), { teamId: "19:team-b'@thread.tacv2" });
    expect(await store.getChannel('19:approvals@thread.tacv2;messageid=999')).toMatchObject({
      kind: 'channel',
      teamId: '19:team-a@thread.tacv2',
      reference: { conversation: { id: '19:approvals@thread.tacv2' } },
    });
    expect((await store.conversation('19:approvals@thread.tacv2;messageid=1'))?.conversation.id).toBe('19:approvals@thread.tacv2');
    const teamA = await store.listChannels('19:team-a@thread.tacv2');
    expect(teamA.map((c) => c.reference.conversation.id).sort()).toEqual(['19:approvals@thread.tacv2', '19:general@thread.tacv2']);
    expect((await store.listChannels("19:team-b'@thread.tacv2")).map((c) => c.reference.conversation.id)).toEqual(['19:other@thread.tacv2']);
    expect(await store.listChannels()).toHaveLength(3);
    expect(await store.getChannel('a:1AAAA-1')).toBeUndefined(); // a 1:1 chat is not a channel
  });

  it('stores group chats by conversation id only', async () => {
    await store.save({
      ...channel('19:meeting_abc@thread.v2'),
      conversation: { id: '19:meeting_abc@thread.v2', tenantId: TENANT, conversationType: 'groupChat', isGroup: true },
    });
    expect(await store.getConversation('19:meeting_abc@thread.v2')).toMatchObject({ kind: 'groupChat' });
    expect(await store.listChannels()).toHaveLength(3);
  });

  it('marks a 403 conversation unreachable everywhere it is indexed, until the next save', async () => {
    await store.save(personal('BBBB-2'));
    await store.markUnreachable('a:1BBBB-2', 'Forbidden: the bot was removed', new Date('2026-04-02T10:00:00Z'));
    expect(await store.getPersonal(TENANT, 'BBBB-2')).toMatchObject({
      unreachable: { reason: 'Forbidden: the bot was removed', at: '2026-04-02T10:00:00.000Z' },
    });
    expect(await store.getConversation('a:1BBBB-2')).toMatchObject({ unreachable: { reason: 'Forbidden: the bot was removed' } });
    expect(await store.personal(TENANT, 'BBBB-2')).toBeUndefined();
    expect(await store.conversation('a:1BBBB-2')).toBeUndefined();
    await store.save(personal('BBBB-2')); // reinstalled
    expect(await store.personal(TENANT, 'BBBB-2')).toBeDefined();
    expect((await store.getPersonal(TENANT, 'BBBB-2'))!.unreachable).toBeUndefined();
  });

  it('marks channels too, and ignores unknown conversations', async () => {
    await store.save(channel('19:gone@thread.tacv2'), { teamId: 'team-c' });
    await store.markUnreachable('19:gone@thread.tacv2;messageid=5', 'bot removed from team');
    expect((await store.listChannels('team-c'))[0]!.unreachable?.reason).toBe('bot removed from team');
    await expect(store.markUnreachable('19:never-seen', 'x')).resolves.toBeUndefined();
  });

  it('keeps the newer 1:1 chat when a person reinstalls elsewhere', async () => {
    await store.save(personal('CCCC-3', 'a:1old'));
    await store.save(personal('CCCC-3', 'a:1new'));
    await store.markUnreachable('a:1old', 'old chat gone');
    expect((await store.personal(TENANT, 'CCCC-3'))?.conversation.id).toBe('a:1new');
  });

  it('keeps references it read for a short while, but never an unreachable mark (several instances)', async () => {
    const other = new ConversationReferenceStore(table);
    await other.save(personal('DDDD-4', 'a:1first'));
    expect((await store.personal(TENANT, 'DDDD-4'))?.conversation.id).toBe('a:1first');
    // Reinstalled elsewhere through another instance: this one answers from its copy for now...
    await other.save(personal('DDDD-4', 'a:1second'));
    expect((await store.personal(TENANT, 'DDDD-4'))?.conversation.id).toBe('a:1first');
    // ...until a send to the old chat is refused, which makes it read again.
    await store.markUnreachable('a:1first', 'chat gone');
    expect((await store.personal(TENANT, 'DDDD-4'))?.conversation.id).toBe('a:1second');
    // A mark is never kept, so a reinstall by another instance counts at once.
    const third = new ConversationReferenceStore(table);
    await other.markUnreachable('a:1second', 'removed');
    expect(await third.personal(TENANT, 'DDDD-4')).toBeUndefined();
    await other.save(personal('DDDD-4', 'a:1third'));
    expect((await third.personal(TENANT, 'DDDD-4'))?.conversation.id).toBe('a:1third');
  });

  it('ignores references it could not use later, and rejects damaged rows', async () => {
    await expect(store.save({ channelId: 'msteams', conversation: { id: 'x' } })).resolves.toBeUndefined();
    expect(await store.getConversation('x')).toBeUndefined();
    await table.upsertEntity({ partitionKey: 'c_damaged', rowKey: 'conversation', kind: 'personal', reference: '{"not":"a reference"}', updatedAt: 'now' });
    await expect(store.getConversation('damaged')).rejects.toMatchObject({ code: 'STORAGE_DAMAGED_ROW' });
  });
});
