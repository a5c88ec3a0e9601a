import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound } from './errors';
import { PendingNotificationStore } from './pending-notifications';
import { CHANNELS_PARTITION, channelKeys, channelOf, conversationKeys, indexKeys, personalKeys, personalPartition, routeKeys } from './conversation-keys';
import { ConversationRefSchema, kindOf, TeamId, toStored, usable, type ConversationRef, type StoredConversation } from './conversation-record';
import { ConversationRows } from './conversation-rows';

export { channelOf } from './conversation-keys';
export { ConversationRefSchema, type ConversationKind, type ConversationRef, type StoredConversation } from './conversation-record';

/**
 * Where the bot can reach people and channels after a restart: each conversation's
 * reference, found by conversation, by person (their 1:1 chat) or by team (its channels),
 * and each tenant's route for creating chats. The rows are laid out in conversation-keys.ts.
 */
export class ConversationReferenceStore {
  private readonly rows: ConversationRows;
  /** Notifications waiting for people the bot cannot reach yet, in the same table. */
  readonly pending: PendingNotificationStore;

  constructor(private readonly table: TableClient) {
    this.rows = new ConversationRows(table);
    this.pending = new PendingNotificationStore(table);
  }

  /** Remembers a reference from an incoming activity; an unusable one (no serviceUrl) is ignored. */
  async save(raw: unknown, extras: { teamId?: string; now?: Date } = {}): Promise<void> {
    await this.remember(raw, extras);
  }

  /** As save, returning what was stored (undefined when the reference was unusable). */
  async remember(raw: unknown, extras: { teamId?: string; now?: Date } = {}): Promise<StoredConversation | undefined> {
    const parsed = ConversationRefSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const reference: ConversationRef = { ...parsed.data, conversation: { ...parsed.data.conversation, id: channelOf(parsed.data.conversation.id) } };
    const kind = kindOf(reference);
    const teamId = extras.teamId === undefined ? undefined : TeamId.parse(extras.teamId);
    const stored: StoredConversation = { kind, reference, ...(teamId ? { teamId } : {}), updatedAt: (extras.now ?? new Date()).toISOString() };
    await this.rows.replace(conversationKeys(reference.conversation.id), stored);
    const index = indexKeys(reference, kind);
    if (index) await this.rows.replace(index, stored);
    const tenantId = reference.conversation.tenantId;
    if (tenantId) {
      await this.table.upsertEntity(
        { ...routeKeys(tenantId), serviceUrl: reference.serviceUrl, bot: JSON.stringify(reference.bot), updatedAt: stored.updatedAt },
        'Replace',
      );
    }
    return stored;
  }

  /**
   * Where to ask Teams to create a chat in a tenant: the serviceUrl and bot of the tenant's
   * most recent conversation (one point read), or, for references saved before that was
   * kept, of any 1:1 chat of the tenant (the first row of one partition).
   */
  async tenantRoute(tenantId: string): Promise<{ serviceUrl: string; bot: { id: string; name: string } } | undefined> {
    const Route = z.object({ serviceUrl: z.url(), bot: z.string() });
    const route = routeKeys(tenantId);
    try {
      const row = Route.safeParse(await this.table.getEntity(route.partitionKey, route.rowKey));
      const bot = row.success ? ConversationRefSchema.shape.bot.safeParse(JSON.parse(row.data.bot)) : undefined;
      if (row.success && bot?.success) return { serviceUrl: row.data.serviceUrl, bot: bot.data };
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const pages = this.table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${personalPartition(tenantId)}` } }).byPage({ maxPageSize: 1 });
    const first = (await pages.next()).value as unknown[] | undefined;
    if (!first?.[0]) return undefined;
    const { reference } = toStored(first[0]);
    return { serviceUrl: reference.serviceUrl, bot: reference.bot };
  }

  /**
   * Remembers a 1:1 chat the bot created itself (createConversation with the person's
   * object id): later sends reuse it. Teams' user id (29:…) is not known until they write,
   * so the reference names them by object id only; their own first activity replaces it.
   */
  async rememberCreatedChat(
    person: { tenantId: string; aadObjectId: string; name?: string },
    chat: { conversationId: string; serviceUrl: string; bot: { id: string; name?: string } },
    now = new Date(),
  ): Promise<ConversationRef | undefined> {
    const stored = await this.remember(
      {
        channelId: 'msteams',
        serviceUrl: chat.serviceUrl,
        conversation: { id: chat.conversationId, tenantId: person.tenantId, conversationType: 'personal', isGroup: false },
        bot: { id: chat.bot.id, name: chat.bot.name ?? '' },
        user: { id: '', name: person.name ?? '', aadObjectId: person.aadObjectId },
      },
      { now },
    );
    return stored?.reference;
  }

  getPersonal(tenantId: string, aadObjectId: string): Promise<StoredConversation | undefined> {
    return this.rows.get(personalKeys(tenantId, aadObjectId));
  }

  /** Any conversation the bot has seen, by its id (a thread id finds its channel). */
  getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    return this.rows.get(conversationKeys(conversationId));
  }

  getChannel(conversationId: string): Promise<StoredConversation | undefined> {
    return this.rows.get(channelKeys(conversationId));
  }

  /** Channels the bot was added to, unreachable ones included (callers decide), optionally of one team. */
  async listChannels(teamId?: string): Promise<StoredConversation[]> {
    const filter =
      teamId === undefined ? odata`PartitionKey eq ${CHANNELS_PARTITION}` : odata`PartitionKey eq ${CHANNELS_PARTITION} and teamId eq ${TeamId.parse(teamId)}`;
    const found: StoredConversation[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) found.push(toStored(entity));
    return found;
  }

  /**
   * Marks a conversation (and its 1:1 or channel index row) as not to be used, after a 403.
   * Each row is changed only if it still holds the reference read, so a re-install that
   * lands meanwhile is not marked.
   */
  async markUnreachable(conversationId: string, reason: string, now = new Date()): Promise<void> {
    const own = conversationKeys(conversationId);
    this.rows.forget(own);
    const row = await this.rows.read(own);
    if (!row) return;
    const mark = { unreachable: reason.slice(0, 500), unreachableAt: now.toISOString() };
    await this.rows.mergeIfUnchanged(own, row, mark);
    const index = indexKeys(toStored(row).reference, row.kind);
    if (!index) return;
    this.rows.forget(index);
    const indexRow = await this.rows.read(index);
    if (indexRow?.reference === row.reference) await this.rows.mergeIfUnchanged(index, indexRow, mark);
  }

  /** For the proactive sender: a usable 1:1 reference, or undefined. */
  async personal(tenantId: string, aadObjectId: string): Promise<ConversationRef | undefined> {
    return usable(await this.getPersonal(tenantId, aadObjectId));
  }

  /** For the proactive sender: a usable reference to any conversation, or undefined. */
  async conversation(conversationId: string): Promise<ConversationRef | undefined> {
    return usable(await this.getConversation(conversationId));
  }
}
