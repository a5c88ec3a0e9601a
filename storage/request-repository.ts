import { createHash, randomUUID } from 'node:crypto';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { DecisionListing } from '../domain/public-summary';
import { fromChunks, toChunks } from './chunked-json';
import { isConflict, isNotFound, isPreconditionFailed } from './errors';
import { DraftConflictError, ownerPartition, type DraftRecord, type Owner } from './draft-repository';
import { OfficerListing } from './officer-listing';
import { submitTransaction } from './transaction-wire';

/**
 * Requests and drafts in one table, laid out so that every question a user asks reads one
 * partition:
 *
 *   PK o_<tenant>_<aadObjectId>   the officer's own partition ("my requests", "continue")
 *     RK d_<draftId>              a draft not yet submitted: its content
 *     RK list, list_<year>        what "my requests" lists, read by key (officer-listing.ts)
 *   PK r_<reference>              one submitted request ("status", "history", every click)
 *     RK request_<reference>      content + workflow state; the etag guards every change
 *     RK a_<version>_<n>_<ref>    append-only audit rows, written in the same transaction
 *     RK x_<version>_<n>_<ref>    outbox rows for the notifications a change causes
 *     RK posts_<ref>              the cards posted for it, a property each (see MAX_POSTED_CARDS),
 *                                 and how far its outbox has been drained (see Drained)
 *
 * A request's rows repeat its reference in their RowKey, though the partition already
 * names it: Azurite finds a row by its RowKey first and then checks the PartitionKey of
 * every row with that RowKey, so a RowKey shared by every request (it was `request`) made
 * each read and write of a request cost time in proportion to the table.
 *
 * Tenant and object ids are GUIDs and references are checked before they reach a key, so
 * no key needs escaping and nothing user-typed reaches a filter.
 */
export { DraftConflictError, DraftRepository, isDraftId, NotFoundError, ownerPartition, type ClosedDraft, type DraftListing, type DraftRecord, type Owner, type OwnerListing } from './draft-repository';

export interface StoredRequest<C, W> {
  reference: string;
  content: C;
  workflow: W;
  etag: string;
  updatedAt: string;
}

/** A change as written: the request, and the outbox rows it created as they are stored. */
export interface WrittenChange<C, W> {
  stored: StoredRequest<C, W>;
  outbox?: OutboxRow[];
}

export class RequestConflictError extends Error {
  readonly code = 'REQUEST_CHANGED';
  constructor() {
    super('The request was changed by someone else at the same moment.');
  }
}

const REFERENCE_KEY = /^ECR-\d{4}-\d{4,6}$/;

function requestPartition(reference: string): string {
  if (!REFERENCE_KEY.test(reference)) throw new RangeError('Not a request reference');
  return `r_${reference}`;
}

const RequestEntity = z.object({ etag: z.string(), status: z.string(), title: z.string(), updatedAt: z.string() }).passthrough();

/**
 * Submitted requests. Every change writes the request row (checked against the etag it
 * was read with) and its audit row in one entity-group transaction, so a change and its
 * audit entry exist together or not at all.
 */
export class RequestStore<C, W extends { status: string; version: number }> {
  private readonly listing: OfficerListing;
  /** Built once: zod compiles a parser for each schema object the first time it parses. */
  private readonly data: z.ZodType<{ content: C; workflow: W }>;

  constructor(
    private readonly table: TableClient,
    schemas: { content: z.ZodType<C>; workflow: z.ZodType<W> },
    private readonly titleOf: (content: C) => string,
  ) {
    this.listing = new OfficerListing(table);
    this.data = z.object({ content: schemas.content, workflow: schemas.workflow });
  }

