import { StorageError } from './errors';

/**
 * PartitionKey and RowKey may not contain / \ # ? or control characters and hold at most
 * 1 KiB (512 UTF-16 code units: Azurite and Azure measure in UTF-16). Any string is made
 * legal by percent-escaping those characters and `%` itself, which is reversible:
 *   %xx    a character below U+0100 (two lowercase hex digits)
 *   %uxxxx a lone surrogate: the SDK builds entity URLs with encodeURIComponent, which
 *          throws on one (seen: the write succeeds on Azurite, the read cannot be sent)
 * `%` is never followed by anything else, so other schemes can mark their keys with `%h`.
 */
export const MAX_KEY_CHARS = 512;

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const ESCAPE = /[%/\\#?\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// eslint-disable-next-line no-control-regex -- ditto: what a legal key may not contain
const ILLEGAL = /[/\\#?\u0000-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `%${code.toString(16).padStart(2, '0')}` : `%u${code.toString(16).padStart(4, '0')}`;
}

/** Escapes without checking length; for building keys out of several parts. */
export function escapeKeyPart(value: string): string {
  return value.replace(ESCAPE, escapeChar);
}

export function encodeKey(value: string): string {
  const encoded = escapeKeyPart(value);
  if (encoded.length > MAX_KEY_CHARS) {
    throw new StorageError('STORAGE_KEY_TOO_LONG', `Key of ${encoded.length} characters (encoded) is over the ${MAX_KEY_CHARS}-character Table key limit`);
  }
  return encoded;
}

export function decodeKey(encoded: string): string {
  return encoded.replace(/%(?:u([0-9a-f]{4})|([0-9a-f]{2}))/g, (_, wide: string | undefined, narrow: string | undefined) =>
    String.fromCharCode(parseInt(wide ?? narrow ?? '', 16)),
  );
}

/** True when Table Storage will accept `key` as a PartitionKey or RowKey. */
export function isLegalKey(key: string): boolean {
  return key.length <= MAX_KEY_CHARS && !ILLEGAL.test(key);
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Tenant and object ids are GUIDs; checked before one becomes part of a key. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
