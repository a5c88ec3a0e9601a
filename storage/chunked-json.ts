import { z } from 'zod';
import { MAX_CUSTOM_PROPERTIES, MAX_ENTITY_BYTES } from './entity-size';
import { StorageError } from './errors';

/**
 * A JSON value spread over string properties d0..dN (count in `chunks`), because one Table
 * string property holds at most 32,768 UTF-16 units.
 * The JSON is made pure ASCII (non-ASCII as \uXXXX escapes, still valid JSON), because
 * Azurite 3.37 decodes each 64 KiB network chunk of a request body separately: a UTF-8
 * character split across two chunks is stored as U+FFFD (seen). ASCII also means a chunk
 * boundary can never fall inside a character. Costs 6 characters per non-ASCII character.
 * Values whose JSON alone would pass the 1 MiB entity limit are refused here; callers
 * check the finished entity with assertEntityFits (it also counts their other columns).
 */
export const CHUNK_CHARS = 32_000;
export const COUNT_PROPERTY = 'chunks';
const MAX_CHUNKS = MAX_CUSTOM_PROPERTIES - 1;

export type ChunkedProperties = Record<string, string | number>;

export function toChunks(value: unknown): ChunkedProperties {
  const json = toAsciiJson(value);
  if (json.length * 2 > MAX_ENTITY_BYTES) {
    throw new StorageError('STORAGE_VALUE_TOO_LARGE', `Value of ${json.length} JSON characters is over the 1 MiB Table entity limit`);
  }
  const parts: string[] = [];
  for (let start = 0; start < json.length || parts.length === 0; start += CHUNK_CHARS) {
    parts.push(json.slice(start, start + CHUNK_CHARS));
  }
  const out: ChunkedProperties = { [COUNT_PROPERTY]: parts.length };
  parts.forEach((part, i) => (out[`d${i}`] = part));
  return out;
}

const Count = z.number().int().min(1).max(MAX_CHUNKS);

export function fromChunks(entity: Record<string, unknown>): unknown {
  const count = Count.safeParse(entity[COUNT_PROPERTY]);
  if (!count.success) throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored value is damaged: bad chunk count');
  let json = '';
  for (let i = 0; i < count.data; i++) {
    const part = entity[`d${i}`];
    if (typeof part !== 'string') throw new StorageError('STORAGE_DAMAGED_ROW', `Stored value is damaged: chunk d${i} is missing`);
    json += part;
  }
  try {
    return JSON.parse(json);
  } catch (error) {
    throw new StorageError('STORAGE_DAMAGED_ROW', 'Stored value is damaged: not JSON', { cause: error });
  }
}

/** The stored JSON text, for comparing two versions of a row without parsing. */
export function chunkedText(properties: Record<string, unknown>): string | undefined {
  const count = Count.safeParse(properties[COUNT_PROPERTY]);
  if (!count.success) return undefined;
  const parts = Array.from({ length: count.data }, (_, i) => properties[`d${i}`]);
  return parts.every((part) => typeof part === 'string') ? parts.join('') : undefined;
}

/** JSON.stringify with every non-ASCII character escaped; undefined becomes null. */
export function toAsciiJson(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
