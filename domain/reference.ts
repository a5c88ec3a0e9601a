/**
 * Request references: <prefix>-<year>-<sequence>, e.g. ECR-2026-0001. A council may choose
 * its own prefix (settings card), and then numbers its requests in its own series; councils
 * that keep the default share the ECR series, so no two requests ever share a reference.
 */
export const DEFAULT_PREFIX = 'ECR';
/** A council's prefix: two to five capital letters. */
export const PREFIX = /^[A-Z]{2,5}$/;
/** A reference as text in other patterns (keys, download paths). */
export const REFERENCE_PATTERN = '[A-Z]{2,5}-\\d{4}-\\d{4,6}';
const REFERENCE = /^([A-Z]{2,5})-(\d{4})-(\d{4,6})$/;

export function formatReference(year: number, sequence: number, prefix: string = DEFAULT_PREFIX): string {
  if (!PREFIX.test(prefix)) throw new RangeError('Not a reference prefix');
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The only way a typed reference reaches storage: anything but the exact shape (quotes,
 * slashes, # ?, control characters, very long text, non-strings) is refused.
 */
export function parseReference(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  const m = REFERENCE.exec(input.trim().toUpperCase());
  return m ? formatReference(Number(m[2]), Number(m[3]), m[1]) : undefined;
}

/** The year a well-formed reference was issued in, e.g. 2026 for ECR-2026-0001. */
export function referenceYear(reference: string): number {
  const m = REFERENCE.exec(reference);
  if (!m) throw new RangeError('Not a request reference');
  return Number(m[2]);
}
