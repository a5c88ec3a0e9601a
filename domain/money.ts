/**
 * Money is integer pence and FTE is integer hundredths (150 = 1.5 fte): no binary
 * floating point ever touches an amount.
 */
export type Pence = number;
export type FteHundredths = number;

export const MAX_PENCE = 100_000_000 * 100; // £100m: anything larger is a typing error

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const AMOUNT = /^(-)?£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(k|m)?$/i;

/** "£28,376", "28376.50", "£3,161", "£1.2m", "£85k" → pence, or a message saying what is wrong. */
export function parsePounds(input: string): Parsed<Pence> {
  const text = input
    .trim()
    .replace(/\s*(with on-?costs|pa|p\.a\.|a year|per annum)$/i, '')
    .trim();
  if (!text) return { ok: false, message: 'Please give an amount in pounds, e.g. £28,376.' };
  const m = AMOUNT.exec(text);
  if (!m) return { ok: false, message: `"${input.slice(0, 40)}" is not an amount I recognise: write it like £28,376 or 28376.50.` };
  if (m[1]) return { ok: false, message: 'The amount cannot be negative.' };
  const whole = m[2]!.replace(/,/g, '');
  const fraction = m[3] ?? '';
  const scale = m[4]?.toLowerCase();
  if (!scale && fraction.length > 2) return { ok: false, message: 'Pounds have at most two decimal places (pence).' };
  let pence: number;
  if (scale) {
    // "£1.2m" is a rounded figure: scale it exactly with integer arithmetic.
    const factor = scale === 'm' ? 100_000_000 : 100_000;
    if (fraction.length > 6) return { ok: false, message: 'That amount has too many decimal places.' };
    pence = Number(whole) * factor + Math.round((Number(fraction || '0') * factor) / 10 ** fraction.length);
  } else {
    pence = Number(whole) * 100 + Number((fraction + '00').slice(0, 2));
  }
  if (!Number.isSafeInteger(pence) || pence > MAX_PENCE) return { ok: false, message: 'That amount is too large: the most I accept is £100,000,000.' };
  return { ok: true, value: pence };
}

/** "£28,376" for whole pounds, "£28,376.50" otherwise, "-£45,000" for savings. */
export function formatPounds(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = Math.floor(abs / 100).toLocaleString('en-GB');
  const rest = abs % 100;
  return `${sign}£${pounds}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

const FTE = /^(\d{1,3})(?:\.(\d{1,}))?$/;

/** "1.5" → 150. Refuses zero, negatives, more than two decimals and over 999.99. */
export function parseFte(input: string): Parsed<FteHundredths> {
  const text = input.trim().replace(/\s*fte$/i, '');
  const m = FTE.exec(text);
  if (!m) return { ok: false, message: `"${input.slice(0, 20)}" is not an FTE: give a number such as 1, 0.5 or 1.5.` };
  if ((m[2] ?? '').length > 2) return { ok: false, message: 'FTE has at most two decimal places, e.g. 0.75.' };
  const value = Number(m[1]) * 100 + Number(((m[2] ?? '') + '00').slice(0, 2));
  if (value === 0) return { ok: false, message: 'FTE must be more than zero.' };
  return { ok: true, value };
}

export function formatFte(fte: FteHundredths): string {
  const whole = Math.floor(fte / 100);
  const rest = fte % 100;
  return rest ? `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}

/** Rounds a non-integer pence value half away from zero. */
export function roundPence(value: number): Pence {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/** pence × (hundredths / 100), exact in integers then rounded once. */
export function mulFte(pence: Pence, fte: FteHundredths): Pence {
  return roundPence((pence * fte) / 100);
}
