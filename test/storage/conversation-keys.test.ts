import { channelKeys, channelOf, conversationKeys, indexKeys, personalKeys, routeKeys } from '../../storage/conversation-keys';
import { ConversationRefSchema } from '../../storage/conversation-record';

const TENANT = '72F988BF-86F1-41AF-91AB-2D7CD011DB47';
const reference = (conversation: Record<string, unknown>, user?: Record<string, unknown>) =>
  ConversationRefSchema.parse({
    channelId: 'msteams',
    serviceUrl: 'https://smba.trafficmanager.net/uk/',
    conversation,
    bot: { id: '28:bot' },
    ...(user ? { user } : {}),
  });

describe('conversation reference keys', () => {
  it("gives a channel thread its channel's rows", () => {
    const thread = '19:abc@thread.tacv2;messageid=1712345';
    expect(channelOf(thread)).toBe('19:abc@thread.tacv2');
    expect(conversationKeys(thread)).toEqual(conversationKeys('19:abc@thread.tacv2'));
    expect(channelKeys(thread)).toEqual({ partitionKey: 'channels', rowKey: '19:abc@thread.tacv2' });
  });

  it('lower-cases the ids Teams compares case-insensitively, and escapes what a key may not hold', () => {
    expect(personalKeys(TENANT, 'AAAA-1')).toEqual({ partitionKey: `u_${TENANT.toLowerCase()}`, rowKey: 'aaaa-1' });
    expect(routeKeys(TENANT)).toEqual({ partitionKey: `t_${TENANT.toLowerCase()}`, rowKey: 'route' });
    expect(conversationKeys('a/b#c')).toEqual({ partitionKey: 'c_a%2fb%23c', rowKey: 'conversation' });
  });

  it('indexes a 1:1 chat by person and a channel by the channels partition; a group chat has no index', () => {
    const chat = reference({ id: 'a:1', tenantId: TENANT, conversationType: 'personal' }, { id: '29:x', aadObjectId: 'AAAA-1' });
    expect(indexKeys(chat, 'personal')).toEqual(personalKeys(TENANT, 'aaaa-1'));
    expect(indexKeys(reference({ id: '19:abc@thread.tacv2', tenantId: TENANT }), 'channel')).toEqual(channelKeys('19:abc@thread.tacv2'));
    expect(indexKeys(reference({ id: '19:group@thread.v2', tenantId: TENANT }), 'groupChat')).toBeUndefined();
    expect(indexKeys(reference({ id: 'a:2', conversationType: 'personal' }, { id: '29:y', aadObjectId: 'B' }), 'personal')).toBeUndefined();
  });
});
