import { channelOf } from './conversation-id';

/**
 * Teams' per-bot, per-conversation limits (7 sends a second, 8 per 2 s, 60 per 30 s),
 * kept per conversation in this process: `take` waits until a send fits every window.
 */
const WINDOWS: ReadonlyArray<{ ms: number; max: number }> = [
  { ms: 1000, max: 7 },
  { ms: 2000, max: 8 },
  { ms: 30_000, max: 60 },
];

export class ConversationRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly windows = WINDOWS,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  /** Resolves when a send to `conversation` may go; callers for one conversation are served in order. */
  take(conversation: string): Promise<void> {
    // A channel's limit covers its threads: a post, its edits and replies count as the channel.
    const key = channelOf(conversation);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const turn = previous.then(() => this.wait(key));
    this.queues.set(key, turn.catch(() => undefined));
    return turn;
  }

  private async wait(key: string): Promise<void> {
    const longest = Math.max(...this.windows.map((w) => w.ms));
    for (;;) {
      const now = this.clock();
      const times = (this.sent.get(key) ?? []).filter((t) => now - t < longest);
      let delay = 0;
      for (const w of this.windows) {
        const inWindow = times.filter((t) => now - t < w.ms);
        if (inWindow.length >= w.max) delay = Math.max(delay, inWindow[inWindow.length - w.max]! + w.ms - now);
      }
      if (delay <= 0) {
        times.push(now);
        this.sent.set(key, times);
        return;
      }
      await this.sleep(delay);
    }
  }
}
