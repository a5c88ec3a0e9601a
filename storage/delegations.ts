import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound } from './errors';
import { isGuid } from './keys';

/**
 * Deputies named by approvers for a date range (out of office). One partition per tenant,
 * so the rules for a click read one partition:
 *   PK t_<tenantId>   RK <principal aadObjectId>   the principal's current delegation
 * A principal has at most one delegation at a time; naming a new one replaces it.
 */
const PersonColumns = z.object({ tenantId: z.string(), aadObjectId: z.string(), name: z.string() });
export const DelegationSchema = z.object({ for: PersonColumns, deputy: PersonColumns, from: z.string(), to: z.string() });
export type Delegation = z.infer<typeof DelegationSchema>;


function partition(tenantId: string): string {
  if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
  return `t_${tenantId.toLowerCase()}`;
}

export class DelegationStore {
  constructor(private readonly table: TableClient) {}

  async set(delegation: Delegation): Promise<void> {
    if (!isGuid(delegation.for.aadObjectId)) throw new RangeError('Object ids must be GUIDs');
    await this.table.upsertEntity({ partitionKey: partition(delegation.for.tenantId), rowKey: delegation.for.aadObjectId.toLowerCase(), entry: JSON.stringify(DelegationSchema.parse(delegation)) }, 'Replace');
  }

  async clear(tenantId: string, aadObjectId: string): Promise<boolean> {
    try {
      await this.table.deleteEntity(partition(tenantId), aadObjectId.toLowerCase());
      return true;
    } catch (e) {
      if (isNotFound(e)) return false;
      throw e;
    }
  }

  async list(tenantId: string): Promise<Delegation[]> {
    const found: Delegation[] = [];
    const pk = partition(tenantId);
    for await (const e of this.table.listEntities<{ entry: string }>({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) {
      const parsed = DelegationSchema.safeParse(JSON.parse(e.entry));
      if (parsed.success) found.push(parsed.data);
    }
    return found;
  }
}
