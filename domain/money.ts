/**
 * Money is integer pence and FTE is integer hundredths (150 = 1.5 fte): no binary
 * floating point ever holds an amount. Text is parsed digit by digit into integers.
 */
export type Pence = number;
export type FteHundredths = number;

/** £100m: no establishment change comes near it, so anything larger is a typing error. */
export const MAX_PENCE = 100_000_000 * 100;
export const MAX_FTE_HUNDREDTHS = 99_999;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
/** `value` duplicates `pence` so callers written against `Parsed<Pence>` keep working. */
export type ParsedPounds = { ok: true; pence: Pence; value: Pence } | { ok: false; message: string };
export type ParsedFte = { ok: true; hundredths: FteHundredths; value: FteHundredths } | { ok: false; message: string };

const AMOUNT = /^(-|−)?\s*£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(k|m)?$/i;
const SUFFIX = /\s*(with on-?costs|inc(?:luding)?\.? on-?costs|pa|p\.a\.|a year|per annum)$/i;

function refuse(message: string): { ok: false; message: string } {
  return { ok: false, message };
}

/** "£28,376", "28376.50", "£3,161", "£1.2m", "£85k" → pence, or a message naming the problem. */
export function parsePounds(input: string): ParsedPounds {
  const text = input.trim().replace(SUFFIX, '').trim();
  if (!text) return refuse('Please give an amount in pounds, e.g. £28,376.');
  const m = AMOUNT.exec(text);
  if (!m) return refuse(`"${printable(input)}" is not an amount I recognise: write it like £28,376 or 28376.50.`);
  if (m[1]) return refuse('The amount cannot be negative.');
  const whole = m[2]!.replace(/,/g, '');
  const fraction = m[3] ?? '';
  const scale = m[4]?.toLowerCase();
  // Check the size on the digits first: Number() of 30 nines is not a safe integer.
  if (whole.replace(/^0+/, '').length > 12) return refuse('That amount is too large: the most I accept is £100,000,000.');
  let pence: number;
  if (scale) {
    // "£1.2m" is a rounded figure: scale it exactly in integers (1.2 × 100,000,000 pence).
    const factor = scale === 'm' ? 100_000_000 : 100_000;
    const digits = scale === 'm' ? 8 : 5;
    if (fraction.length > digits) return refuse('That amount has too many decimal places.');
    pence = Number(whole) * factor + Number(fraction.padEnd(digits, '0').slice(0, digits) || '0');
  } else {
    if (fraction.length > 2) return refuse('Pounds have at most two decimal places (pence).');
    pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }
  if (!Number.isSafeInteger(pence) || pence > MAX_PENCE) return refuse('That amount is too large: the most I accept is £100,000,000.');
  return { ok: true, pence, value: pence };
}

/** "£28,376" for whole pounds, "£28,376.50" otherwise, "-£45,000" for a saving. */
export function formatPounds(pence: Pence): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(pence);
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${sign}£${pounds}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

const FTE = /^(-|−)?(\d+)(?:\.(\d+))?$/;

/** "1.5" → 150. Refuses zero, negatives, more than two decimals and over 999.99. */
export function parseFte(input: string): ParsedFte {
  const text = input.trim().replace(/\s*(fte|wte)$/i, '').trim();
  if (!text) return refuse('Please give the FTE, e.g. 1, 0.5 or 1.5.');
  const m = FTE.exec(text);
  if (!m) return refuse(`"${printable(input)}" is not an FTE: give a number such as 1, 0.5 or 1.5.`);
  if (m[1]) return refuse('FTE cannot be negative.');
  const fraction = m[3] ?? '';
  if (fraction.length > 2) return refuse('FTE has at most two decimal places, e.g. 0.75.');
  const whole = m[2]!.replace(/^0+(?=\d)/, '');
  if (whole.length > 3) return refuse('FTE can be at most 999.99.');
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (hundredths === 0) return refuse('FTE must be more than zero.');
  return { ok: true, hundredths, value: hundredths };
}

/** 150 → "1.5", 300 → "3", 75 → "0.75". */
export function formatFte(fte: FteHundredths): string {
  const whole = Math.floor(fte / 100);
  const rest = fte % 100;
  return rest ? `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}` : String(whole);
}

/** Rounds half away from zero, so a saving rounds exactly like the matching cost. */
export function roundPence(value: number): Pence {
  return value < 0 ? -Math.round(-value) : Math.round(value);
}

/** pence × (hundredths / 100): the product is an exact integer, divided and rounded once. */
export function mulFte(pence: Pence, fte: FteHundredths): Pence {
  return roundPence((pence * fte) / 100);
}

/** Echoes typed text in a message without control characters or a wall of text. */
function printable(input: string): string {
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 40);
}
