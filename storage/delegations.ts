import { randomUUID } from 'node:crypto';
import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isNotFound } from './errors';
import { isGuid } from './keys';

/**
 * Deputies named by approvers for a date range (out of office). One partition per tenant,
 * so the rules for a click read one partition:
 *   PK t_<tenantId>   RK <principal aadObjectId>   the principal's current delegation
 *   PK t_<tenantId>   RK log_<time>_<random>     an appointment made or ended (kept: the record)
 * A principal has at most one delegation at a time; naming a new one replaces it.
 */
const PersonColumns = z.object({ tenantId: z.string(), aadObjectId: z.string(), name: z.string() });
export const DelegationSchema = z.object({ for: PersonColumns, deputy: PersonColumns, from: z.string(), to: z.string() });
export type Delegation = z.infer<typeof DelegationSchema>;

const LOG = 'log_';

function partition(tenantId: string): string {
  if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
  return `t_${tenantId.toLowerCase()}`;
}

export class DelegationStore {
  constructor(private readonly table: TableClient) {}

  async set(delegation: Delegation): Promise<void> {
    if (!isGuid(delegation.for.aadObjectId)) throw new RangeError('Object ids must be GUIDs');
    await this.table.upsertEntity(
      {
        partitionKey: partition(delegation.for.tenantId),
        rowKey: delegation.for.aadObjectId.toLowerCase(),
        entry: JSON.stringify(DelegationSchema.parse(delegation)),
      },
      'Replace',
    );
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

  /** Keeps a line of the appointments' record: who named whom, for when, or ended it. */
  async record(
    tenantId: string,
    entry: { action: 'appointed' | 'ended'; by: { aadObjectId: string; name: string }; delegation?: Delegation },
    now: Date,
  ): Promise<void> {
    await this.table.createEntity({
      partitionKey: partition(tenantId),
      rowKey: `${LOG}${now.toISOString()}_${randomUUID().slice(0, 8)}`,
      entry: JSON.stringify({ ...entry, at: now.toISOString() }),
    });
  }

  async list(tenantId: string): Promise<Delegation[]> {
    const found: Delegation[] = [];
    const pk = partition(tenantId);
    // Appointments sort before the record's rows (object ids are hex; 'log_' comes after 'f').
    for await (const e of this.table.listEntities<{ entry: string }>({ queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey lt '${LOG}'` } })) {
      const parsed = DelegationSchema.safeParse(JSON.parse(e.entry));
      if (parsed.success) found.push(parsed.data);
    }
    return found;
  }
}
