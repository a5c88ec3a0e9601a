import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { ForwardPlanEntry, ForwardPlanListings as Port } from '../app/ports/forward-plan';
import { FORWARD_PLAN_ROUTES } from '../domain/forward-plan';
import { STATUSES } from '../domain/lifecycle';
import { isGuid } from './keys';

const Row = z.object({
  rowKey: z.string(),
  matter: z.string(),
  decisionMaker: z.string(),
  noticeOn: z.string(),
  earliest: z.string(),
  route: z.enum(FORWARD_PLAN_ROUTES),
  status: z.enum(STATUSES),
});

/** One council's forward plan: a council sees only its own. */
function partition(tenantId: string): string {
  if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
  return `forwardplan_${tenantId.toLowerCase()}`;
}

/**
 * The forward plan of key decisions, one partition per council (PK forwardplan_<tenant>, RK
 * the reference): a copy written after each change of a key decision, safe to rewrite.
 * Rows read back are checked; one that does not parse is left out.
 */
export class ForwardPlanListings implements Port {
  constructor(private readonly table: TableClient) {}

  async record(tenantId: string, entry: ForwardPlanEntry): Promise<void> {
    const { reference, ...columns } = entry;
    await this.table.upsertEntity({ partitionKey: partition(tenantId), rowKey: reference, ...columns }, 'Replace');
  }

  async list(tenantId: string): Promise<ForwardPlanEntry[]> {
    const rows: ForwardPlanEntry[] = [];
    if (!isGuid(tenantId)) return rows;
    for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${partition(tenantId)}'` } })) {
      const row = Row.safeParse(e);
      if (row.success) {
        const { rowKey, ...rest } = row.data;
        rows.push({ ...rest, reference: rowKey });
      }
    }
    return rows.sort((a, b) => a.noticeOn.localeCompare(b.noticeOn) || a.reference.localeCompare(b.reference));
  }
}
