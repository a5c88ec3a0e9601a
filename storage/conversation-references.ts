import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound, StorageError } from './errors';
import { RecentCache } from './recent-cache';
import { encodeKey } from './keys';
import { PendingNotificationStore } from './pending-notifications';

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

const Row = z.object({
  etag: z.string(),
  kind: z.enum(['personal', 'channel', 'groupChat']),
  reference: z.string(),
  teamId: z.string().optional(),
  updatedAt: z.string(),
  unreachable: z.string().optional(),
  unreachableAt: z.string().optional(),
});
type Row = z.infer<typeof Row>;

const TeamId = z.string().min(1).max(500);
const cacheKey = (keys: { partitionKey: string; rowKey: string }) => `${keys.partitionKey}\n${keys.rowKey}`;
const CONVERSATION_ROW = 'conversation';
const CHANNELS_PARTITION = 'channels';
const ROUTE_ROW = 'route';

/**
 * Where the bot can reach people and channels after a restart. Every lookup reads one partition:
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
export class ConversationReferenceStore {
  /**
   * Rows read lately. Every notification looks a reference up and they seldom change, so
   * a short-lived copy saves a round trip a send. Saves and marks made here update it;
   * another instance's marks are seen within a minute (a send meanwhile is refused and
   * marked again), and rows marked unreachable are never kept.
   */
  private readonly cache = new RecentCache<StoredConversation>(10_000, 60_000);
  /** Notifications waiting for people the bot cannot reach yet, in the same table. */
  readonly pending: PendingNotificationStore;

  constructor(private readonly table: TableClient) {
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
    const columns = { kind, reference: JSON.stringify(reference), teamId, updatedAt: stored.updatedAt };
    // Replace, not merge: a fresh reference clears any earlier `unreachable` mark.
    const own = { partitionKey: conversationPartition(reference.conversation.id), rowKey: CONVERSATION_ROW };
    await this.table.upsertEntity({ ...own, ...columns }, 'Replace');
    this.remembered(own, stored);
    const index = indexKeys(reference, kind);
    if (index) {
      await this.table.upsertEntity({ ...index, ...columns }, 'Replace');
      this.remembered(index, stored);
    }
    const tenantId = reference.conversation.tenantId;
    if (tenantId) {
      await this.table.upsertEntity({ partitionKey: tenantPartition(tenantId), rowKey: ROUTE_ROW, serviceUrl: reference.serviceUrl, bot: JSON.stringify(reference.bot), updatedAt: stored.updatedAt }, 'Replace');
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
    try {
      const row = Route.safeParse(await this.table.getEntity(tenantPartition(tenantId), ROUTE_ROW));
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
  async rememberCreatedChat(person: { tenantId: string; aadObjectId: string; name?: string }, chat: { conversationId: string; serviceUrl: string; bot: { id: string; name?: string } }, now = new Date()): Promise<ConversationRef | undefined> {
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
    return this.get(personalPartition(tenantId), encodeKey(aadObjectId.toLowerCase()));
  }

  /** Any conversation the bot has seen, by its id (a thread id finds its channel). */
  getConversation(conversationId: string): Promise<StoredConversation | undefined> {
    return this.get(conversationPartition(conversationId), CONVERSATION_ROW);
  }

  getChannel(conversationId: string): Promise<StoredConversation | undefined> {
    return this.get(CHANNELS_PARTITION, encodeKey(channelOf(conversationId)));
  }

  /** Channels the bot was added to, unreachable ones included (callers decide), optionally of one team. */
  async listChannels(teamId?: string): Promise<StoredConversation[]> {
    const filter = teamId === undefined ? odata`PartitionKey eq ${CHANNELS_PARTITION}` : odata`PartitionKey eq ${CHANNELS_PARTITION} and teamId eq ${TeamId.parse(teamId)}`;
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
    const partitionKey = conversationPartition(conversationId);
    this.forget({ partitionKey, rowKey: CONVERSATION_ROW });
    const row = await this.readRow(partitionKey, CONVERSATION_ROW);
    if (!row) return;
    const mark = { unreachable: reason.slice(0, 500), unreachableAt: now.toISOString() };
    await this.mergeIfUnchanged({ partitionKey, rowKey: CONVERSATION_ROW }, row, mark);
    const index = indexKeys(toStored(row).reference, row.kind);
    if (!index) return;
    this.forget(index);
    const indexRow = await this.readRow(index.partitionKey, index.rowKey);
    if (indexRow?.reference === row.reference) await this.mergeIfUnchanged(index, indexRow, mark);
  }

  /** For the proactive sender: a usable 1:1 reference, or undefined. */
  async personal(tenantId: string, aadObjectId: string): Promise<ConversationRef | undefined> {
    return usable(await this.getPersonal(tenantId, aadObjectId));
  }

  /** For the proactive sender: a usable reference to any conversation, or undefined. */
  async conversation(conversationId: string): Promise<ConversationRef | undefined> {
    return usable(await this.getConversation(conversationId));
  }

  private async get(partitionKey: string, rowKey: string): Promise<StoredConversation | undefined> {
    const hit = this.cache.get(cacheKey({ partitionKey, rowKey }));
    if (hit) return hit;
    const row = await this.readRow(partitionKey, rowKey);
    const stored = row && toStored(row);
    if (stored) this.remembered({ partitionKey, rowKey }, stored);
    return stored;
  }

  private remembered(keys: { partitionKey: string; rowKey: string }, stored: StoredConversation): void {
    const key = cacheKey(keys);
    this.cache.delete(key);
    // An unreachable mark is always read afresh, so a reinstall seen by another instance counts at once.
    if (!stored.unreachable) this.cache.set(key, stored);
  }

  private forget(keys: { partitionKey: string; rowKey: string }): void {
    this.cache.delete(cacheKey(keys));
  }

  private async readRow(partitionKey: string, rowKey: string): Promise<Row | undefined> {
    try {
      return parseRow(await this.table.getEntity(partitionKey, rowKey));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async mergeIfUnchanged(keys: { partitionKey: string; rowKey: string }, row: Row, mark: Record<string, string>): Promise<void> {
    try {
      await this.table.updateEntity({ ...keys, ...mark }, 'Merge', { etag: row.etag });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status !== 404 && status !== 412) throw error; // gone or re-saved: nothing to mark
    }
  }
}

function parseRow(entity: unknown): Row {
  const row = Row.safeParse(entity);
  if (!row.success) throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored conversation reference row is damaged');
  return row.data;
}

function toStored(entity: unknown): StoredConversation {
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

function usable(stored: StoredConversation | undefined): ConversationRef | undefined {
  return stored && !stored.unreachable ? stored.reference : undefined;
}

/** Teams says 'personal', 'groupChat' or 'channel'; other clients may say nothing. */
function kindOf(reference: ConversationRef): ConversationKind {
  const type = reference.conversation.conversationType;
  if (type === 'channel' || type === 'groupChat' || type === 'personal') return type;
  return reference.conversation.isGroup ? 'groupChat' : 'personal';
}

/** The second row a conversation has besides its own, if any. */
function indexKeys(reference: ConversationRef, kind: ConversationKind): { partitionKey: string; rowKey: string } | undefined {
  if (kind === 'channel') return { partitionKey: CHANNELS_PARTITION, rowKey: encodeKey(reference.conversation.id) };
  const tenantId = reference.conversation.tenantId;
  const aadObjectId = reference.user?.aadObjectId;
  if (kind === 'personal' && tenantId && aadObjectId) return { partitionKey: personalPartition(tenantId), rowKey: encodeKey(aadObjectId.toLowerCase()) };
  return undefined;
}

function conversationPartition(conversationId: string): string {
  return `c_${encodeKey(channelOf(conversationId))}`;
}

function tenantPartition(tenantId: string): string {
  return `t_${encodeKey(tenantId.toLowerCase())}`;
}

function personalPartition(tenantId: string): string {
  return `u_${encodeKey(tenantId.toLowerCase())}`;
}

/** A channel thread's id is `<channel>;messageid=<root>`: threads share their channel's reference. */
export function channelOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}
