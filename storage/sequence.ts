import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isConflict, isNotFound, isPreconditionFailed, StorageError } from './errors';

const CounterRow = z.object({ value: z.number().int().nonnegative(), claim: z.string().optional(), etag: z.string() }).passthrough();
const Year = z.number().int().min(2000).max(2999);
/** A series is a reference prefix: capital letters only, so it is a safe partition key. */
const Series = z.string().regex(/^[A-Z]{2,5}$/);

/**
 * Per-calendar-year counters for request references (ECR-2026-0001).
 * Layout: PartitionKey = the sequence name ('ECR'), RowKey = the year; `value` is the last
 * number given out. Each increment replaces the row with the etag it read, so two callers
 * can never both get a number; the loser of a race (412) reads again. Each write carries a
 * fresh `claim`, so a 412 or 409 that hides our own retried write is recognised as a win
 * instead of skipping a number.
 */
export class SequenceStore {
  constructor(
    private readonly table: TableClient,
    private readonly name = 'ECR',
    private readonly maxAttempts = 200,
  ) {}

  /** `series`: a council's reference prefix, when it has its own (its own partition). */
  async next(year: number, series: string = this.name): Promise<number> {
    const name = Series.parse(series);
    const rowKey = String(Year.parse(year));
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const claim = randomUUID();
      const row = await this.read(rowKey, name);
      const value = (row?.value ?? 0) + 1;
      try {
        if (row) await this.table.updateEntity({ partitionKey: name, rowKey, value, claim }, 'Replace', { etag: row.etag });
        else await this.table.createEntity({ partitionKey: name, rowKey, value, claim });
        return value;
      } catch (error) {
        if (!isPreconditionFailed(error) && !isConflict(error)) throw error;
        const now = await this.read(rowKey, name);
        if (now?.claim === claim && now.value === value) return value;
      }
      // Someone else took this number: back off a little, with jitter, and read again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 5 * (attempt + 1))));
    }
    throw new StorageError('STORAGE_CONTENTION', `Could not allocate a ${name} number for ${year}: too much contention`);
  }

  /** The last number given out for the year (0 if none), without taking one. */
  async current(year: number): Promise<number> {
    return (await this.read(String(Year.parse(year))))?.value ?? 0;
  }

  private async read(rowKey: string, name: string = this.name): Promise<z.infer<typeof CounterRow> | undefined> {
    try {
      const parsed = CounterRow.safeParse(await this.table.getEntity(name, rowKey));
      if (!parsed.success) throw new StorageError('STORAGE_DAMAGED_ROW', `Counter ${name}/${rowKey} is damaged`);
      return parsed.data;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }
}
