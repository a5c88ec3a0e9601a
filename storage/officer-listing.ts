import type { ErrorCode } from '../domain/error-codes';
import type { TableClient, TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { referenceYear } from '../domain/reference';
import { isConflict, isNotFound, isPreconditionFailed, StorageError } from './errors';
import { submitTransaction } from './transaction-wire';

/**
 * What "my requests" shows, kept so that it is read by key, never by a query: a partition
 * query costs Azure Table Storage the partition, but the emulator the whole table, and a
 * point read costs the same however many requests are stored.
 *
 * In the officer's partition (PK o_<tenant>_<aadObjectId>):
 *   RK list_<PK>          a property per open draft (d_<draftId>) and per year the officer
 *                         has requests in (y_<year>)
 *   RK list_<year>_<PK>   a property per request of that year (r_ECR_<year>_<n>)
 * The RowKeys repeat the partition because the emulator finds a row by RowKey first and
 * then checks each row with that RowKey (see request-table.ts).
 *
 * Entries are added and changed by Merge, a property at a time, in the same transaction as
 * the row they describe, so concurrent changes to different drafts or requests never
 * collide. A draft's entry is taken out by rewriting the `list` row over its etag (Merge
 * cannot remove a property). An entity holds at most 252 properties: drafts are capped at
 * MAX_DRAFTS and a year's row holds up to 250 requests of one officer.
 */
export const MAX_DRAFTS = 100;

export interface DraftListing {
  draftId: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  resubmits?: string;
}

export interface OwnerListing {
  /** The request's reference. */
  key: string;
  title: string;
  status: string;
  updatedAt: string;
}

const DraftEntry = z.object({ t: z.string(), c: z.string(), u: z.string(), r: z.string().optional(), s: z.string().optional() });
const RequestEntry = z.object({ t: z.string(), s: z.string(), u: z.string() });
type DraftEntry = z.infer<typeof DraftEntry>;

const listRow = (partitionKey: string) => `list_${partitionKey}`;
const yearRow = (partitionKey: string, year: string) => `list_${year}_${partitionKey}`;
const yearOf = (reference: string) => String(referenceYear(reference));

// Table property names follow C# identifier rules: no hyphens.
const requestProperty = (reference: string) => `r_${reference.replace(/-/g, '_')}`;
const referenceOf = (property: string) => property.slice(2).replace(/_/g, '-');

function parseJson(value: unknown): unknown {
  try {
    return typeof value === 'string' ? JSON.parse(value) : undefined;
  } catch {
    return undefined;
  }
}

interface ListedRequest {
  reference: string;
  title: string;
  status: string;
  updatedAt: string;
}

const requestValue = (entry: Omit<ListedRequest, 'reference'>) => JSON.stringify({ t: entry.title, s: entry.status, u: entry.updatedAt });

export class TooManyDraftsError extends Error {
  readonly code = 'TOO_MANY_DRAFTS' satisfies ErrorCode;
  constructor() {
    super(`You have ${MAX_DRAFTS} drafts, the most I keep for one person. Type **my requests** to see them, and **discard** the ones you no longer need.`);
  }
}

export class OfficerListing {
  constructor(private readonly table: TableClient) {}

  /** The change to make, in the draft's own transaction, when a draft is created or saved. */
  draftEntry(partitionKey: string, draft: DraftListing & { submittingAs?: string }): TransactionAction {
    const entry: DraftEntry = {
      t: draft.title,
      c: draft.createdAt,
      u: draft.updatedAt,
      ...(draft.resubmits ? { r: draft.resubmits } : {}),
      ...(draft.submittingAs ? { s: draft.submittingAs } : {}),
    };
    return ['upsert', { partitionKey, rowKey: listRow(partitionKey), [`d_${draft.draftId}`]: JSON.stringify(entry) }, 'Merge'];
  }

  /** The changes to make, in one transaction, when a request is listed or its status moves. */
  requestEntry(partitionKey: string, reference: string, entry: Omit<ListedRequest, 'reference'>): TransactionAction[] {
    return [
      this.yearEntry(partitionKey, { reference, ...entry }),
      ['upsert', { partitionKey, rowKey: listRow(partitionKey), [`y_${yearOf(reference)}`]: true }, 'Merge'],
    ];
  }

  private yearEntry(partitionKey: string, request: ListedRequest): TransactionAction {
    return [
      'upsert',
      { partitionKey, rowKey: yearRow(partitionKey, yearOf(request.reference)), [requestProperty(request.reference)]: requestValue(request) },
      'Merge',
    ];
  }

  async listRequest(partitionKey: string, reference: string, entry: Omit<ListedRequest, 'reference'>): Promise<void> {
    await submitTransaction(this.table, this.requestEntry(partitionKey, reference, entry));
  }

  /** Fails with TooManyDraftsError when the officer already has MAX_DRAFTS open drafts. */
  async assertRoomForDraft(partitionKey: string): Promise<void> {
    const row = await this.readList(partitionKey);
    if (row && Object.keys(row).filter((k) => k.startsWith('d_')).length >= MAX_DRAFTS) throw new TooManyDraftsError();
  }

  /**
   * Takes a draft off the list, in one transaction with closing its row and, on
   * submission, listing the request it became. The row is not deleted but replaced by a
   * tombstone ({ kind: 'closed', submittedAs? }), so a click on an old card can be told
   * what became of the draft. The list row is rewritten over the etag just read; a change
   * made to it in between (another draft saved, or this one closed) means reading it
   * again. Only a listed draft is closed by a discard, so closing twice answers false the
   * second time; a submission always leaves its reference. A draft row already gone
   * (deleted elsewhere) still has its entry taken off. Resolves to whether this call closed
   * the draft row.
   */
  async closeDraft(partitionKey: string, draftId: string, listRequest?: ListedRequest): Promise<boolean> {
    const rowKey = `d_${draftId}`;
    const tombstone = { partitionKey, rowKey, kind: 'closed', ...(listRequest ? { submittedAs: listRequest.reference } : {}) };
    let rowThere = true;
    for (let attempt = 0; attempt < 50; attempt++) {
      // Someone else changed the list since it was read: back off a little, with jitter.
      if (attempt) await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 5 * attempt)));
      const current = await this.readList(partitionKey);
      const listed = current !== undefined && rowKey in current;
      if (!listed && !listRequest) return false;
      const kept = Object.fromEntries(Object.entries(current ?? {}).filter(([k]) => /^[dy]_/.test(k) && k !== rowKey));
      const actions: TransactionAction[] = [];
      // A discard's update has no etag, and fails (404) when the row is gone: no tombstone for a draft that never was.
      if (listRequest) {
        actions.push(['upsert', tombstone, 'Replace'], this.yearEntry(partitionKey, listRequest));
        kept[`y_${yearOf(listRequest.reference)}`] = true;
      } else if (rowThere) actions.push(['update', tombstone, 'Replace']);
      const list = { partitionKey, rowKey: listRow(partitionKey), ...kept };
      actions.push(current ? ['update', list, 'Replace', { etag: current.etag as string }] : ['create', list]);
      try {
        await submitTransaction(this.table, actions);
        return listed && rowThere;
      } catch (e) {
        if (isNotFound(e) && rowThere && !listRequest) rowThere = false;
        else if (!(isPreconditionFailed(e) || isConflict(e))) throw e;
      }
    }
    throw new StorageError('STORAGE_CONTENTION', 'The list of drafts kept changing while a draft was being taken off it.');
  }

  /** The officer's open drafts (not those being submitted) and requests: point reads only. */
  async read(partitionKey: string): Promise<{ drafts: DraftListing[]; requests: OwnerListing[] }> {
    const row = await this.readList(partitionKey);
    if (!row) return { drafts: [], requests: [] };
    const drafts: DraftListing[] = [];
    const years: string[] = [];
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith('y_')) years.push(key.slice(2));
      if (!key.startsWith('d_')) continue;
      const entry = DraftEntry.safeParse(parseJson(value));
      if (!entry.success || entry.data.s) continue;
      drafts.push({
        draftId: key.slice(2),
        title: entry.data.t,
        createdAt: entry.data.c,
        updatedAt: entry.data.u,
        ...(entry.data.r ? { resubmits: entry.data.r } : {}),
      });
    }
    const rows = await Promise.all(years.map((year) => this.readList(partitionKey, yearRow(partitionKey, year))));
    const requests: OwnerListing[] = [];
    for (const yearRow of rows) {
      for (const [key, value] of Object.entries(yearRow ?? {})) {
        if (!key.startsWith('r_')) continue;
        const entry = RequestEntry.safeParse(parseJson(value));
        if (entry.success) requests.push({ key: referenceOf(key), title: entry.data.t, status: entry.data.s, updatedAt: entry.data.u });
      }
    }
    return { drafts: drafts.sort((a, b) => a.createdAt.localeCompare(b.createdAt)), requests };
  }

  private async readList(partitionKey: string, rowKey = listRow(partitionKey)): Promise<Record<string, unknown> | undefined> {
    try {
      return await this.table.getEntity<Record<string, unknown>>(partitionKey, rowKey);
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
