import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DecisionListing } from '../domain/public-summary';

const DecisionRow = z.object({
  rowKey: z.string(),
  title: z.string(),
  status: z.string(),
  publishedOn: z.string(),
  deadline: z.string().optional(),
  implementableFrom: z.string(),
});

/**
 * Published decisions, newest first, from one partition (PK decisions, RK the reference):
 * a convenience copy written after each change of a published decision, safe to rewrite.
 */
export class PublishedDecisions {
  constructor(private readonly table: TableClient) {}

  async record(reference: string, columns: Omit<DecisionListing, 'reference'>): Promise<void> {
    await this.table.upsertEntity({ partitionKey: 'decisions', rowKey: reference, ...columns }, 'Replace');
  }

  async newest(limit = 20): Promise<DecisionListing[]> {
    const rows: DecisionListing[] = [];
    for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq 'decisions'` } })) {
      const row = DecisionRow.safeParse(e);
      if (row.success) rows.push({ ...row.data, reference: row.data.rowKey });
    }
    return rows.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || b.reference.localeCompare(a.reference)).slice(0, limit);
  }
}
