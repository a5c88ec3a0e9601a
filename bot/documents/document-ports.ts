import type { PersonKey } from '../../domain/person';
import type { Person, Rules, WorkflowState } from '../../domain/lifecycle';
import type { RequestContent } from '../../domain/request';
import type { DraftRecord } from '../../storage/draft-repository';
import type { StoredRequest } from '../../storage/request-store';

/**
 * What supporting documents need of the requests' use cases: the officer's drafts, a
 * request as a person may see it, and opening a returned request for revision. The
 * request service (RequestService) has all of it; only this much is relied on.
 */
export type Draft = DraftRecord<RequestContent>;
export type Stored = StoredRequest<RequestContent, WorkflowState>;
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export interface DocumentRequests {
  drafts: {
    get(owner: PersonKey, draftId: string): Promise<Draft | undefined>;
    save(owner: PersonKey, draft: Draft, content: RequestContent, now?: Date): Promise<Draft>;
    latest(owner: PersonKey): Promise<Draft | undefined>;
    closed(owner: PersonKey, draftId: string): Promise<{ submittedAs?: string } | undefined>;
    listForOwner(owner: PersonKey): Promise<{ requests: Array<{ key: string; status: string }> }>;
  };
  /** The request if `sender` may see all of it (domain/access.ts), else why not. */
  find(sender: Person, typed: string): Promise<Outcome<{ stored: Stored; rules: Rules }>>;
  /** A returned request as a draft of its next version (the one already open, if any). */
  revise(sender: Person, typed: string): Promise<Outcome<Draft>>;
  workflow: {
    /** A request by reference for the sweep, which acts for nobody. */
    load(reference: string, tenantId: string): Promise<{ stored: Stored } | undefined>;
    now(): Date;
  };
}

/** A storage failure's code, by value rather than class (DRAFT_CHANGED, NOT_FOUND). */
export const codeOf = (error: unknown): string | undefined => (error instanceof Error ? ((error as { code?: unknown }).code as string | undefined) : undefined);
