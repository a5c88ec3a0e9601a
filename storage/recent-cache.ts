/**
 * A process-local copy of rows read or written lately: at most `maxEntries` (the oldest
 * goes first), each for `ttlMs` (Infinity: until pushed out). For saving round trips only; callers decide what a stale
 * copy may cost and how it is caught.
 */
export class RecentCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.until > this.clock()) return entry.value;
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, until: this.clock() + this.ttlMs });
  }

  /** Entries held, expired ones included until they are next looked up. */
  get size(): number {
    return this.entries.size;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
