import type { Drained, Outbox, OutboxRow, PostedCard } from '../../app/ports/outbox';
import type { MemoryPostedCards } from './memory-posted-cards';
import { roundTrip, type MemoryTables } from './memory-tables';

type Row = OutboxRow & { done?: boolean };

/** The row key of an outbox row, as storage/request-table.ts lays it out. */
const outboxRowKey = (reference: string, version: number, index: number) =>
  `x_${String(version).padStart(6, '0')}_${String(index).padStart(2, '0')}_${reference}`;

/**
 * Outbox rows in memory, with the rules of storage/outbox-store.ts: a claim, completion or
 * release over a stale etag does not happen; a completion and the next row's claim happen
 * together, or (the claim losing) the completion alone.
 */
export class MemoryOutbox implements Outbox {
  private readonly rows = new Map<string, Map<string, Row>>();

  constructor(
    private readonly tables: MemoryTables,
    private readonly posts: MemoryPostedCards,
  ) {}

  private of(reference: string): Map<string, Row> {
    let rows = this.rows.get(reference);
    if (!rows) this.rows.set(reference, (rows = new Map()));
    return rows;
  }

  /** Writes a change's rows (the request store calls this within the change's own write). */
  write(reference: string, version: number, notifications: readonly object[]): OutboxRow[] {
    return notifications.map((n, i) => {
      const row: Row = { reference, rowKey: outboxRowKey(reference, version, i), etag: this.tables.etag(), notification: roundTrip(n), attempts: 0 };
      this.of(reference).set(row.rowKey, row);
      return roundTrip(row);
    });
  }

  async pending(reference: string): Promise<OutboxRow[]> {
    return (await this.read(reference)).pending;
  }

  async read(reference: string): Promise<{ pending: OutboxRow[]; done: string[] }> {
    const rows = [...this.of(reference).values()].sort((a, b) => a.rowKey.localeCompare(b.rowKey));
    return roundTrip({ pending: rows.filter((r) => !r.done).map(({ done: _done, ...row }) => row), done: rows.filter((r) => r.done).map((r) => r.rowKey) });
  }

  async claim(row: OutboxRow, now: Date, leaseMs = 5_000, sweep: readonly string[] = []): Promise<OutboxRow | undefined> {
    if (this.of(row.reference).get(row.rowKey)?.etag !== row.etag) return undefined;
    for (const rowKey of sweep.slice(0, 99)) this.of(row.reference).delete(rowKey);
    return this.lease(row, now, leaseMs);
  }

  async renew(row: OutboxRow, now: Date, leaseMs: number): Promise<OutboxRow | undefined> {
    if (this.of(row.reference).get(row.rowKey)?.etag !== row.etag) return undefined;
    return this.lease(row, now, leaseMs, true);
  }

  private lease(row: OutboxRow, now: Date, leaseMs = 5_000, renewal = false): OutboxRow {
    const rows = this.of(row.reference);
    const leased: Row = {
      ...rows.get(row.rowKey)!,
      leaseUntil: new Date(now.getTime() + leaseMs).toISOString(),
      attempts: renewal ? row.attempts : row.attempts + 1,
      etag: this.tables.etag(),
    };
    rows.set(row.rowKey, leased);
    return roundTrip({ ...row, leaseUntil: leased.leaseUntil, attempts: leased.attempts, etag: leased.etag });
  }

  async complete(
    row: OutboxRow,
    posted?: PostedCard,
    next?: { row: OutboxRow; now: Date; leaseMs?: number },
    drained?: Drained,
  ): Promise<{ done: boolean; next?: OutboxRow }> {
    const rows = this.of(row.reference);
    if (rows.get(row.rowKey)?.etag !== row.etag) return { done: false };
    const claim = next && next.row.reference === row.reference ? next : undefined;
    if (claim && rows.get(claim.row.rowKey)?.etag !== claim.row.etag) return this.complete(row, posted, undefined, drained);
    rows.set(row.rowKey, { ...rows.get(row.rowKey)!, done: true, etag: this.tables.etag() });
    if (posted || drained)
      this.posts.merge(row.reference, posted && { key: `${row.rowKey.slice(2)}_${posted.viewerAadObjectId.toLowerCase()}`, posted }, drained);
    return claim ? { done: true, next: this.lease(claim.row, claim.now, claim.leaseMs) } : { done: true };
  }

  async release(row: OutboxRow, notBefore: Date): Promise<void> {
    const rows = this.of(row.reference);
    const stored = rows.get(row.rowKey);
    // No longer ours (another took it): nothing to give back.
    if (stored?.etag !== row.etag) return;
    rows.set(row.rowKey, { ...stored, leaseUntil: notBefore.toISOString(), etag: this.tables.etag() });
  }

  versionOf(row: Pick<OutboxRow, 'rowKey'>): number {
    return Number(row.rowKey.slice(2, 8));
  }
}
