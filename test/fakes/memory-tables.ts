/**
 * What the in-memory stores share, as the tables do: an etag that changes at every write,
 * and JSON round trips in and out, so nothing a caller holds is the stored object and a
 * value that would not survive Table Storage does not survive here either.
 */
export class MemoryTables {
  private written = 0;

  /** A fresh etag, as Table Storage gives one at every write. */
  etag(): string {
    return `W/"datetime'${++this.written}'"`;
  }
}

export function roundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The officer's partition key, as storage/draft-repository.ts builds it (ids lower-cased). */
export const ownerKey = (owner: { tenantId: string; aadObjectId: string }) => `${owner.tenantId.toLowerCase()}_${owner.aadObjectId.toLowerCase()}`;
