import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound } from './table-errors';
import { encodeKey } from './table-keys';

/** The parts of a botbuilder ConversationReference the bot needs to speak first. */
export const StoredReferenceSchema = z.object({
  activityId: z.string().optional(),
  channelId: z.string(),
  serviceUrl: z.string().url(),
  conversation: z.object({
    id: z.string(),
    conversationType: z.string().default(''),
    tenantId: z.string().optional(),
    isGroup: z.boolean().default(false),
    name: z.string().default(''),
  }),
  bot: z.object({ id: z.string(), name: z.string().default('') }).optional(),
  user: z.object({ id: z.string(), name: z.string().default(''), aadObjectId: z.string().optional() }).optional(),
  locale: z.string().optional(),
});

export type StoredReference = z.infer<typeof StoredReferenceSchema>;

const Row = z.object({ reference: z.string(), unreachable: z.string().optional() }).passthrough();

/**
 * Where the bot can reach people and channels after a restart. Two point-lookups:
 *   PK u_<tenant>_<aadObjectId>  RK personal      the person's 1:1 chat with the bot
 *   PK c_<conversationId>        RK conversation  any conversation (chat, channel, group)
 * A reference marked unreachable (403: the bot was removed or blocked) is not used again
 * until a new install event overwrites it.
 */
export class ConversationReferenceStore {
  constructor(private readonly table: TableClient) {}

  async save(raw: unknown): Promise<void> {
    const parsed = StoredReferenceSchema.safeParse(raw);
    if (!parsed.success) return; // nothing usable to remember (e.g. no serviceUrl)
    const reference = parsed.data;
    const row = { reference: JSON.stringify(reference), updatedAt: new Date().toISOString(), kind: reference.conversation.conversationType || 'unknown' };
    await this.table.upsertEntity({ partitionKey: `c_${encodeKey(channelOf(reference.conversation.id))}`, rowKey: 'conversation', ...row }, 'Replace');
    const tenantId = reference.conversation.tenantId;
    const aad = reference.user?.aadObjectId;
    if (reference.conversation.conversationType === 'personal' && tenantId && aad) {
      await this.table.upsertEntity({ partitionKey: personalKey(tenantId, aad), rowKey: 'personal', ...row }, 'Replace');
    }
  }

  personal(tenantId: string, aadObjectId: string): Promise<StoredReference | undefined> {
    return this.read(personalKey(tenantId, aadObjectId), 'personal');
  }

  conversation(conversationId: string): Promise<StoredReference | undefined> {
    return this.read(`c_${encodeKey(channelOf(conversationId))}`, 'conversation');
  }

  /** Marks the conversation (and, for a 1:1 chat, the person's entry) as not to be used. */
  async markUnreachable(conversationId: string, reason: string): Promise<void> {
    const partitionKey = `c_${encodeKey(channelOf(conversationId))}`;
    const unreachable = reason.slice(0, 500);
    const reference = await this.read(partitionKey, 'conversation');
    const keys: Array<[string, string]> = [[partitionKey, 'conversation']];
    const tenantId = reference?.conversation.tenantId;
    const aad = reference?.user?.aadObjectId;
    if (reference?.conversation.conversationType === 'personal' && tenantId && aad) keys.push([personalKey(tenantId, aad), 'personal']);
    for (const [pk, rk] of keys) {
      try {
        await this.table.updateEntity({ partitionKey: pk, rowKey: rk, unreachable }, 'Merge');
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    }
  }

  private async read(partitionKey: string, rowKey: string): Promise<StoredReference | undefined> {
    try {
      const row = Row.parse(await this.table.getEntity(partitionKey, rowKey));
      if (row.unreachable) return undefined;
      return StoredReferenceSchema.parse(JSON.parse(row.reference));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}

function personalKey(tenantId: string, aadObjectId: string): string {
  return `u_${encodeKey(tenantId.toLowerCase())}_${encodeKey(aadObjectId.toLowerCase())}`;
}

/** A channel thread's id is `<channel>;messageid=<root>`: threads share their channel's reference. */
function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0]!;
}
