import type { ScheduledItem, ScheduledWork } from '../../storage/schedule';

export type { ScheduledItem, ScheduledWork };

/**
 * Work due at a time (storage/schedule.ts), written before the change that needs it. Each
 * item is claimed with a lease over its etag, so only one instance does it: a claim over a
 * stale etag gives undefined.
 */
export interface Schedule {
  /** Returns the items as stored, so whoever does one first can remove it. */
  add(items: readonly ScheduledWork[]): Promise<ScheduledItem[]>;
  /** Items due by `now` and not leased, oldest first. */
  due(now: Date): Promise<ScheduledItem[]>;
  claim(item: ScheduledItem, now: Date, leaseMs?: number): Promise<ScheduledItem | undefined>;
  complete(item: ScheduledItem): Promise<void>;
  /** Hands a claimed item back to be tried again at `at`. */
  retryAt(item: ScheduledItem, at: Date): Promise<void>;
  /** Removes items whose work is done, whoever holds them. */
  remove(items: readonly ScheduledItem[]): Promise<void>;
}
