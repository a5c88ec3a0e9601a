import fc from 'fast-check';
import { formatFte, formatPounds, mulFte, parseFte, parsePounds } from '../../domain/money';
import { parseReference } from '../../domain/reference';

describe('money in pence', () => {
  it.each([
    ['£28,376', 2_837_600],
    ['28376', 2_837_600],
    ['28,376.50', 2_837_650],
    ['£3,161', 316_100],
    ['£28,376 with on-costs', 2_837_600],
    ['£1.2m', 120_000_000],
    ['£85k', 8_500_000],
    ['0.5', 50],
  ])('reads %s as %i pence', (text, pence) => expect(parsePounds(text)).toEqual({ ok: true, value: pence }));

  it.each([
    ['1e309', /not an amount/],
    ['NaN', /not an amount/],
    ['Infinity', /not an amount/],
    ['-£5', /negative/],
    ['£28,376.505', /two decimal places/],
    ['£100,000,000.01', /too large/],
    ['9'.repeat(30), /too large/],
    ['', /Please give an amount/],
    ['twenty pounds', /not an amount/],
  ])('refuses %s with a clear message', (text, message) => {
    const result = parsePounds(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('formats pounds as the reports do', () => {
    expect(formatPounds(28_493_700)).toBe('£284,937');
    expect(formatPounds(2_837_650)).toBe('£28,376.50');
    expect(formatPounds(-4_500_000)).toBe('-£45,000');
  });

  it('round-trips any amount through text (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (pence) => expect(parsePounds(formatPounds(pence))).toEqual({ ok: true, value: pence })),
      { numRuns: 1000 },
    );
  });
});

describe('FTE in hundredths', () => {
  it.each([
    ['1.5', 150],
    ['0.75', 75],
    ['3', 300],
    ['1.0 fte', 100],
  ])('reads %s', (text, value) => expect(parseFte(text)).toEqual({ ok: true, value }));
  it.each([
    ['0', /more than zero/],
    ['-1', /not an FTE/],
    ['1.555', /two decimal/],
    ['1000', /not an FTE/],
    ['1e3', /not an FTE/],
  ])('refuses %s', (text, message) => {
    const result = parseFte(text);
    expect(!result.ok && message.test(result.message)).toBe(true);
  });
  it('multiplies exactly: 1.5 × £23,940 = £35,910', () => expect(mulFte(2_394_000, 150)).toBe(3_591_000));
  it('formats', () => expect([formatFte(150), formatFte(300), formatFte(75)]).toEqual(['1.5', '3', '0.75']));
});

describe('request references', () => {
  it.each([
    ['ECR-2026-0001', 'ECR-2026-0001'],
    [' ecr-2026-0042 ', 'ECR-2026-0042'],
  ])('reads %s', (text, ref) => expect(parseReference(text)).toBe(ref));
  it.each([
    ["ECR-2026-0001'", 'quote'],
    ['ECR/2026/0001', 'slash'],
    ['ECR-2026-0001\\', 'backslash'],
    ['ECR-2026-0001#', 'hash'],
    ['ECR-2026-0001?', 'question mark'],
    ['ECR-2026-\u00000001', 'control'],
    ['E'.repeat(2000), 'long'],
  ])('refuses %s (%s)', (text) => expect(parseReference(text)).toBeUndefined());
  it('refuses non-strings such as an array', () => expect(parseReference(['ECR-2026-0001'])).toBeUndefined());
});
