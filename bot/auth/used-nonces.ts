/**
 * Nonces of sign-ins already completed, until their sign-in would have expired anyway, so
 * one captured callback (form and cookie) cannot be replayed for a second session. Per
 * process: across instances the cookie's own expiry and single-use removal still apply.
 */
export class UsedNonces {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly max = 10_000,
  ) {}

  /** True the first time a nonce is used; false after. */
  use(nonce: string, expiresAt: number): boolean {
    const now = this.now();
    if ((this.used.get(nonce) ?? 0) > now) return false;
    if (this.used.size >= this.max) {
      for (const [key, until] of this.used) if (until <= now) this.used.delete(key);
      // Still full of live entries: forget the oldest rather than grow without bound.
      while (this.used.size >= this.max) this.used.delete(this.used.keys().next().value!);
    }
    this.used.set(nonce, expiresAt);
    return true;
  }
}
