import type { ScheduledItem, ScheduledWork, Schedule } from '../../app/ports/schedule';
import { roundTrip, type MemoryTables } from './memory-tables';

type Row = ScheduledItem & { leaseUntil?: string };

/**
 * Scheduled work in memory, with the rules of storage/schedule.ts: items sort by when they
 * fall due, a leased item is not due until its lease runs out, and a claim or completion
 * over a stale etag does not happen.
 */
export class MemorySchedule implements Schedule {
  private readonly rows = new Map<string, Row>();
  private added = 0;

  constructor(private readonly tables: MemoryTables) {}

  async add(items: readonly ScheduledWork[]): Promise<ScheduledItem[]> {
    return items.map((item) => {
      const dueAt = item.dueAt.toISOString();
      const row: Row = {
        rowKey: `${dueAt}_${item.reference}_${item.kind}_${String(++this.added).padStart(6, '0')}`,
        etag: this.tables.etag(),
        reference: item.reference,
        kind: item.kind,
        dueAt,
        data: roundTrip(item.data ?? {}),
      };
      this.rows.set(row.rowKey, row);
      return roundTrip(row);
    });
  }

  async due(now: Date): Promise<ScheduledItem[]> {
    const at = now.toISOString();
    return [...this.rows.values()]
      .filter((r) => r.rowKey <= `${at}~` && !(r.leaseUntil && r.leaseUntil > at))
      .sort((a, b) => a.rowKey.localeCompare(b.rowKey))
      .map(({ leaseUntil: _lease, ...item }) => roundTrip(item));
  }

  async claim(item: ScheduledItem, now: Date, leaseMs = 60_000): Promise<ScheduledItem | undefined> {
    const row = this.rows.get(item.rowKey);
    if (row?.etag !== item.etag) return undefined;
    const leased = { ...row, leaseUntil: new Date(now.getTime() + leaseMs).toISOString(), etag: this.tables.etag() };
    this.rows.set(item.rowKey, leased);
    return roundTrip({ ...item, etag: leased.etag });
  }

  async complete(item: ScheduledItem): Promise<void> {
    if (this.rows.get(item.rowKey)?.etag === item.etag) this.rows.delete(item.rowKey);
  }

  async retryAt(item: ScheduledItem, at: Date): Promise<void> {
    await this.add([{ reference: item.reference, kind: item.kind, dueAt: at, data: item.data }]);
    await this.complete(item);
  }

  async remove(items: readonly ScheduledItem[]): Promise<void> {
    for (const item of items) this.rows.delete(item.rowKey);
  }

  /** Everything scheduled, in the order it falls due (for tests to read). */
  all(): ScheduledItem[] {
    return [...this.rows.values()].sort((a, b) => a.rowKey.localeCompare(b.rowKey)).map((r) => roundTrip(r));
  }
}
