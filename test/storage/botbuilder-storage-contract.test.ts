import { TableClient } from '@azure/data-tables';
import { MemoryStorage, type Storage } from 'botbuilder';
import { TableBotStorage } from '../../storage/table-bot-storage';
import { StorageBaseTests } from '../support/botbuilder-storage-base-tests';
import { testConnectionString, uniqueTablePrefix } from '../support/tables';

type BaseTest = Exclude<keyof typeof StorageBaseTests, 'prototype'>;

/** Every base test, with the name botbuilder's own memoryStorage.test.js gives it. */
const BASE_TESTS: Array<[string, BaseTest]> = [
  ['return empty object when reading unknown key', 'returnEmptyObjectWhenReadingUnknownKey'],
  ['throws when reading null keys', 'handleNullKeysWhenReading'],
  ['throws when writing null keys', 'handleNullKeysWhenWriting'],
  ['does not throw when writing no items', 'doesNotThrowWhenWritingNoItems'],
  ['create an object', 'createObject'],
  ['handle crazy keys', 'handleCrazyKeys'],
  ['update an object', 'updateObject'],
  ['delete an object', 'deleteObject'],
  ['does not throw when deleting an unknown object', 'deleteUnknownObject'],
  ['performs batch operations', 'performBatchOperations'],
  ['proceeds through a waterfall dialog', 'proceedsThroughWaterfall'],
];

/** botbuilder-js's own storage base tests (vendored, see the file's header), run as botbuilder runs them. */
function runBaseTests(name: string, factory: () => Promise<Storage>): void {
  describe(`botbuilder storage base tests: ${name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await factory();
    });

    it.each(BASE_TESTS)('%s', async (_label, test) => {
      expect(await StorageBaseTests[test](storage)).toBe(true);
    });
  });
}

it('runs every test the vendored base tests define', () => {
  const defined = Object.getOwnPropertyNames(StorageBaseTests).filter(
    (name) => typeof (StorageBaseTests as unknown as Record<string, unknown>)[name] === 'function',
  );
  expect(defined.sort()).toEqual(BASE_TESTS.map(([, test]) => test).sort());
});

// The suite itself, against the storage it was written for: a failure here is in the vendoring.
runBaseTests('MemoryStorage', async () => new MemoryStorage());
runBaseTests('TableBotStorage on Azurite', async () => {
  const table = TableClient.fromConnectionString(testConnectionString(), `${uniqueTablePrefix()}BotState`, { allowInsecureConnection: true });
  await table.createTable();
  return new TableBotStorage(table);
});
