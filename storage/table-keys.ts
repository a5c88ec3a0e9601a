/**
 * Table keys may not hold / \ # ? or control characters and stop at 1 KiB. Any string is
 * made legal by percent-escaping those characters (and % itself), which is reversible.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const FORBIDDEN = /[%/\\#?\u0000-\u001f\u007f-\u009f]/g;
const MAX_KEY_CHARS = 512; // UTF-16 code units; keeps any key under 1 KiB

export function encodeKey(value: string): string {
  const encoded = value.replace(FORBIDDEN, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  if (encoded.length > MAX_KEY_CHARS) throw new RangeError('Key too long for Table Storage');
  return encoded;
}

export function decodeKey(encoded: string): string {
  return encoded.replace(/%([0-9a-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
