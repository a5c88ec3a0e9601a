import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import type { CalendarDate } from '../domain/calendar-date';
import { applyDecision, type DecidedChange } from '../domain/establishment-apply';
import { LedgerChangeSchema, LedgerPostSchema, PendingDecisionSchema, type Ledger, type LedgerPost, type PendingDecision } from '../domain/establishment';
import { StorageError } from './errors';
import { encodeKey, isGuid } from './keys';
import { MAX_TRANSACTION_ACTIONS, submitPartitionTransaction, type PartitionAction } from './partition-transaction';

/**
 * A council's establishment ledger, in one partition per tenant so every question reads one
 * partition:
 *   PK ledger_<tenant id>   RK head                 the guard: every write updates it over its etag
 *                           RK post_<id>            one post (domain/establishment.ts)
 *                           RK change_<reference>   what a decision did: its presence means "applied"
 *                           RK pending_<reference>  an approved decision not yet implementable
 * Each row's fields are one JSON `data` column, parsed with zod when read. A decision is
 * applied in one transaction (its posts, its change row, its pending row removed, the head),
 * so it is applied wholly or not at all, and again changes nothing: its change row exists.
 */
const HEAD = 'head';
const ATTEMPTS = 8;

const Row = z.object({ rowKey: z.string(), etag: z.string(), data: z.string().optional() });

export interface LedgerRead extends Ledger {
  /** The head's etag (undefined before the first write), and each post's. */
  headEtag?: string;
  postEtags: Map<string, string>;
}

export type ApplyOutcome = 'applied' | 'already_applied';

export class EstablishmentLedgerStore {
  constructor(private readonly table: TableClient) {}

  private partition(tenantId: string): string {
    if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
    return `ledger_${tenantId.toLowerCase()}`;
  }

  async read(tenantId: string): Promise<LedgerRead> {
    const pk = this.partition(tenantId);
    const out: LedgerRead = { posts: [], changes: [], pending: [], postEtags: new Map() };
    for await (const entity of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${pk}'` } })) {
      const row = Row.parse(entity);
      if (row.rowKey === HEAD) {
        out.headEtag = row.etag;
        continue;
      }
      const data: unknown = JSON.parse(row.data ?? '{}');
      const damaged = () => new StorageError('STORAGE_DAMAGED_ROW', `Ledger row ${row.rowKey} does not match its schema`);
      if (row.rowKey.startsWith('post_')) {
        const post = LedgerPostSchema.safeParse(data);
        if (!post.success) throw damaged();
        out.posts.push(post.data);
        out.postEtags.set(post.data.id, row.etag);
      } else if (row.rowKey.startsWith('change_')) {
        const change = LedgerChangeSchema.safeParse(data);
        if (!change.success) throw damaged();
        out.changes.push(change.data);
      } else if (row.rowKey.startsWith('pending_')) {
        const pending = PendingDecisionSchema.safeParse(data);
        if (!pending.success) throw damaged();
        out.pending.push(pending.data);
      }
    }
    return out;
  }

