import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { isConflict, isNotFound, StorageError } from './errors';
import { encodeKey, escapeKeyPart } from './keys';

/**
 * Notifications kept for people the bot cannot reach yet (the app not installed for them,
 * and not installable), so nothing is dropped: the work itself stays where it is (an outbox
 * row, a scheduled reminder) and is retried with backoff; these rows say who it waits for,
 * so that their installing the app retries it at once, the requester is told once, and
 * administrators can list what is waiting. One partition a tenant:
 *   PK w_<tenantId>   RK <aadObjectId>|<reference>|<slot>
 * so a person's rows are one range of it and a tenant's whole list is the partition.
 * `slot` is the outbox row key, or `remind`/`escalate` for a scheduled follow-up.
 */
export interface PendingNotification {
  tenantId: string;
  aadObjectId: string;
  name: string;
  reference: string;
  slot: string;
  /** What is waiting: the request's card, a message, a reminder or an escalation. */
  kind: 'card' | 'tell' | 'remind' | 'escalate';
  /** When it was first found waiting, and last tried. */
  since: string;
  lastTriedAt: string;
  /** Why, in words (not installed, Graph refused, …). */
  reason: string;
  /** The requester was told this person cannot be reached yet. */
  requesterTold: boolean;
  /** For a follow-up: the scheduled item that retries it, and what it is about. */
  scheduled?: { rowKey: string; data: Record<string, unknown> };
}

const Row = z.object({
  rowKey: z.string(),
  tenantId: z.string(),
  aadObjectId: z.string(),
  name: z.string(),
  reference: z.string(),
  slot: z.string(),
  kind: z.enum(['card', 'tell', 'remind', 'escalate']),
  since: z.string(),
  lastTriedAt: z.string(),
  reason: z.string(),
  requesterTold: z.boolean().default(false),
  scheduled: z.string().optional(),
});

const partition = (tenantId: string) => `w_${encodeKey(tenantId.toLowerCase())}`;
const personPrefix = (aadObjectId: string) => `${escapeKeyPart(aadObjectId.toLowerCase())}|`;
const rowKeyOf = (p: Pick<PendingNotification, 'aadObjectId' | 'reference' | 'slot'>) =>
  `${personPrefix(p.aadObjectId)}${escapeKeyPart(p.reference)}|${escapeKeyPart(p.slot)}`;

export class PendingNotificationStore {
  constructor(private readonly table: TableClient) {}

  /**
   * Records (or refreshes) a waiting notification. `first` is true when nothing was yet
   * waiting for this person on this request and nobody told its requester: the caller tells
   * them, then calls `told`.
   */
  async park(p: Omit<PendingNotification, 'since' | 'requesterTold' | 'lastTriedAt'>, now: Date): Promise<{ tellRequester: boolean }> {
    const at = now.toISOString();
    const entity = {
      partitionKey: partition(p.tenantId),
      rowKey: rowKeyOf(p),
      tenantId: p.tenantId,
      aadObjectId: p.aadObjectId,
      name: p.name.slice(0, 200),
      reference: p.reference,
      slot: p.slot,
      kind: p.kind,
      reason: p.reason.slice(0, 500),
      lastTriedAt: at,
      ...(p.scheduled ? { scheduled: JSON.stringify(p.scheduled) } : {}),
    };
    try {
      await this.table.createEntity({ ...entity, since: at, requesterTold: false });
    } catch (error) {
      if (!isConflict(error)) throw error;
      await this.table.updateEntity(entity, 'Merge');
    }
    const theirs = await this.forPerson(p.tenantId, p.aadObjectId);
    return { tellRequester: !theirs.some((w) => w.reference === p.reference && w.requesterTold) };
  }

  /** Marks that the requester was told this person cannot be reached yet. */
  async told(p: Pick<PendingNotification, 'tenantId' | 'aadObjectId' | 'reference' | 'slot'>): Promise<void> {
    try {
      await this.table.updateEntity({ partitionKey: partition(p.tenantId), rowKey: rowKeyOf(p), requesterTold: true }, 'Merge');
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Whether this notification is waiting for its person (a point read). */
  async has(p: Pick<PendingNotification, 'tenantId' | 'aadObjectId' | 'reference' | 'slot'>): Promise<boolean> {
    try {
      await this.table.getEntity(partition(p.tenantId), rowKeyOf(p), { queryOptions: { select: ['RowKey'] } });
      return true;
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  /** Delivered (or no longer needed): forgets it. */
  async resolve(p: Pick<PendingNotification, 'tenantId' | 'aadObjectId' | 'reference' | 'slot'>): Promise<void> {
    try {
      await this.table.deleteEntity(partition(p.tenantId), rowKeyOf(p));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** What waits for one person: a range of their tenant's partition. */
  async forPerson(tenantId: string, aadObjectId: string): Promise<PendingNotification[]> {
    const from = personPrefix(aadObjectId);
    // '|' + 1 is '}': every key of this person sorts between the two.
    const to = `${from.slice(0, -1)}}`;
    return this.query(odata`PartitionKey eq ${partition(tenantId)} and RowKey ge ${from} and RowKey lt ${to}`);
  }

  /** Everything waiting in a tenant, oldest first. */
  async list(tenantId: string): Promise<PendingNotification[]> {
    return (await this.query(odata`PartitionKey eq ${partition(tenantId)}`)).sort((a, b) => a.since.localeCompare(b.since));
  }

  private async query(filter: string): Promise<PendingNotification[]> {
    const found: PendingNotification[] = [];
    for await (const entity of this.table.listEntities({ queryOptions: { filter } })) {
      const row = Row.safeParse(entity);
      if (!row.success) throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored pending notification row is damaged');
      const { rowKey: _rowKey, scheduled, ...rest } = row.data;
      let parsed: PendingNotification['scheduled'];
      try {
        parsed = scheduled ? (JSON.parse(scheduled) as PendingNotification['scheduled']) : undefined;
      } catch {
        parsed = undefined;
      }
      found.push({ ...rest, ...(parsed ? { scheduled: parsed } : {}) });
    }
    return found;
  }
}
