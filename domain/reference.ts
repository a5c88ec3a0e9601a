/** Request references: ECR-<year>-<sequence>, e.g. ECR-2026-0001. */
const REFERENCE = /^ECR-(\d{4})-(\d{4,6})$/;

export function formatReference(year: number, sequence: number): string {
  return `ECR-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * The only way a typed reference reaches storage: anything but the exact shape (quotes,
 * slashes, # ?, control characters, very long text, non-strings) is refused.
 */
export function parseReference(input: unknown): string | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  const m = REFERENCE.exec(input.trim().toUpperCase());
  return m ? formatReference(Number(m[1]), Number(m[2])) : undefined;
}

/** The year a well-formed reference was issued in, e.g. 2026 for ECR-2026-0001. */
export function referenceYear(reference: string): number {
  const m = REFERENCE.exec(reference);
  if (!m) throw new RangeError('Not a request reference');
  return Number(m[1]);
}
