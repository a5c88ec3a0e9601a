import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isConflict, isNotFound, isPreconditionFailed } from './errors';

/**
 * One row per weekly digest, beside the scheduled work: PK digest, RK <Monday>. Whoever
 * posts a week's digest first claims its row (insert, or a lease over the etag once an
 * earlier claim has run out), so several instances and restarts post it once.
 */
const PARTITION = 'digest';

const Row = z.object({ etag: z.string(), state: z.enum(['claimed', 'posted', 'skipped']), leaseUntil: z.string().default('') });

export interface DigestClaim {
  week: string;
  etag: string;
}

export class DigestStore {
  constructor(private readonly table: TableClient) {}

  /** Takes the week's digest for `leaseMs`; undefined when it is done or someone else holds it. */
  async claim(week: string, now: Date, leaseMs = 60_000): Promise<DigestClaim | undefined> {
    const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
    try {
      const created = await this.table.createEntity({ partitionKey: PARTITION, rowKey: week, state: 'claimed', leaseUntil });
      return { week, etag: created.etag ?? '' };
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
    const found = await this.read(week);
    if (!found || found.state !== 'claimed' || found.leaseUntil > now.toISOString()) return undefined;
    try {
      const taken = await this.table.updateEntity({ partitionKey: PARTITION, rowKey: week, state: 'claimed', leaseUntil }, 'Replace', { etag: found.etag });
      return { week, etag: taken.etag ?? '' };
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Marks the week done: posted (with where) or skipped because there was nothing to say. */
  async finish(claim: DigestClaim, outcome: { state: 'posted'; conversationId: string; activityId: string } | { state: 'skipped' }): Promise<void> {
    await this.table.updateEntity({ partitionKey: PARTITION, rowKey: claim.week, ...outcome, leaseUntil: '' }, 'Replace', { etag: claim.etag });
  }

  /** The week's digest was posted, or skipped as empty or unreachable. */
  async isFinished(week: string): Promise<boolean> {
    const found = await this.read(week);
    return found !== undefined && found.state !== 'claimed';
  }

  private async read(week: string) {
    try {
      const parsed = Row.safeParse(await this.table.getEntity(PARTITION, week));
      return parsed.success ? parsed.data : undefined;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
