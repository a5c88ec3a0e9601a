import { startEmbeddedAzurite } from '../../storage/azurite';

/** One in-memory Azurite for the whole test run, on a free loopback port. */
export default async function globalSetup(): Promise<void> {
  const azurite = await startEmbeddedAzurite();
  process.env.TEST_AZURE_TABLES_CONNECTION_STRING = azurite.connectionString;
  (globalThis as { __AZURITE__?: typeof azurite }).__AZURITE__ = azurite;
}
