import type { PersonKey } from '../../domain/person';
import type { RequestContent } from '../../domain/request';
import type { ClosedDraft, DraftListing, DraftRecord, OwnerListing } from '../../storage/draft-repository';

export type { ClosedDraft, DraftListing, PersonKey, OwnerListing };

/** A draft as read, with the etag every write over it is checked against. */
export type Draft = DraftRecord<RequestContent>;

/**
 * An officer's drafts and what "my requests" lists (storage/draft-repository.ts). A save
 * over a stale etag fails with code DRAFT_CHANGED; a draft past the cap with TOO_MANY_DRAFTS.
 */
export interface Drafts {
  create(owner: PersonKey, content: RequestContent, now?: Date, options?: { resubmits?: string }): Promise<Draft>;
  /** Undefined once closed (submitted or discarded). `lastSeen` lets a copy at that etag stand in for the read. */
  get(owner: PersonKey, draftId: string, lastSeen?: string): Promise<Draft | undefined>;
  save(owner: PersonKey, draft: Draft, content: RequestContent, now?: Date): Promise<Draft>;
  /** Resolves to whether this call closed it. */
  discard(owner: PersonKey, draftId: string): Promise<boolean>;
  /** What became of a closed draft; undefined for an open one or one that never was. */
  closed(owner: PersonKey, draftId: string): Promise<ClosedDraft | undefined>;
  listForOwner(owner: PersonKey): Promise<{ drafts: DraftListing[]; requests: OwnerListing[] }>;
  latest(owner: PersonKey): Promise<Draft | undefined>;
  /** Drops any copy kept in memory (the draft was submitted). */
  forget(owner: PersonKey, draftId: string): void;
}
