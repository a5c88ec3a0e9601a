/**
 * Storage failures the rest of the bot may act on, each with a stable code, and helpers
 * that read the HTTP status of an @azure/data-tables error (its `code` is usually empty,
 * so `statusCode` is the only reliable signal).
 */
export type StorageErrorCode =
  | 'STORAGE_ETAG_CONFLICT' // someone else wrote the row since it was read
  | 'STORAGE_VALUE_TOO_LARGE' // over 1 MiB / 252 properties / 4 MiB per batch
  | 'STORAGE_KEY_TOO_LONG' // an encoded key over 1 KiB
  | 'STORAGE_DAMAGED_ROW' // a stored row does not match its schema
  | 'STORAGE_CONTENTION' // gave up after many etag retries
  | 'STORAGE_INVALID_BATCH' // a transaction that Table Storage would refuse
  | 'STORAGE_INVALID_OPTIONS' // bad connection options
  | 'STORAGE_UNAVAILABLE'; // Table Storage did not answer (see table-service.ts)

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}

export function isStorageError(error: unknown, code?: StorageErrorCode): error is StorageError {
  return error instanceof StorageError && (code === undefined || error.code === code);
}

/** The HTTP status of a Table Storage error, if it has one. */
export function tableStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

export const isNotFound = (error: unknown): boolean => tableStatus(error) === 404;
export const isConflict = (error: unknown): boolean => tableStatus(error) === 409;
export const isPreconditionFailed = (error: unknown): boolean => tableStatus(error) === 412;

/**
 * Table Storage could not be reached (refused, reset, silent) or failed on its side (5xx,
 * 408), after the SDK's retries: the caller can only say "try again".
 */
export function isStorageUnavailable(error: unknown): boolean {
  if (isStorageError(error, 'STORAGE_UNAVAILABLE')) return true;
  if (!(error instanceof Error) || error.name !== 'RestError') return false;
  const status = tableStatus(error);
  return status === undefined || status === 408 || status >= 500;
}