  /**
   * Applies a decision once. Re-read and retried when another write got in first (or when a
   * retried request's 412 hides a write of ours that succeeded: the change row then exists).
   */
  async apply(tenantId: string, decision: DecidedChange, appliedOn: CalendarDate): Promise<ApplyOutcome> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ledger = await this.read(tenantId);
      if (ledger.changes.some((c) => c.reference === decision.reference)) return 'already_applied';
      const { posts, change } = applyDecision(ledger.posts, decision, appliedOn);
      const actions: PartitionAction[] = [...this.postActions(tenantId, ledger, posts), this.row(tenantId, 'create', `change_${decision.reference}`, change)];
      if (ledger.pending.some((p) => p.reference === decision.reference)) actions.push({ kind: 'delete', rowKey: encodeKey(`pending_${decision.reference}`) });
      if (await this.commit(tenantId, ledger, actions)) return 'applied';
    }
    throw new StorageError('STORAGE_CONTENTION', `Could not apply ${decision.reference} to the ledger after ${ATTEMPTS} attempts`);
  }

  /** Records (or replaces) an approved decision as pending, unless it has been applied. */
  async setPending(tenantId: string, pending: PendingDecision): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ledger = await this.read(tenantId);
      if (ledger.changes.some((c) => c.reference === pending.reference)) return;
      const same = ledger.pending.find((p) => p.reference === pending.reference);
      if (same && JSON.stringify(same) === JSON.stringify(PendingDecisionSchema.parse(pending))) return;
      if (await this.commit(tenantId, ledger, [this.row(tenantId, 'upsert', `pending_${pending.reference}`, pending)])) return;
    }
    throw new StorageError('STORAGE_CONTENTION', `Could not record ${pending.reference} as pending`);
  }

  /** Drops a decision from the pending list (rejected, referred back, withdrawn). */
  async clearPending(tenantId: string, reference: string): Promise<void> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ledger = await this.read(tenantId);
      if (!ledger.pending.some((p) => p.reference === reference)) return;
      if (await this.commit(tenantId, ledger, [{ kind: 'delete', rowKey: encodeKey(`pending_${reference}`) }])) return;
    }
    throw new StorageError('STORAGE_CONTENTION', `Could not clear ${reference} from pending`);
  }

  /** Adds imported posts (ids made from the import and its row numbers), a transaction per 99. */
  async addPosts(tenantId: string, posts: readonly LedgerPost[]): Promise<void> {
    for (let i = 0; i < posts.length; i += MAX_TRANSACTION_ACTIONS - 1) {
      const batch = posts.slice(i, i + MAX_TRANSACTION_ACTIONS - 1);
      let done = false;
      for (let attempt = 0; attempt < ATTEMPTS && !done; attempt++) {
        const ledger = await this.read(tenantId);
        done = await this.commit(
          tenantId,
          ledger,
          batch.map((p) => this.row(tenantId, 'upsert', `post_${p.id}`, p)),
        );
      }
      if (!done) throw new StorageError('STORAGE_CONTENTION', 'Could not add the imported posts');
    }
  }

  /** Creates, updates (over their etags) and deletes what differs between the posts read and `next`. */
  private postActions(tenantId: string, ledger: LedgerRead, next: readonly LedgerPost[]): PartitionAction[] {
    const before = new Map(ledger.posts.map((p) => [p.id, p]));
    const actions: PartitionAction[] = [];
    for (const post of next) {
      const old = before.get(post.id);
      before.delete(post.id);
      if (!old) actions.push(this.row(tenantId, 'create', `post_${post.id}`, post));
      else if (JSON.stringify(old) !== JSON.stringify(post))
        actions.push({ kind: 'update', entity: this.entity(tenantId, `post_${post.id}`, post), etag: ledger.postEtags.get(post.id) ?? '*' });
    }
    for (const gone of before.keys()) actions.push({ kind: 'delete', rowKey: encodeKey(`post_${gone}`) });
    return actions;
  }

  private entity(tenantId: string, rowKey: string, data: unknown) {
    return { partitionKey: this.partition(tenantId), rowKey: encodeKey(rowKey), data: JSON.stringify(data) };
  }

  private row(tenantId: string, kind: 'create' | 'upsert', rowKey: string, data: unknown): PartitionAction {
    return { kind, entity: this.entity(tenantId, rowKey, data) };
  }

  /** Writes `actions` with the head moved on over the etag read: false when someone else wrote first. */
  private async commit(tenantId: string, ledger: LedgerRead, actions: PartitionAction[]): Promise<boolean> {
    const head = { partitionKey: this.partition(tenantId), rowKey: HEAD, writtenAt: new Date().toISOString() };
    const guard: PartitionAction = ledger.headEtag ? { kind: 'update', entity: head, etag: ledger.headEtag } : { kind: 'create', entity: head };
    if (actions.length + 1 > MAX_TRANSACTION_ACTIONS)
      throw new StorageError('STORAGE_INVALID_BATCH', `A ledger change of ${actions.length} rows is more than one transaction holds`);
    const result = await submitPartitionTransaction(this.table, this.partition(tenantId), [guard, ...actions]);
    return result.ok;
  }
}
