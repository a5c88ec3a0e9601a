import type { PortErrorCode } from '../../domain/error-codes';

/**
 * The stable codes a port's failures carry. The use cases tell failures apart by code, not
 * by class, so they need none of the adapters' error classes: storage's DraftConflictError
 * and RequestConflictError (a write over a stale etag, Table Storage's 412), its
 * TooManyDraftsError, and the Teams sender's UnreachableError and RetryLaterError.
 */
export type { PortErrorCode };

export function hasCode(error: unknown, code: PortErrorCode): error is Error & { code: PortErrorCode } {
  return error instanceof Error && (error as { code?: unknown }).code === code;
}

/** Why a person cannot be reached yet: the app is not installed for them, Teams refused, or no Teams service is known. */
export type UnreachableWhy = 'not_installed' | 'refused' | 'no_route';

/** A send whose target cannot be reached now (code UNREACHABLE). */
export interface Unreachable extends Error {
  code: 'UNREACHABLE';
  why: UnreachableWhy;
}

/** A send Teams asked to be tried again no sooner than `notBeforeMs` (code RETRY_LATER). */
export interface RetryLater extends Error {
  code: 'RETRY_LATER';
  notBeforeMs: number;
}

export const isUnreachable = (error: unknown): error is Unreachable => hasCode(error, 'UNREACHABLE');
export const isRetryLater = (error: unknown): error is RetryLater => hasCode(error, 'RETRY_LATER');
