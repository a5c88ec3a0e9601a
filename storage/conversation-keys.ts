import { encodeKey } from './keys';
import type { ConversationKind, ConversationRef } from './conversation-record';

/**
 * Where conversation references live in their table. Every lookup reads one partition:
 *   PK c_<conversationId>  RK conversation          every conversation (1:1, group chat, channel),
 *                                                   the row proactive sends and updates use
 *   PK u_<tenantId>        RK <aadObjectId>         a person's 1:1 chat with the bot
 *   PK channels            RK <channel conversation id>  every channel, with its teamId, so
 *                                                   listChannels is one partition query (a
 *                                                   council's bot sits in tens of channels)
 *   PK t_<tenantId>        RK route                 the tenant's most recent conversation's
 *                                                   serviceUrl and bot, to create a 1:1 chat
 *                                                   with someone who never opened the bot
 *   PK w_<tenantId>        RK …                     notifications waiting for people the bot
 *                                                   cannot reach yet (pending-notifications.ts)
 * Keys are escaped (keys.ts); ids are lower-cased where Teams treats them case-insensitively.
 * Channel thread ids (`<channel>;messageid=<root>`) share their channel's reference.
 */
export interface RowKeys {
  partitionKey: string;
  rowKey: string;
}

const CONVERSATION_ROW = 'conversation';
const ROUTE_ROW = 'route';
export const CHANNELS_PARTITION = 'channels';

export function conversationKeys(conversationId: string): RowKeys {
  return { partitionKey: `c_${encodeKey(channelOf(conversationId))}`, rowKey: CONVERSATION_ROW };
}

export function personalKeys(tenantId: string, aadObjectId: string): RowKeys {
  return { partitionKey: personalPartition(tenantId), rowKey: encodeKey(aadObjectId.toLowerCase()) };
}

export function channelKeys(conversationId: string): RowKeys {
  return { partitionKey: CHANNELS_PARTITION, rowKey: encodeKey(channelOf(conversationId)) };
}

export function routeKeys(tenantId: string): RowKeys {
  return { partitionKey: `t_${encodeKey(tenantId.toLowerCase())}`, rowKey: ROUTE_ROW };
}

/** Every 1:1 chat of a tenant is in this partition. */
export function personalPartition(tenantId: string): string {
  return `u_${encodeKey(tenantId.toLowerCase())}`;
}

/** The second row a conversation has besides its own, if any. */
export function indexKeys(reference: ConversationRef, kind: ConversationKind): RowKeys | undefined {
  if (kind === 'channel') return channelKeys(reference.conversation.id);
  const tenantId = reference.conversation.tenantId;
  const aadObjectId = reference.user?.aadObjectId;
  if (kind === 'personal' && tenantId && aadObjectId) return personalKeys(tenantId, aadObjectId);
  return undefined;
}

/** A channel thread's id is `<channel>;messageid=<root>`: threads share their channel's reference. */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
