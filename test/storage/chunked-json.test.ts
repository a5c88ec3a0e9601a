import fc from 'fast-check';
import { CHUNK_CHARS, chunkedText, fromChunks, toAsciiJson, toChunks } from '../../storage/chunked-json';
import { assertEntityFits, customPropertyCount, entityBytes } from '../../storage/entity-size';
import { isStorageError } from '../../storage/errors';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isStorageError(error) ? error.code : 'not a StorageError';
  }
  return undefined;
}

describe('chunked JSON', () => {
  it('keeps a small value in one property', () => {
    expect(toChunks({ a: 1 })).toEqual({ chunks: 1, d0: '{"a":1}' });
    expect(toChunks(undefined)).toEqual({ chunks: 1, d0: 'null' });
  });

  it('round-trips any JSON value (1,000 cases)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(fromChunks(toChunks(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('splits a long value into chunks of at most 32,000 ASCII characters and joins them back', () => {
    const value = { text: 'é😀x'.repeat(10_000), n: [1, 2, 3] };
    const chunks = toChunks(value);
    expect(chunks.chunks).toBeGreaterThan(1);
    for (const [name, part] of Object.entries(chunks)) {
      if (name === 'chunks') continue;
      expect(typeof part === 'string' && part.length <= CHUNK_CHARS && /^[\x20-\x7e]*$/.test(part)).toBe(true);
    }
    expect(fromChunks(chunks)).toEqual(value);
    expect(chunkedText(chunks)).toBe(toAsciiJson(value));
  });

  it('refuses a value over the 1 MiB entity limit', () => {
    expect(codeOf(() => toChunks({ text: 'x'.repeat(530_000) }))).toBe('STORAGE_VALUE_TOO_LARGE');
    expect(codeOf(() => toChunks({ text: '€'.repeat(100_000) }))).toBe('STORAGE_VALUE_TOO_LARGE'); // 6 characters each
  });

  it('reports damage with a code', () => {
    expect(codeOf(() => fromChunks({}))).toBe('STORAGE_DAMAGED_ROW');
    expect(codeOf(() => fromChunks({ chunks: 2, d0: '{}' }))).toBe('STORAGE_DAMAGED_ROW');
    expect(codeOf(() => fromChunks({ chunks: 1, d0: '{' }))).toBe('STORAGE_DAMAGED_ROW');
    expect(codeOf(() => fromChunks({ chunks: 1.5, d0: '{}' }))).toBe('STORAGE_DAMAGED_ROW');
  });
});

describe('entity size', () => {
  it("follows Microsoft's formula", () => {
    // 4 + 2*(1+1) keys; 'ab' string: 8 + 2*2 + 4 + 2*3; 'n' number: 8 + 2 + 8; 't' boolean: 8 + 2 + 1
    expect(entityBytes({ partitionKey: 'p', rowKey: 'r', ab: 'xyz', n: 1, t: true, etag: 'ignored' })).toBe(8 + 22 + 18 + 11);
    expect(customPropertyCount({ partitionKey: 'p', rowKey: 'r', a: 1, b: undefined, timestamp: 'x' })).toBe(1);
  });

  it('refuses over 1 MiB or 252 properties', () => {
    const many: Record<string, unknown> = { partitionKey: 'p', rowKey: 'r' };
    for (let i = 0; i < 252; i++) many[`p${i}`] = i;
    expect(codeOf(() => assertEntityFits(many))).toBeUndefined();
    many.extra = 1;
    expect(codeOf(() => assertEntityFits(many))).toBe('STORAGE_VALUE_TOO_LARGE');
    const big = { partitionKey: 'p', rowKey: 'r', ...toChunks('x'.repeat(524_200)) };
    expect(codeOf(() => assertEntityFits(big))).toBe('STORAGE_VALUE_TOO_LARGE');
    expect(codeOf(() => assertEntityFits({ partitionKey: 'p', rowKey: 'r', ...toChunks('x'.repeat(500_000)) }))).toBeUndefined();
  });
});
