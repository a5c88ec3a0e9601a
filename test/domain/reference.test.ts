import fc from 'fast-check';
import { formatReference, parseReference } from '../../domain/reference';

describe('request references', () => {
  it('formats with a four-digit sequence', () => {
    expect(formatReference(2026, 1)).toBe('ECR-2026-0001');
    expect(formatReference(2026, 12_345)).toBe('ECR-2026-12345');
  });

  it.each([
    ['ECR-2026-0001', { year: 2026, n: 1, reference: 'ECR-2026-0001' }],
    [' ecr-2026-0042 ', { year: 2026, n: 42, reference: 'ECR-2026-0042' }],
    ['ECR-2026-000042', { year: 2026, n: 42, reference: 'ECR-2026-0042' }],
    ['ECR-2026-0007\n', { year: 2026, n: 7, reference: 'ECR-2026-0007' }],
  ])('reads %s', (text, expected) => expect(parseReference(text)).toEqual(expected));

  it.each([
    ["ECR-2026-0001'", 'quote'],
    ['"ECR-2026-0001"', 'quotes'],
    ['ECR/2026/0001', 'slash'],
    ['ECR-2026-0001\\', 'backslash'],
    ['ECR-2026-0001#', 'hash'],
    ['ECR-2026-0001?', 'question mark'],
    ['ECR-2026-\u00000001', 'control'],
    ['ECR-2026-00\t01', 'tab'],
    ['ECR-2026-001', 'three digits'],
    ['ECR-2026-1234567', 'seven digits'],
    ['ECR-2026-0000', 'zero'],
    ['E'.repeat(2000), 'long'],
    ['', 'empty'],
  ])('refuses %j (%s)', (text) => {
    expect(parseReference(text)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(parseReference(['ECR-2026-0001'])).toBeUndefined();
    expect(parseReference(undefined)).toBeUndefined();
    expect(parseReference({ toString: () => 'ECR-2026-0001' })).toBeUndefined();
  });

  it('round-trips every reference it formats (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 999_999 }), (year, n) => {
        expect(parseReference(formatReference(year, n))).toEqual({ year, n, reference: formatReference(year, n) });
      }),
      { numRuns: 1000 },
    );
  });

  it('accepts nothing but the exact shape (1,000 strings)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseReference(text);
        if (parsed) expect(parsed.reference).toMatch(/^ECR-\d{4}-\d{4,6}$/);
      }),
      { numRuns: 1000 },
    );
  });
});
