import { z } from 'zod';
import { StorageError } from './errors';

/**
 * The parts of a Bot Framework ConversationReference the bot needs to speak first,
 * declared here so storage/ does not import botbuilder. `activityId` is dropped on
 * purpose: botbuilder copies it into `replyToId` on every proactive send, which would
 * thread new posts under whatever message the reference was captured from.
 */
export const ConversationRefSchema = z.object({
  channelId: z.string().min(1),
  serviceUrl: z.url(),
  conversation: z.object({
    id: z.string().min(1),
    tenantId: z.string().optional(),
    // Defaults fill what botbuilder's ConversationAccount / ChannelAccount require.
    conversationType: z.string().default(''),
    isGroup: z.boolean().default(false),
    name: z.string().default(''),
  }),
  bot: z.object({ id: z.string(), name: z.string().default('') }),
  user: z.object({ id: z.string(), name: z.string().default(''), aadObjectId: z.string().optional() }).optional(),
  locale: z.string().optional(),
});
export type ConversationRef = z.infer<typeof ConversationRefSchema>;

export type ConversationKind = 'personal' | 'channel' | 'groupChat';

export interface StoredConversation {
  kind: ConversationKind;
  reference: ConversationRef;
  teamId?: string;
  updatedAt: string;
  /** Set after a 403 (bot removed or blocked); cleared by the next save of this conversation. */
  unreachable?: { reason: string; at: string };
}

/** A conversation's row as stored: the reference as JSON, the 403 mark in two columns. */
export const ConversationRow = z.object({
  etag: z.string(),
  kind: z.enum(['personal', 'channel', 'groupChat']),
  reference: z.string(),
  teamId: z.string().optional(),
  updatedAt: z.string(),
  unreachable: z.string().optional(),
  unreachableAt: z.string().optional(),
});
export type ConversationRow = z.infer<typeof ConversationRow>;

export const TeamId = z.string().min(1).max(500);

export function parseRow(entity: unknown): ConversationRow {
  const row = ConversationRow.safeParse(entity);
  if (!row.success) throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored conversation reference row is damaged');
  return row.data;
}

export function toStored(entity: unknown): StoredConversation {
  const row = parseRow(entity);
  let json: unknown;
  try {
    json = JSON.parse(row.reference);
  } catch (error) {
    throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored conversation reference is not JSON', { cause: error });
  }
  const reference = ConversationRefSchema.safeParse(json);
  if (!reference.success) throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored conversation reference is damaged');
  return {
    kind: row.kind,
    reference: reference.data,
    ...(row.teamId ? { teamId: row.teamId } : {}),
    updatedAt: row.updatedAt,
    ...(row.unreachable !== undefined ? { unreachable: { reason: row.unreachable, at: row.unreachableAt ?? '' } } : {}),
  };
}

/** The reference, unless a 403 marked the conversation unreachable. */
export function usable(stored: StoredConversation | undefined): ConversationRef | undefined {
  return stored && !stored.unreachable ? stored.reference : undefined;
}

/** Teams says 'personal', 'groupChat' or 'channel'; other clients may say nothing. */
export function kindOf(reference: ConversationRef): ConversationKind {
  const type = reference.conversation.conversationType;
  if (type === 'channel' || type === 'groupChat' || type === 'personal') return type;
  return reference.conversation.isGroup ? 'groupChat' : 'personal';
}
