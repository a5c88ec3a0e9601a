// Names still imported from here by files being rewritten elsewhere; they move to their modules' own imports.
export { DraftConflictError, isDraftId, NotFoundError, type ClosedDraft, type DraftRecord, type Owner } from './draft-repository';
export type { StoredRequest } from './request-store';
