import { REFERENCE_PATTERN } from '../domain/reference';

/**
 * The Requests table, laid out so that every question a user asks reads one partition:
 *
 *   PK o_<tenant>_<aadObjectId>   an officer's drafts and "my requests" (draft-repository.ts,
 *                                 officer-listing.ts)
 *   PK r_<reference>              one submitted request ("status", "history", every click)
 *     RK request_<reference>      content + workflow state; the etag guards every change (request-store.ts)
 *     RK a_<version>_<n>_<ref>    append-only audit rows, written in the same transaction (request-store.ts)
 *     RK x_<version>_<n>_<ref>    outbox rows for the notifications a change causes (outbox-store.ts)
 *     RK posts_<ref>              the cards posted for it, and how far its outbox has been
 *                                 drained (posted-cards.ts)
 *   PK decisions                  published decisions, a row each (published-decisions.ts)
 *
 * A request's rows repeat its reference in their RowKey, though the partition already
 * names it: Azurite finds a row by its RowKey first and then checks the PartitionKey of
 * every row with that RowKey, so a RowKey shared by every request (it was `request`) made
 * each read and write of a request cost time in proportion to the table.
 *
 * References are checked before they reach a key, so no key needs escaping and nothing
 * user-typed reaches a filter.
 */
const REFERENCE_KEY = new RegExp(`^${REFERENCE_PATTERN}$`);

export function requestPartition(reference: string): string {
  if (!REFERENCE_KEY.test(reference)) throw new RangeError('Not a request reference');
  return `r_${reference}`;
}

export function requestRowKey(reference: string): string {
  return `request_${reference}`;
}

export function auditRowKey(reference: string, version: number, n: number): string {
  return `a_${String(version).padStart(6, '0')}_${String(n).padStart(6, '0')}_${reference}`;
}

export function outboxRowKey(reference: string, version: number, n: number): string {
  return `x_${String(version).padStart(6, '0')}_${String(n).padStart(2, '0')}_${reference}`;
}

export function postsRowKey(reference: string): string {
  return `posts_${reference}`;
}
