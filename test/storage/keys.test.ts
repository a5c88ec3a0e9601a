import { TableClient } from '@azure/data-tables';
import fc from 'fast-check';
import { isStorageError } from '../../storage/errors';
import { decodeKey, encodeKey, escapeKeyPart, isLegalKey, MAX_KEY_CHARS } from '../../storage/keys';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

// Any UTF-16 code unit, lone surrogates and control characters included.
const anyUnit = fc.nat(0xffff).map((n) => String.fromCharCode(n));
const anyString = fc.oneof(
  fc.string({ unit: anyUnit, maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: fc.constantFrom('/', '\\', '#', '?', '%', 'a', '2', 'f', 'u', '\u0000', '\ud83d', '\ude00'), maxLength: 40 }),
);

describe('table key encoding', () => {
  it('round-trips any string and always yields a legal key (3,000 cases)', () => {
    fc.assert(
      fc.property(anyString, (s) => {
        const encoded = encodeKey(s);
        expect(isLegalKey(encoded)).toBe(true);
        expect(decodeKey(encoded)).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  it('is injective: different strings never share a key (1,000 pairs)', () => {
    fc.assert(
      fc.property(anyString, anyString, (a, b) => {
        fc.pre(a !== b);
        expect(encodeKey(a)).not.toBe(encodeKey(b));
      }),
      { numRuns: 1000 },
    );
  });

  it('leaves ordinary ids alone', () => {
    expect(encodeKey('29:1a2B-c_d.e@thread.tacv2')).toBe('29:1a2B-c_d.e@thread.tacv2');
    expect(encodeKey('a/b\\c#d?e%f')).toBe('a%2fb%5cc%23d%3fe%25f');
    expect(encodeKey('half\ud83d')).toBe('half%ud83d');
  });

  it('refuses with a code a key over 1 KiB once escaped', () => {
    expect(encodeKey('k'.repeat(MAX_KEY_CHARS))).toHaveLength(MAX_KEY_CHARS);
    const error = (() => {
      try {
        encodeKey('/'.repeat(200));
      } catch (e) {
        return e;
      }
    })();
    expect(isStorageError(error, 'STORAGE_KEY_TOO_LONG')).toBe(true);
    expect(escapeKeyPart('/'.repeat(200))).toHaveLength(600);
  });

  it('recognises illegal keys', () => {
    for (const bad of ['a/b', 'a\\b', 'a#b', 'a?b', 'a\u0001', 'a\u007f', 'a\u0085', 'a\ud800', 'k'.repeat(MAX_KEY_CHARS + 1)])
      expect(isLegalKey(bad)).toBe(false);
    for (const good of ['', '%2f', '😀', "it's", 'k'.repeat(MAX_KEY_CHARS)]) expect(isLegalKey(good)).toBe(true);
  });

  it('round-trips generated keys through Azurite as PartitionKey and RowKey (150 cases)', async () => {
    const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}Keys`, { allowInsecureConnection: true });
    await table.createTable();
    await fc.assert(
      fc.asyncProperty(anyString, anyString, async (pk, rk) => {
        const entity = { partitionKey: encodeKey(pk), rowKey: encodeKey(rk), pk: escapeKeyPart(pk) };
        await table.upsertEntity(entity, 'Replace');
        const read = await table.getEntity(entity.partitionKey, entity.rowKey);
        expect(decodeKey(read.partitionKey!)).toBe(pk);
        expect(decodeKey(read.rowKey!)).toBe(rk);
      }),
      { numRuns: 150 },
    );
  });
});
