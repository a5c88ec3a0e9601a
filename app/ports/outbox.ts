import type { OutboxRow } from '../../storage/outbox-store';
import type { Drained, PostedCard, Posts } from '../../storage/posted-cards';

export type { Drained, OutboxRow, PostedCard, Posts };

/**
 * A request's outbox rows (storage/outbox-store.ts), written with the change that causes
 * them. A row is claimed with a lease over its etag and completed over the claim's etag,
 * so each is carried out once: a claim or completion over a stale etag does not happen
 * (undefined, or `done: false`).
 */
export interface Outbox {
  /** Rows not yet carried out, in the order their changes made them. */
  pending(reference: string): Promise<OutboxRow[]>;
  /** The rows still to do, and the keys of rows done but not yet swept away. */
  read(reference: string): Promise<{ pending: OutboxRow[]; done: string[] }>;
  /** Takes a row for `leaseMs` (and deletes the done rows named in `sweep`); undefined when someone else has it. */
  claim(row: OutboxRow, now: Date, leaseMs?: number, sweep?: readonly string[]): Promise<OutboxRow | undefined>;
  /** Extends a claim this instance holds (over its etag); undefined when it is no longer ours. */
  renew(row: OutboxRow, now: Date, leaseMs: number): Promise<OutboxRow | undefined>;
  /** Marks a claimed row done, with the card it posted, the next row's claim and the drain's mark, at once. */
  complete(
    row: OutboxRow,
    posted?: PostedCard,
    next?: { row: OutboxRow; now: Date; leaseMs?: number },
    drained?: Drained,
  ): Promise<{ done: boolean; next?: OutboxRow }>;
  /** Gives a claimed row back after a failed send: nobody takes it before `notBefore`. */
  release(row: OutboxRow, notBefore: Date): Promise<void>;
  /** The version of the change that wrote a row. */
  versionOf(row: Pick<OutboxRow, 'rowKey'>): number;
}

/** The cards posted for a request, to update in place, and how far its outbox was drained (storage/posted-cards.ts). */
export interface PostedCards {
  read(reference: string): Promise<Posts>;
  cards(reference: string): Promise<PostedCard[]>;
  remember(reference: string, key: string, posted: PostedCard): Promise<void>;
}