  /**
   * Moves a draft into its own partition under its new reference. The draft is claimed
   * first (with its etag), so two clicks on Submit cannot both succeed.
   */
  async submitDraft(owner: Owner, draft: DraftRecord<C>, reference: string, workflow: W, audit: object, now = new Date(), notifications: readonly object[] = []): Promise<StoredRequest<C, W>> {
    const ownerPk = ownerPartition(owner);
    const title = this.titleOf(draft.content).slice(0, 200);
    try {
      // Claimed in the officer's list too, which stops listing it as a draft.
      await submitTransaction(this.table, [
        ['update', { partitionKey: ownerPk, rowKey: `d_${draft.draftId}`, submittingAs: reference }, 'Merge', { etag: draft.etag }],
        this.listing.draftEntry(ownerPk, { ...draft, title, submittingAs: reference }),
      ]);
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) throw new DraftConflictError();
      throw e;
    }
    const at = now.toISOString();
    const pk = requestPartition(reference);
    const row = { partitionKey: pk, rowKey: requestRowKey(reference), status: workflow.status, version: workflow.version, title, owner: ownerPk, updatedAt: at, ...toChunks({ content: draft.content, workflow }) };
    const result = await submitTransaction(this.table, [
      ['create', row],
      ['create', { partitionKey: pk, rowKey: auditRowKey(reference, workflow.version, 0), at, entry: JSON.stringify(audit) }],
      ...outboxRows(reference, workflow.version, at, notifications).map((row): TransactionAction => ['create', row]),
      // A new partition: no outbox row before this version's own exists (see Drained).
      ['create', { partitionKey: pk, rowKey: postsRowKey(reference), drainedThrough: notifications.length ? workflow.version - 1 : workflow.version, outboxDone: '[]' }],
    ]);
    await this.listing.closeDraft(ownerPk, draft.draftId, { reference, title, status: workflow.status, updatedAt: at });
    const etag = result.subResponses[0]?.etag ?? '';
    return { reference, content: draft.content, workflow, etag, updatedAt: at };
  }

  async get(reference: string): Promise<StoredRequest<C, W> | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(requestPartition(reference), requestRowKey(reference));
      const row = RequestEntity.parse(entity);
      const data = this.data.parse(fromChunks(entity));
      return { reference, content: data.content, workflow: data.workflow, etag: row.etag, updatedAt: row.updatedAt };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * Writes a state change, its audit row and the outbox rows for what it causes in one
   * transaction, only over the version read. `content` replaces the request's content
   * (a returned request resubmitted with changes). Returns the request as written and the
   * outbox rows as created, with their etags (none when the write is recognised after a
   * lost answer: their etags are unknown).
   */
  async transition(owner: Owner, current: StoredRequest<C, W>, workflow: W, audit: object, now = new Date(), notifications: readonly object[] = [], content?: C): Promise<WrittenChange<C, W>> {
    const at = now.toISOString();
    const pk = requestPartition(current.reference);
    const nextContent = content ?? current.content;
    const title = this.titleOf(nextContent).slice(0, 200);
    const outbox = outboxRows(current.reference, workflow.version, at, notifications);
    let etags: Array<string | undefined>;
    try {
      const result = await submitTransaction(this.table, [
        ['update', { partitionKey: pk, rowKey: requestRowKey(current.reference), status: workflow.status, version: workflow.version, title, owner: ownerPartition(owner), updatedAt: at, ...toChunks({ content: nextContent, workflow }) }, 'Replace', { etag: current.etag }],
        ['create', { partitionKey: pk, rowKey: auditRowKey(current.reference, workflow.version, 0), at, entry: JSON.stringify(audit) }],
        ...outbox.map((row): TransactionAction => ['create', row]),
      ]);
      etags = result.subResponses.map((r) => r.etag);
    } catch (e) {
      if (isPreconditionFailed(e) || isConflict(e)) {
        // A retried request whose first attempt succeeded also lands here: re-read and
        // compare before calling it a conflict.
        const stored = await this.get(current.reference);
        if (stored && stored.workflow.version === workflow.version && (await this.auditAt(current.reference, workflow.version)) === JSON.stringify(audit)) {
          return { stored };
        }
        throw new RequestConflictError();
      }
      throw e;
    }
    // The officer's list is a convenience copy: safe to rewrite after the fact.
    await this.listing.listRequest(ownerPartition(owner), current.reference, { title, status: workflow.status, updatedAt: at });
    return {
      stored: { ...current, content: nextContent, workflow, etag: etags[0] ?? '', updatedAt: at },
      outbox: outbox.map((row, i) => ({ reference: current.reference, rowKey: row.rowKey, etag: etags[i + 2] ?? '', notification: notifications[i], attempts: 0 })),
    };
  }

  private async auditAt(reference: string, version: number): Promise<string | undefined> {
    try {
      const row = await this.table.getEntity<{ entry: string }>(requestPartition(reference), auditRowKey(reference, version, 0));
      return row.entry;
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** Notifications not yet carried out, in the order their changes made them. */
  async outbox(reference: string): Promise<OutboxRow[]> {
    return (await this.readOutbox(reference)).pending;
  }

  /** The outbox rows still to do, and the keys of rows done but not yet swept away. */
  async readOutbox(reference: string): Promise<{ pending: OutboxRow[]; done: string[] }> {
    const pending: OutboxRow[] = [];
    const done: string[] = [];
    const pk = requestPartition(reference);
    for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey ge 'x_' and RowKey lt 'x_~'` } })) {
      const row = OutboxEntity.parse(e);
      if (row.done) done.push(row.rowKey);
      else pending.push({ reference, rowKey: row.rowKey, etag: row.etag, notification: JSON.parse(row.notification) as unknown, leaseUntil: row.leaseUntil, attempts: row.attempts ?? 0 });
    }
    return { pending, done };
  }

  /**
   * Takes an outbox row for `leaseMs`, so no other instance sends it meanwhile. Rows done
   * earlier (`sweep`, row keys) are deleted in the same transaction: housekeeping that
   * costs no extra round trip.
   */
  async claimOutbox(row: OutboxRow, now: Date, leaseMs = 60_000, sweep: readonly string[] = []): Promise<OutboxRow | undefined> {
    const claim = leaseOf(row, now, leaseMs);
    try {
      if (!sweep.length) return { ...claim.row, etag: (await this.table.updateEntity(claim.entity, 'Merge', { etag: row.etag })).etag ?? '' };
      const pk = requestPartition(row.reference);
      // A transaction holds at most 100 operations; whatever is left is swept next time.
      const deletes = sweep.slice(0, 99).map((rowKey): TransactionAction => ['delete', { partitionKey: pk, rowKey }]);
      const result = await submitTransaction(this.table, [['update', claim.entity, 'Merge', { etag: row.etag }], ...deletes]);
      return { ...claim.row, etag: result.subResponses[0]?.etag ?? '' };
    } catch (e) {
      if (isPreconditionFailed(e) || isNotFound(e)) return undefined;
      throw e;
    }
  }

  /**
   * Marks an outbox row done, over the etag of the claim, so an instance whose lease ran
   * out cannot also complete it; a card it posted is remembered in the same transaction.
   * `next`, the row after it, is claimed in that transaction too, so a drain costs one
   * round trip a notification. If that claim loses (another instance took the row), the
   * row is completed on its own and no next row is returned. Done rows are swept by the
   * next claim (claimOutbox).
   */
  async completeOutbox(row: OutboxRow, posted?: PostedCard, next?: { row: OutboxRow; now: Date; leaseMs?: number }, drained?: Drained): Promise<{ done: boolean; next?: OutboxRow }> {
    const pk = requestPartition(row.reference);
    const actions: TransactionAction[] = [['update', { partitionKey: pk, rowKey: row.rowKey, done: true }, 'Merge', { etag: row.etag }]];
    // One entity may appear once in a transaction: the post and the drain's mark share the posts row.
    if (posted || drained) {
      actions.push(['upsert', {
        ...(posted ? postEntity(row.reference, `${row.rowKey.slice(2)}_${posted.viewerAadObjectId.toLowerCase()}`, posted) : { partitionKey: pk, rowKey: postsRowKey(row.reference) }),
        ...(drained ? { drainedThrough: drained.through, outboxDone: JSON.stringify(drained.done) } : {}),
      }, 'Merge']);
    }
    const claim = next && next.row.reference === row.reference ? leaseOf(next.row, next.now, next.leaseMs) : undefined;
    try {
      const result = await submitTransaction(this.table, claim ? [...actions, ['update', claim.entity, 'Merge', { etag: next!.row.etag }]] : actions);
      return claim ? { done: true, next: { ...claim.row, etag: result.subResponses.at(-1)?.etag ?? '' } } : { done: true };
    } catch (e) {
      if (!(isNotFound(e) || isPreconditionFailed(e) || isConflict(e))) throw e;
      if (claim) return this.completeOutbox(row, posted, undefined, drained);
      return { done: false };
    }
  }

  /** Gives a claimed row back after a failed send: no instance takes it before `notBefore`. */
  async releaseOutbox(row: OutboxRow, notBefore: Date): Promise<void> {
    try {
      await this.table.updateEntity({ partitionKey: requestPartition(row.reference), rowKey: row.rowKey, leaseUntil: notBefore.toISOString() }, 'Merge', { etag: row.etag });
    } catch (e) {
      // No longer ours (its lease ran out and another instance took it): nothing to give back.
      if (!(isNotFound(e) || isPreconditionFailed(e))) throw e;
    }
  }

  /** Every card message posted for this request (to update them all in place), in the order of their keys. */
  async postedCards(reference: string): Promise<PostedCard[]> {
    return (await this.posts(reference)).cards;
  }

  /** The posts row: the request's posted cards, and how far its outbox was last drained. */
  async posts(reference: string): Promise<Posts> {
    let row: Record<string, unknown>;
    try {
      row = await this.table.getEntity<Record<string, unknown>>(requestPartition(reference), postsRowKey(reference));
    } catch (e) {
      if (isNotFound(e)) return { cards: [], outboxDone: [] };
      throw e;
    }
    const posts = Object.entries(row).flatMap(([name, value]) => {
      const parsed = name.startsWith('p_') && typeof value === 'string' ? PostEntry.safeParse(parseJson(value)) : undefined;
      return parsed?.success ? [parsed.data] : [];
    });
    const mark = DrainMark.safeParse({ through: row.drainedThrough, done: parseJson(String(row.outboxDone)) });
    return {
      cards: posts.sort((a, b) => (a.key < b.key ? -1 : 1)).map(({ key: _key, ...card }) => card),
      ...(mark.success ? { drainedThrough: mark.data.through } : {}),
      outboxDone: mark.success ? mark.data.done : [],
    };
  }

  /** Remembers a post that is not a person's card (the decisions channel post, a deputy's copy). */
  async rememberPost(reference: string, key: string, posted: PostedCard): Promise<void> {
    await this.table.upsertEntity(postEntity(reference, key, posted), 'Merge');
  }

  /**
   * Records a refused attempt (someone not allowed tried to act). It is a row of its own
   * beside the transitions; the request row and its etag are untouched.
   */
  async auditRefusal(reference: string, version: number, entry: object, now = new Date()): Promise<void> {
    const rowKey = `a_${String(version).padStart(6, '0')}_r${now.getTime().toString(36)}${randomUUID().slice(0, 8)}`;
    await this.table.createEntity({ partitionKey: requestPartition(reference), rowKey, at: now.toISOString(), entry: JSON.stringify(entry) });
  }

  /**
   * Published decisions, newest first, from one partition (PK decisions): a convenience
   * copy written after each change of a published decision, safe to rewrite.
   */
  async listDecision(reference: string, columns: Omit<DecisionListing, 'reference'>): Promise<void> {
    await this.table.upsertEntity({ partitionKey: 'decisions', rowKey: reference, ...columns }, 'Replace');
  }

  async decisions(limit = 20): Promise<DecisionListing[]> {
    const rows: DecisionListing[] = [];
    for await (const e of this.table.listEntities<Record<string, unknown>>({ queryOptions: { filter: `PartitionKey eq 'decisions'` } })) {
      const row = DecisionListing.safeParse(e);
      if (row.success) rows.push({ ...row.data, reference: row.data.rowKey });
    }
    return rows.sort((a, b) => b.publishedOn.localeCompare(a.publishedOn) || b.reference.localeCompare(a.reference)).slice(0, limit);
  }

  async audit(reference: string): Promise<Array<{ at: string; entry: unknown }>> {
    const rows: Array<{ at: string; entry: unknown }> = [];
    const pk = requestPartition(reference);
    for await (const e of this.table.listEntities<{ at: string; entry: string }>({ queryOptions: { filter: `PartitionKey eq '${pk}' and RowKey ge 'a_' and RowKey lt 'a_~'` } })) {
      rows.push({ at: e.at, entry: JSON.parse(e.entry) as unknown });
    }
    return rows;
  }
}

const DecisionListing = z.object({ rowKey: z.string(), title: z.string(), status: z.string(), publishedOn: z.string(), deadline: z.string().optional(), implementableFrom: z.string() });

export interface OutboxRow {
  reference: string;
  rowKey: string;
  etag: string;
  notification: unknown;
  leaseUntil?: string;
  attempts: number;
}

const OutboxEntity = z.object({ rowKey: z.string(), etag: z.string(), notification: z.string(), leaseUntil: z.string().optional(), attempts: z.number().int().optional(), done: z.boolean().optional() });

/** A card message the bot posted for a request: who it was rendered for and where it is. */
export const PostedCardSchema = z.object({
  conversationId: z.string(),
  activityId: z.string(),
  /** 'person' cards show the viewer's own actions; 'channel' is the public decisions post. */
  audience: z.enum(['person', 'channel']),
  viewerTenantId: z.string(),
  viewerAadObjectId: z.string(),
  viewerName: z.string(),
});
export type PostedCard = z.infer<typeof PostedCardSchema>;

/**
 * A request's posted cards are one row with a property a post: reading them is a point read
 * (they were rows of their own, found by a query of the partition, which Azurite answers by
 * scanning the whole table), and remembering one is a Merge that needs no read. Table
 * Storage allows 252 properties an entity, so the outbox stops remembering a request's
 * posts at MAX_POSTED_CARDS (about 10 a stage it goes through).
 */
export const MAX_POSTED_CARDS = 200;
const PostEntry = PostedCardSchema.extend({ key: z.string() });
const DrainMark = z.object({ through: z.number().int().nonnegative(), done: z.array(z.string().regex(/^x_\d{6}_\d{2}_ECR-\d{4}-\d{4,6}$/)) });

/**
 * A drain's mark, written with its last completion: every outbox row up to version
 * `through` is done, and `done` names the rows it completed, for the next drain's first
 * claim to sweep. The drain of a change to `through + 1` that this process wrote then
 * knows every pending row already (the change's own) and need not read the outbox.
 */
export type Drained = { through: number; done: string[] };

/** A request's posts row as read. */
export interface Posts {
  cards: PostedCard[];
  drainedThrough?: number;
  outboxDone: string[];
}
const postsRowKey = (reference: string) => `posts_${reference}`;

function postEntity(reference: string, key: string, posted: PostedCard) {
  // Keys hold characters a property name may not ('-', ':'): the name is a hash of the key.
  const name = `p_${createHash('sha256').update(key).digest('hex').slice(0, 40)}`;
  return { partitionKey: requestPartition(reference), rowKey: postsRowKey(reference), [name]: JSON.stringify({ key, ...posted }) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function outboxRows(reference: string, version: number, at: string, notifications: readonly object[]) {
  // A transaction holds at most 100 operations; the request, audit and (when it is created) posts rows take three.
  if (notifications.length > 97) throw new RangeError('Too many notifications for one change');
  return notifications.map((n, i) => ({ partitionKey: requestPartition(reference), rowKey: `x_${String(version).padStart(6, '0')}_${String(i).padStart(2, '0')}_${reference}`, at, notification: JSON.stringify(n), attempts: 0 }));
}

/** The version of the change that wrote an outbox row (its row key begins x_<version>_). */
export function outboxVersion(row: Pick<OutboxRow, 'rowKey'>): number {
  return Number(row.rowKey.slice(2, 8));
}

/** The columns that lease an outbox row, and the row as it is once leased. */
function leaseOf(row: OutboxRow, now: Date, leaseMs = 60_000) {
  const leaseUntil = new Date(now.getTime() + leaseMs).toISOString();
  const attempts = row.attempts + 1;
  return { entity: { partitionKey: requestPartition(row.reference), rowKey: row.rowKey, leaseUntil, attempts }, row: { ...row, leaseUntil, attempts } };
}

export function requestRowKey(reference: string): string {
  return `request_${reference}`;
}

export function auditRowKey(reference: string, version: number, n: number): string {
  return `a_${String(version).padStart(6, '0')}_${String(n).padStart(6, '0')}_${reference}`;
}
