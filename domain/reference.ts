/** Request references: ECR-<year>-<sequence>, e.g. ECR-2026-0001. */
const REFERENCE = /^ECR-(\d{4})-(\d{4,6})$/;

export interface ParsedReference {
  year: number;
  n: number;
  /** The canonical form, upper case with the sequence padded to four digits. */
  reference: string;
}

export function formatReference(year: number, n: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Not a reference year: ${year}`);
  if (!Number.isInteger(n) || n < 1 || n > 999_999) throw new RangeError(`Not a reference sequence: ${n}`);
  return `ECR-${year}-${String(n).padStart(4, '0')}`;
}

/**
 * The only way a typed reference reaches storage, where it becomes a key: anything but
 * the exact shape (quotes, / \ # ?, control characters, long text, non-strings) is refused.
 */
export function parseReference(input: unknown): ParsedReference | undefined {
  if (typeof input !== 'string' || input.length > 40) return undefined;
  const m = REFERENCE.exec(input.trim().toUpperCase());
  if (!m) return undefined;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (year < 1000 || n < 1) return undefined;
  return { year, n, reference: formatReference(year, n) };
}
