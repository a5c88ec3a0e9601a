import type { PersonKey } from '../../domain/person';
import type { DecisionListing } from '../../domain/public-summary';
import type { RequestContent } from '../../domain/request';
import type { WorkflowState } from '../../domain/lifecycle';
import type { Delegation } from '../../storage/delegations';
import type { StoredRequest, WrittenChange as StoredChange } from '../../storage/request-store';
import type { Draft } from './drafts';

export type { DecisionListing, Delegation };

/** A submitted request as read, with the etag every change is written over. */
export type Stored = StoredRequest<RequestContent, WorkflowState>;
/** A change as written: the request, and the outbox rows it created (when known). */
export type WrittenChange = StoredChange<RequestContent, WorkflowState>;

/**
 * Submitted requests and their audit (storage/request-store.ts). Each write puts the
 * request row, its audit row and its outbox rows in one transaction. `submitDraft` claims
 * the draft over its etag (a stale one fails with code DRAFT_CHANGED); `transition` writes
 * over the request's etag (a stale one fails with code REQUEST_CHANGED).
 */
export interface Requests {
  get(reference: string): Promise<Stored | undefined>;
  submitDraft(
    owner: PersonKey,
    draft: Draft,
    reference: string,
    workflow: WorkflowState,
    audit: object,
    now: Date,
    notifications: readonly object[],
  ): Promise<Stored>;
  transition(
    owner: PersonKey,
    current: Stored,
    workflow: WorkflowState,
    audit: object,
    now: Date,
    notifications: readonly object[],
    content?: RequestContent,
  ): Promise<WrittenChange>;
  /** A refused attempt, kept beside the transitions; the request row is untouched. */
  auditRefusal(reference: string, version: number, entry: object, now: Date): Promise<void>;
  audit(reference: string): Promise<Array<{ at: string; entry: unknown }>>;
}

/** The public listing of published decisions (storage/published-decisions.ts): a copy, safe to rewrite. */
export interface DecisionListings {
  /** Kept per council (the requester's tenant). */
  record(tenantId: string, reference: string, columns: Omit<DecisionListing, 'reference'>): Promise<void>;
  /** The council's, newest first. */
  newest(tenantId: string, limit?: number): Promise<DecisionListing[]>;
}

/** Request numbers, one series a calendar year (storage/sequence.ts): never the same number twice. */
export interface ReferenceSequence {
  /** The next number of a series: a prefix's, per calendar year. */
  next(year: number, prefix?: string): Promise<number>;
}

/** Deputies named for a date range (storage/delegations.ts), read into the rules of every click. */
export interface Delegations {
  list(tenantId: string): Promise<Delegation[]>;
  set(delegation: Delegation): Promise<void>;
  /** Resolves to whether there was one to end. */
  clear(tenantId: string, aadObjectId: string): Promise<boolean>;
  record(
    tenantId: string,
    entry: { action: 'appointed' | 'ended'; by: { aadObjectId: string; name: string }; delegation?: Delegation },
    now: Date,
  ): Promise<void>;
}
