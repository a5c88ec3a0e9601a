/**
 * While people are at work (turns in flight, or one ended this recently), background work
 * goes step by step; after a quiet spell this long it goes at full speed.
 */
export const QUIET_MS = 100;
/** While people are at work, background steps start at most this often, each in a gap between turns... */
export const GAP_STEP_MS = 50;
/** ...and at least this often, gap or not, so background work never stops under any load. */
export const FORCED_STEP_MS = 250;
/** How often waiting steps look for a gap. */
const LOOK_MS = 10;

/**
 * Counts the turns someone is waiting on (activities Teams has sent and not yet had
 * answered), so background work can give way to them: a click's answer should not queue
 * for the CPU and for storage behind the notifications of the clicks before it.
 */
export class Foreground {
  private count = 0;
  private readonly idleListeners: Array<() => void> = [];
  private lastTurnEnded = -Infinity;
  private lastStep = -Infinity;
  private readonly steps: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  get inFlight(): number {
    return this.count;
  }

  get busy(): boolean {
    return this.count > 0;
  }

  async run<T>(turn: () => Promise<T>): Promise<T> {
    this.count++;
    try {
      return await turn();
    } finally {
      if (--this.count === 0) {
        this.lastTurnEnded = performance.now();
        for (const listener of this.idleListeners) listener();
      }
    }
  }

  /** Called each time the last turn in flight ends. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }

  /**
   * Resolves when background work may take its next step: at once when no one has been at
   * work for QUIET_MS; otherwise one step at a time, in a gap between turns. Under a burst
   * of clicks every step of a notification takes CPU and storage from a click's answer,
   * and the notifications are durable rows that can catch up once the burst is over.
   */
  step(): Promise<void> {
    if (!this.steps.length && this.quiet(performance.now())) return Promise.resolve();
    return new Promise((resolve) => {
      this.steps.push(resolve);
      this.look();
    });
  }

  private quiet(now: number): boolean {
    return this.count === 0 && now - this.lastTurnEnded >= QUIET_MS;
  }

  private look(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const now = performance.now();
      if (this.quiet(now)) {
        for (const resolve of this.steps.splice(0)) resolve();
        return;
      }
      const since = now - this.lastStep;
      if (since >= FORCED_STEP_MS || (this.count === 0 && since >= GAP_STEP_MS)) {
        this.lastStep = now;
        this.steps.shift()!();
      }
      if (this.steps.length) this.look();
    }, LOOK_MS);
    // Waiting steps never keep the process alive on their own.
    this.timer.unref();
  }
}
