/**
 * A storage check shared by every caller of /healthz: its answer is reused until it is
 * `maxAgeMs` old (counted from when the check began), and while one check is under way
 * every caller waits for that one. Checking storage on every poll put a Table query
 * behind each probe: under 50-100 concurrent pollers some took longer than the check's
 * own timeout and answered 503, and App Service recycles instances that fail its check.
 */
export class SharedCheck {
  private last: { ok: boolean; at: number } | undefined;
  private running: Promise<boolean> | undefined;
  /** Checks begun, for tests and diagnostics. */
  checks = 0;

  constructor(
    private readonly check: () => Promise<boolean>,
    private readonly maxAgeMs: number,
    private readonly onChange: (ok: boolean) => void = () => undefined,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  async ok(): Promise<boolean> {
    if (this.last && this.clock() - this.last.at < this.maxAgeMs) return this.last.ok;
    this.running ??= this.run();
    return this.running;
  }

  private async run(): Promise<boolean> {
    const at = this.clock();
    this.checks++;
    let ok = false;
    try {
      ok = await this.check();
    } catch {
      // storageReachable must not throw; if it does, storage is not answering as it should.
    }
    // Storage is presumed reachable until a check says otherwise: the first failure is a change.
    if ((this.last?.ok ?? true) !== ok) this.onChange(ok);
    this.last = { ok, at };
    this.running = undefined;
    return ok;
  }
}
