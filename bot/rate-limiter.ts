import type { RateSettings } from './config';

/** What became of one activity: taken, the first refused since the person was last let through, or refused again. */
export type Admission = 'admitted' | 'refused-first' | 'refused';

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
  /** Whether the person has been refused since they last paused (and so has been told). */
  refused: boolean;
  /** When they were last refused. */
  refusedAt: number;
}

/** Most people held at once: a council's staff with room to spare. */
export const MAX_PEOPLE = 20_000;
/** Idle people looked at (and forgotten if their bucket is full again) on each call. */
const SWEEP_PER_CALL = 2;

/**
 * A token bucket per person: `burst` activities at once, refilled at `perMinute`.
 *
 * Kept in this process's memory: with several instances a person could get up to the
 * limit on each, which is enough against a flood from one account and needs no shared
 * store on every activity. A person whose bucket has filled up again is no different
 * from one never seen, so they are forgotten; with more than `maxPeople` at once the
 * longest idle are forgotten early.
 */
export class PersonRateLimiter {
  /** Least recently seen first. */
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly settings: RateSettings,
    private readonly maxPeople = MAX_PEOPLE,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  get size(): number {
    return this.buckets.size;
  }

  get enabled(): boolean {
    return this.settings.perMinute > 0;
  }

  take(person: string): Admission {
    if (!this.enabled) return 'admitted';
    const now = this.clock();
    const bucket = this.refilled(this.buckets.get(person), now);
    this.buckets.delete(person);
    this.sweep(now);
    this.buckets.set(person, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      // Let in after a pause (no refusal for as long as a token takes to earn): a new flood is told again.
      // A token earned in the middle of a flood is not a pause, so one flood is told once.
      if (now - bucket.refusedAt >= 60_000 / this.settings.perMinute) bucket.refused = false;
      return 'admitted';
    }
    const first = !bucket.refused;
    bucket.refused = true;
    bucket.refusedAt = now;
    return first ? 'refused-first' : 'refused';
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    const { perMinute, burst } = this.settings;
    if (!bucket) return { tokens: burst, at: now, refused: false, refusedAt: -Infinity };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) * perMinute) / 60_000);
    bucket.at = now;
    return bucket;
  }

  /** Forgets the longest-idle people whose buckets have filled up again, and any over the cap. */
  private sweep(now: number): void {
    const { perMinute, burst } = this.settings;
    let looked = 0;
    for (const [person, bucket] of this.buckets) {
      const full = bucket.tokens + ((now - bucket.at) * perMinute) / 60_000 >= burst;
      // `>=`: the person being let in is added after this.
      if (this.buckets.size >= this.maxPeople || (full && looked < SWEEP_PER_CALL)) this.buckets.delete(person);
      else break;
      looked++;
    }
  }
}
