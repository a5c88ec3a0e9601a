import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isConflict, isNotFound, isPreconditionFailed } from './table-errors';

const CounterRow = z.object({ value: z.number().int().nonnegative(), etag: z.string() }).passthrough();

/**
 * Per-year counters for request references (ECR-2026-0001): one row per name and year,
 * incremented with the etag read, so two officers submitting at the same instant can
 * never get the same number. A lost reply can skip a number; it can never repeat one.
 */
export class SequenceStore {
  constructor(private readonly table: TableClient, private readonly name = 'ECR') {}

  async next(year: number): Promise<number> {
    const rowKey = String(year);
    for (let attempt = 0; attempt < 200; attempt++) {
      try {
        const row = CounterRow.parse(await this.table.getEntity(this.name, rowKey));
        const value = row.value + 1;
        await this.table.updateEntity({ partitionKey: this.name, rowKey, value }, 'Replace', { etag: row.etag });
        return value;
      } catch (error) {
        if (isNotFound(error)) {
          try {
            await this.table.createEntity({ partitionKey: this.name, rowKey, value: 1 });
            return 1;
          } catch (createError) {
            if (!isConflict(createError)) throw createError;
          }
        } else if (!isPreconditionFailed(error)) {
          throw error;
        }
        // Someone else took this number: back off a little and read again.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(50, 5 * (attempt + 1))));
      }
    }
    throw new Error('Could not allocate a reference number: too much contention');
  }
}
