/**
 * A JSON value spread over string properties d0..dN, because one Table string property
 * holds at most 32K characters. 30 chunks (~1M characters) stays within the 1 MiB entity
 * limit for ASCII-heavy JSON; bigger values are refused rather than half-written.
 */
const CHUNK_CHARS = 32_000;
const MAX_CHUNKS = 30;

export class ValueTooLargeError extends Error {
  readonly code = 'VALUE_TOO_LARGE';
  constructor(chars: number) {
    super(`Value of ${chars} characters is too large to store in one table entity`);
  }
}

export function toChunks(value: unknown): Record<string, string | number> {
  const json = JSON.stringify(value) ?? 'null';
  const count = Math.max(1, Math.ceil(json.length / CHUNK_CHARS));
  if (count > MAX_CHUNKS) throw new ValueTooLargeError(json.length);
  const out: Record<string, string | number> = { chunks: count };
  for (let i = 0; i < count; i++) out[`d${i}`] = json.slice(i * CHUNK_CHARS, (i + 1) * CHUNK_CHARS);
  return out;
}

export function fromChunks(entity: Record<string, unknown>): unknown {
  const count = entity.chunks;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_CHUNKS) {
    throw new Error('Stored value is damaged: bad chunk count');
  }
  let json = '';
  for (let i = 0; i < count; i++) {
    const part = entity[`d${i}`];
    if (typeof part !== 'string') throw new Error('Stored value is damaged: missing chunk');
    json += part;
  }
  return JSON.parse(json);
}
