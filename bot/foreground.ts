/**
 * Counts the turns someone is waiting on (activities Teams has sent and not yet had
 * answered), so background work can give way to them: a click's answer should not queue
 * for the CPU and for storage behind the notifications of the clicks before it.
 */
export class Foreground {
  private count = 0;
  private readonly idleListeners: Array<() => void> = [];

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
      if (--this.count === 0) for (const listener of this.idleListeners) listener();
    }
  }

  /** Called each time the last turn in flight ends. */
  onIdle(listener: () => void): void {
    this.idleListeners.push(listener);
  }
}
