import type { Storage } from 'botbuilder';

/** Types for the vendored botbuilder-storage-base-tests.js: each resolves to true once its assertions pass. */
export declare class StorageBaseTests {
  static returnEmptyObjectWhenReadingUnknownKey(storage: Storage): Promise<boolean>;
  static handleNullKeysWhenReading(storage: Storage): Promise<boolean>;
  static handleNullKeysWhenWriting(storage: Storage): Promise<boolean>;
  static doesNotThrowWhenWritingNoItems(storage: Storage): Promise<boolean>;
  static createObject(storage: Storage): Promise<boolean>;
  static handleCrazyKeys(storage: Storage): Promise<boolean>;
  static updateObject(storage: Storage): Promise<boolean>;
  static deleteObject(storage: Storage): Promise<boolean>;
  static deleteUnknownObject(storage: Storage): Promise<boolean>;
  static performBatchOperations(storage: Storage): Promise<boolean>;
  static proceedsThroughWaterfall(storage: Storage): Promise<boolean>;
}
