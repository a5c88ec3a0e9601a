import fc from 'fast-check';
import { formatFte, formatPounds, mulFte, parseFte, parsePounds } from '../../domain/money';

const pence = (text: string) => {
  const r = parsePounds(text);
  return r.ok ? r.pence : r.message;
};

describe('money in pence', () => {
  it.each([
    ['£28,376', 2_837_600],
    ['28376', 2_837_600],
    ['28,376.50', 2_837_650],
    ['£3,161', 316_100],
    ['£28,376 with on-costs', 2_837_600],
    ['£0.5m', 50_000_000],
    ['£1.2m', 120_000_000],
    ['£1.2k', 120_000],
    ['£85k', 8_500_000],
    ['0.5', 50],
    ['£100,000,000', 10_000_000_000],
  ])('reads %s as %i pence', (text, expected) => {
    expect(parsePounds(text)).toEqual({ ok: true, pence: expected, value: expected });
  });

  it.each([
    ['1e309', /not an amount/],
    ['NaN', /not an amount/],
    ['Infinity', /not an amount/],
    ['-£5', /negative/],
    ['−£45,000', /negative/],
    ['£28,376.505', /two decimal places/],
    ['£100,000,000.01', /too large/],
    ['£101m', /too large/],
    ['9'.repeat(30), /too large/],
    ['', /Please give an amount/],
    ['   ', /Please give an amount/],
    ['twenty pounds', /not an amount/],
    ['28,37,6', /not an amount/],
  ])('refuses %s with a clear message', (text, message) => expect(pence(text)).toMatch(message));

  it('keeps control characters out of its messages', () => expect(pence('\u0007bad\u0000')).toBe('"bad" is not an amount I recognise: write it like £28,376 or 28376.50.'));

  it('formats pounds as the reports do', () => {
    expect(formatPounds(28_493_700)).toBe('£284,937');
    expect(formatPounds(2_837_650)).toBe('£28,376.50');
    expect(formatPounds(5)).toBe('£0.05');
    expect(formatPounds(-4_500_000)).toBe('-£45,000');
    expect(formatPounds(10_000_000_000)).toBe('£100,000,000');
  });

  it('round-trips any amount through text (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (p) => expect(pence(formatPounds(p))).toBe(p)),
      { numRuns: 1000 },
    );
  });

  it('never throws and only ever returns a safe, bounded integer (1,000 strings)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (text) => {
        const r = parsePounds(text);
        if (r.ok) expect(Number.isSafeInteger(r.pence) && r.pence >= 0 && r.pence <= 10_000_000_000).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('FTE in hundredths', () => {
  it.each([['1.5', 150], ['0.75', 75], ['3', 300], ['1.0 fte', 100], ['999.99', 99_999], ['0.5', 50]])('reads %s', (text, hundredths) => {
    expect(parseFte(text)).toEqual({ ok: true, hundredths, value: hundredths });
  });
  it.each([
    ['0', /more than zero/],
    ['0.00', /more than zero/],
    ['-1', /negative/],
    ['1.555', /two decimal/],
    ['1000', /at most 999.99/],
    ['1e3', /not an FTE/],
    ['', /Please give the FTE/],
    ['NaN', /not an FTE/],
  ])('refuses %s', (text, message) => {
    const result = parseFte(text);
    expect(result.ok ? 'accepted' : result.message).toMatch(message);
  });
  it('multiplies exactly: 1.5 × £23,940 = £35,910', () => expect(mulFte(2_394_000, 150)).toBe(3_591_000));
  it('rounds half a penny away from zero', () => {
    expect(mulFte(1, 50)).toBe(1);
    expect(mulFte(-1, 50)).toBe(-1);
    expect(mulFte(3, 33)).toBe(1);
  });
  it('formats', () => expect([formatFte(150), formatFte(300), formatFte(75), formatFte(5)]).toEqual(['1.5', '3', '0.75', '0.05']));
  it('round-trips any FTE through text (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999 }), (h) => expect(parseFte(formatFte(h))).toEqual({ ok: true, hundredths: h, value: h })),
      { numRuns: 1000 },
    );
  });
});
