import { channelOf } from './conversation-id';

/**
 * Teams' per-bot, per-conversation limits (7 sends a second, 8 per 2 s, 60 per 30 s),
 * kept per conversation in this process.
 */
const WINDOWS: ReadonlyArray<{ ms: number; max: number }> = [
  { ms: 1000, max: 7 },
  { ms: 2000, max: 8 },
  { ms: 30_000, max: 60 },
];

/** How often a send waiting only on sends still under way looks again. */
const POLL_MS = 20;
/** Every this many sends, conversations with nothing under way or in any window are forgotten. */
export const SWEEP_EVERY = 256;

/** One send: when it finished, or Infinity while it is under way. */
export type Slot = { end: number };

export class ConversationRateLimiter {
  private readonly slots = new Map<string, Slot[]>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Sends waiting or under way, by conversation: those conversations are never forgotten. */
  private readonly pending = new Map<string, number>();
  private runs = 0;
  private readonly longest: number;

  constructor(
    private readonly windows = WINDOWS,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    this.longest = Math.max(...windows.map((w) => w.ms));
  }

  /**
   * Runs `send` when it fits every window; sends to one conversation start in order. A send
   * counts from when it starts until a window's length after it ends: Teams sees it at some
   * moment in between, so however long sends take (a busy process, a slow network), no
   * window at Teams ever holds more than its limit. `waiting` wraps the wait for room (the
   * caller can lend what it holds meanwhile); the send itself runs outside it.
   */
  async run<T>(conversation: string, send: () => Promise<T>, waiting: (room: () => Promise<Slot>) => Promise<Slot> = (room) => room()): Promise<T> {
    // A channel's limit covers its threads: a post, its edits and replies count as the channel.
    const key = channelOf(conversation);
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
    try {
      const granted = (this.queues.get(key) ?? Promise.resolve()).then(() => this.wait(key));
      this.queues.set(
        key,
        granted.catch(() => undefined),
      );
      const slot = await waiting(() => granted);
      try {
        return await send();
      } finally {
        slot.end = this.clock();
      }
    } finally {
      const left = (this.pending.get(key) ?? 1) - 1;
      if (left) this.pending.set(key, left);
      else this.pending.delete(key);
      if (++this.runs % SWEEP_EVERY === 0) this.sweep();
    }
  }

  /** Sends waiting for room or under way for a conversation (a channel's threads count as the channel). */
  queued(conversation: string): number {
    return this.pending.get(channelOf(conversation)) ?? 0;
  }

  /** Conversations it holds sends for (a long-running bot sends to thousands over time). */
  get size(): number {
    return this.slots.size;
  }

  private sweep(): void {
    const cutoff = this.clock() - this.longest;
    for (const [key, slots] of this.slots) {
      if (this.pending.has(key) || slots.some((s) => s.end > cutoff)) continue;
      this.slots.delete(key);
      this.queues.delete(key);
    }
  }

  private async wait(key: string): Promise<Slot> {
    for (;;) {
      const now = this.clock();
      const slots = (this.slots.get(key) ?? []).filter((s) => s.end > now - this.longest);
      let delay = 0;
      for (const w of this.windows) {
        const ends = slots
          .filter((s) => s.end > now - w.ms)
          .map((s) => s.end)
          .sort((a, b) => a - b);
        if (ends.length < w.max) continue;
        // The window has room once enough of these have been over for its whole length.
        const roomAt = ends[ends.length - w.max]! + w.ms;
        delay = Math.max(delay, Number.isFinite(roomAt) ? roomAt - now : POLL_MS);
      }
      if (delay <= 0) {
        const slot: Slot = { end: Infinity };
        slots.push(slot);
        this.slots.set(key, slots);
        return slot;
      }
      await this.sleep(delay);
    }
  }
}
