import { inflateRawSync } from 'node:zlib';
import type { DocumentKind } from '../../domain/documents';

/**
 * What a file is, from its bytes (never its name): PDF, Word, Excel or PowerPoint (a zip
 * whose [Content_Types].xml names the main part of that kind), PNG or JPEG. Encrypted
 * files are told apart, since nobody could open them and nothing could scan them.
 */
export type Inspection = { ok: true; kind: DocumentKind } | { ok: false; reason: 'empty' | 'encrypted' | 'old-office' | 'macros' | 'damaged' | 'not-allowed' };

const PDF = Buffer.from('%PDF-');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** Compound File Binary: old Office formats, and every password-protected Office file. */
const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

const MAIN_PARTS: ReadonlyArray<[string, DocumentKind]> = [
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', 'docx'],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml', 'xlsx'],
  ['application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', 'pptx'],
];
const MACRO_PARTS = /application\/vnd\.ms-(word|excel|powerpoint)\.[a-z.]*macroEnabled/i;

export function inspectFile(bytes: Buffer): Inspection {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (startsWith(bytes, PDF)) return isEncryptedPdf(bytes) ? { ok: false, reason: 'encrypted' } : { ok: true, kind: 'pdf' };
  if (startsWith(bytes, PNG)) return { ok: true, kind: 'png' };
  if (startsWith(bytes, JPEG)) return { ok: true, kind: 'jpeg' };
  if (startsWith(bytes, ZIP)) return inspectOfficeZip(bytes);
  if (startsWith(bytes, CFB))
    return bytes.includes(Buffer.from('EncryptedPackage', 'utf16le')) ? { ok: false, reason: 'encrypted' } : { ok: false, reason: 'old-office' };
  return { ok: false, reason: 'not-allowed' };
}

/** An encryption dictionary in the trailer: the key /Encrypt, not a longer name that starts with it. */
function isEncryptedPdf(bytes: Buffer): boolean {
  const key = Buffer.from('/Encrypt');
  for (let at = bytes.indexOf(key); at >= 0; at = bytes.indexOf(key, at + 1)) {
    const next = bytes[at + key.length];
    if (next === undefined || !/[A-Za-z0-9]/.test(String.fromCharCode(next))) return true;
  }
  return false;
}

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  localOffset: number;
}

function inspectOfficeZip(bytes: Buffer): Inspection {
  const entries = centralDirectory(bytes);
  if (!entries) return { ok: false, reason: 'damaged' };
  // Bit 0 of the flags: the entry is encrypted (a zip with a password).
  if (entries.some((e) => (e.flags & 1) === 1)) return { ok: false, reason: 'encrypted' };
  const types = entries.find((e) => e.name === '[Content_Types].xml');
  if (!types) return { ok: false, reason: 'not-allowed' };
  const xml = entryText(bytes, types);
  if (xml === undefined) return { ok: false, reason: 'damaged' };
  if (MACRO_PARTS.test(xml)) return { ok: false, reason: 'macros' };
  const kind = MAIN_PARTS.find(([type]) => xml.includes(`ContentType="${type}"`))?.[1];
  return kind ? { ok: true, kind } : { ok: false, reason: 'not-allowed' };
}

/** The zip's central directory, or undefined when it cannot be read (or needs ZIP64, which no file under the limit does). */
function centralDirectory(bytes: Buffer): ZipEntry[] | undefined {
  const eocd = findEndOfCentralDirectory(bytes);
  if (eocd < 0) return undefined;
  const count = bytes.readUInt16LE(eocd + 10);
  const offset = bytes.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) return undefined;
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) return undefined;
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    if (at + 46 + nameLength > bytes.length) return undefined;
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      localOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Buffer): number {
  // The record is 22 bytes and may be followed by a comment of up to 65,535.
  const earliest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= earliest; at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) return at;
  }
  return -1;
}

/** An entry's text: stored or deflated, and never inflated past 1 MB (a small part may not be a zip bomb). */
function entryText(bytes: Buffer, entry: ZipEntry): string | undefined {
  const at = entry.localOffset;
  if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) return undefined;
  const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  try {
    if (entry.method === 0) return data.toString('utf8');
    if (entry.method === 8) return inflateRawSync(data, { maxOutputLength: 1024 * 1024 }).toString('utf8');
  } catch {
    return undefined;
  }
  return undefined;
}

function startsWith(bytes: Buffer, prefix: Buffer): boolean {
  return bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
}

/** The kind a file name's extension claims, or undefined when it has none this bot knows. */
export function kindOfExtension(fileName: string): DocumentKind | 'other' | undefined {
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  if (!extension) return undefined;
  const kinds: Record<string, DocumentKind> = { pdf: 'pdf', docx: 'docx', xlsx: 'xlsx', pptx: 'pptx', png: 'png', jpg: 'jpeg', jpeg: 'jpeg', jpe: 'jpeg' };
  return kinds[extension] ?? 'other';
}

export const CONTENT_TYPES: Record<DocumentKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

export const EXTENSIONS: Record<DocumentKind, string> = { pdf: 'pdf', docx: 'docx', xlsx: 'xlsx', pptx: 'pptx', png: 'png', jpeg: 'jpg' };
