import { EXTENSIONS } from './file-type';
import type { DocumentKind } from '../../domain/documents';

const MAX_NAME = 100;
// Bidi controls would let "harmless\u202Efdp.exe" read as "harmlessexe.pdf".
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file name safe to keep, show and offer in a download: the last path segment only, no
 * control or bidi characters, only letters, digits, spaces and `._-()`, no leading dots,
 * at most 100 characters, ending in the extension of what the file really is.
 */
export function sanitiseFileName(raw: string, kind: DocumentKind): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const extension = EXTENSIONS[kind];
  let stem = base
    .replace(INVISIBLE, '')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[^\p{L}\p{N} ._()-]+/gu, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (!stem || RESERVED.test(stem)) stem = `document${stem ? `_${stem}` : ''}`;
  stem = stem.slice(0, MAX_NAME - extension.length - 1).replace(/[\s.]+$/, '');
  return `${stem}.${extension}`;
}

/** `attachment` with the name as ASCII (for old clients) and as UTF-8 (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .normalize('NFKD')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
