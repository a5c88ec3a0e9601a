import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { DecisionListing } from '../domain/public-summary';
import { isGuid } from './keys';

const DecisionRow = z.object({
  rowKey: z.string(),
  title: z.string(),
  status: z.string(),
  publishedOn: z.string(),
  deadline: z.string().optional(),
  implementableFrom: z.string(),
});

/** One council's decisions: a council sees only its own. */
function partition(tenantId: string): string {
  if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
  return `decisions_${tenantId.toLowerCase()}`;
}

/**
 * Published decisions, newest first, from one partition per council (PK decisions_<tenant>,
 * RK the reference): a convenience copy written after each change of a published decision,
 * safe to rewrite.
 */
export class PublishedDecisions {
  constructor(private readonly table: TableClient) {}

  async record(tenantId: string, reference: string, columns: Omit<DecisionListing, 'reference'>): Promise<void> {
    await this.table.upsertEntity({ partitionKey: partition(tenantId), rowKey: reference, ...columns }, 'Replace');
  }

  async newest(tenantId: string, limit = 20): Promise<DecisionListing[]> {
    const rows: DecisionListing[] = [];
    if (!isGuid(tenantId)) return rows;
    for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${partition(tenantId)}'` } })) {
      const row = DecisionRow.safeParse(e);
      if (row.success) rows.push({ ...row.data, reference: row.data.rowKey });
    }
    return rows.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || b.reference.localeCompare(a.reference)).slice(0, limit);
  }
}
