import type { Drained, PostedCard, PostedCards, Posts } from '../../app/ports/outbox';
import { roundTrip } from './memory-tables';

type PostsRow = { cards: Map<string, PostedCard>; drainedThrough?: number; outboxDone: string[] };

/** A request's posts row in memory (storage/posted-cards.ts): its posted cards and its outbox drain's mark. */
export class MemoryPostedCards implements PostedCards {
  private readonly rows = new Map<string, PostsRow>();

  private of(reference: string): PostsRow {
    let row = this.rows.get(reference);
    if (!row) this.rows.set(reference, (row = { cards: new Map(), outboxDone: [] }));
    return row;
  }

  /** A new request's posts row: drained up to the version before its first outbox rows. */
  first(reference: string, drainedThrough: number): void {
    this.rows.set(reference, { cards: new Map(), drainedThrough, outboxDone: [] });
  }

  /** What an outbox row's completion merges into the row: the card it posted and/or the drain's mark. */
  merge(reference: string, post: { key: string; posted: PostedCard } | undefined, drained: Drained | undefined): void {
    const row = this.of(reference);
    if (post) row.cards.set(post.key, roundTrip(post.posted));
    if (drained) Object.assign(row, { drainedThrough: drained.through, outboxDone: roundTrip(drained.done) });
  }

  async read(reference: string): Promise<Posts> {
    const row = this.rows.get(reference);
    if (!row) return { cards: [], outboxDone: [] };
    const cards = [...row.cards.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, card]) => card);
    return roundTrip({ cards, ...(row.drainedThrough !== undefined ? { drainedThrough: row.drainedThrough } : {}), outboxDone: row.outboxDone });
  }

  async cards(reference: string): Promise<PostedCard[]> {
    return (await this.read(reference)).cards;
  }

  async remember(reference: string, key: string, posted: PostedCard): Promise<void> {
    this.merge(reference, { key, posted }, undefined);
  }
}
