import { createHash } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound } from './errors';
import { postsRowKey, requestPartition } from './request-table';
import { SendBudgetStore } from './send-budget';
import { REFERENCE_PATTERN } from '../domain/reference';

/** A card message the bot posted for a request: who it was rendered for and where it is. */
export const PostedCardSchema = z.object({
  conversationId: z.string(),
  activityId: z.string(),
  /** 'person' cards show the viewer's own actions; 'channel' is the public decisions post. */
  audience: z.enum(['person', 'channel']),
  viewerTenantId: z.string(),
  viewerAadObjectId: z.string(),
  viewerName: z.string(),
});
export type PostedCard = z.infer<typeof PostedCardSchema>;

/**
 * A request's posted cards are one row (RK posts_<reference>) with a property a post:
 * reading them is a point read (they were rows of their own, found by a query of the
 * partition, which Azurite answers by scanning the whole table), and remembering one is a
 * Merge that needs no read. Table Storage allows 252 properties an entity, so the outbox
 * stops remembering a request's posts at MAX_POSTED_CARDS (about 10 a stage it goes through).
 */
export const MAX_POSTED_CARDS = 200;
const PostEntry = PostedCardSchema.extend({ key: z.string() });
const DrainMark = z.object({ through: z.number().int().nonnegative(), done: z.array(z.string().regex(new RegExp(`^x_\\d{6}_\\d{2}_${REFERENCE_PATTERN}$`))) });

/**
 * A drain's mark, kept on the same row and written with the drain's last completion:
 * every outbox row up to version `through` is done, and `done` names the rows it
 * completed, for the next drain's first claim to sweep. The drain of a change to
 * `through + 1` that this process wrote then knows every pending row already (the
 * change's own) and need not read the outbox.
 */
export type Drained = { through: number; done: string[] };

/** A request's posts row as read. */
export interface Posts {
  cards: PostedCard[];
  drainedThrough?: number;
  outboxDone: string[];
}

/** The posts row of a new request: no card yet, drained up to the version before its first outbox rows. */
export function firstPostsRow(reference: string, drainedThrough: number) {
  return { partitionKey: requestPartition(reference), rowKey: postsRowKey(reference), drainedThrough, outboxDone: '[]' };
}

/** The columns to Merge into the posts row for a post remembered (under `key`) and/or a drain's mark. */
export function postsRowChange(reference: string, change: { key: string; posted: PostedCard } | undefined, drained: Drained | undefined) {
  return {
    partitionKey: requestPartition(reference),
    rowKey: postsRowKey(reference),
    // Keys hold characters a property name may not ('-', ':'): the name is a hash of the key.
    ...(change ? { [`p_${createHash('sha256').update(change.key).digest('hex').slice(0, 40)}`]: JSON.stringify({ key: change.key, ...change.posted }) } : {}),
    ...(drained ? { drainedThrough: drained.through, outboxDone: JSON.stringify(drained.done) } : {}),
  };
}

export class PostedCardStore {
  constructor(private readonly table: TableClient) {}

  /** The send budgets shared by every instance, kept in the same table (partition pace). */
  sendBudget(): SendBudgetStore {
    return new SendBudgetStore(this.table);
  }

  /** Every card message posted for this request (to update them all in place), in the order of their keys. */
  async cards(reference: string): Promise<PostedCard[]> {
    return (await this.read(reference)).cards;
  }

  /** The posts row: the request's posted cards, and how far its outbox was last drained. */
  async read(reference: string): Promise<Posts> {
    let row: Record<string, unknown>;
    try {
      row = await this.table.getEntity<Record<string, unknown>>(requestPartition(reference), postsRowKey(reference));
    } catch (e) {
      if (isNotFound(e)) return { cards: [], outboxDone: [] };
      throw e;
    }
    const posts = Object.entries(row).flatMap(([name, value]) => {
      const parsed = name.startsWith('p_') && typeof value === 'string' ? PostEntry.safeParse(parseJson(value)) : undefined;
      return parsed?.success ? [parsed.data] : [];
    });
    const mark = DrainMark.safeParse({ through: row.drainedThrough, done: parseJson(String(row.outboxDone)) });
    return {
      cards: posts.sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ key: _key, ...card }) => card),
      ...(mark.success ? { drainedThrough: mark.data.through } : {}),
      outboxDone: mark.success ? mark.data.done : [],
    };
  }

  /** Remembers a post that is not a person's card (the decisions channel post, a deputy's copy). */
  async remember(reference: string, key: string, posted: PostedCard): Promise<void> {
    await this.table.upsertEntity(postsRowChange(reference, { key, posted }, undefined), 'Merge');
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
