/**
 * Runs at most `size()` tasks at once (the limit may change between calls); the rest start
 * in the order they came. A task can step aside while it only waits (`aside`) and comes
 * back ahead of the line.
 */
export class TurnQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: () => number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.take(false);
    try {
      return await task();
    } finally {
      this.give();
    }
  }

  /** Lends the caller's turn to the next task while `wait` runs; called only inside run. */
  async aside<T>(wait: () => Promise<T>): Promise<T> {
    this.give();
    try {
      return await wait();
    } finally {
      await this.take(true);
    }
  }

  /** Starts waiting tasks while there is room (after the limit has grown). */
  pump(): void {
    // Synchronous, so a newcomer cannot jump the line between a turn's end and the next start.
    while (this.waiting.length && this.running < this.size()) {
      this.running++;
      this.waiting.shift()!();
    }
  }

  private async take(first: boolean): Promise<void> {
    if (!this.waiting.length && this.running < this.size()) {
      this.running++;
      return;
    }
    await new Promise<void>((resolve) => (first ? this.waiting.unshift(resolve) : this.waiting.push(resolve)));
  }

  private give(): void {
    this.running--;
    this.pump();
  }
}
