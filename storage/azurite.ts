import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Azurite's well-known development account. It is public (documented by Microsoft)
 * and only ever valid against the local emulator, so it is not a secret.
 */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  /** Names both services: Table Storage and Blob Storage (supporting documents). */
  connectionString: string;
  port: number;
  blobPort: number;
  close(): Promise<void>;
}

interface AzuriteServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

/** The emulator's connection string; with `blobPort` it names the blob service too. */
export function azuriteConnectionString(port: number, host = '127.0.0.1', blobPort?: number): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=http://${host}:${port}/${AZURITE_ACCOUNT};` +
    (blobPort === undefined ? '' : `BlobEndpoint=http://${host}:${blobPort}/${AZURITE_ACCOUNT};`)
  );
}

/**
 * Starts Azurite's table and blob services inside this process on loopback.
 * `location` keeps data on disk (so drafts and documents survive a restart); omit it for
 * memory only. Azurite's package entry point pulls in its VS Code extension, so each
 * server is loaded from its own module.
 */
export async function startEmbeddedAzurite(opts: { location?: string; port?: number; blobPort?: number } = {}): Promise<EmbeddedAzurite> {
  let TableServer, TableConfiguration, BlobServer, BlobConfiguration;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    TableServer = require('azurite/dist/src/table/TableServer').default;
    TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
    BlobServer = require('azurite/dist/src/blob/BlobServer').default;
    BlobConfiguration = require('azurite/dist/src/blob/BlobConfiguration').default;
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (error) {
    // Azurite is a development dependency: a production install (--omit=dev) has none.
    throw new Error(
      'The embedded Azurite is not installed (it comes with `npm ci`, not with --omit=dev): set AZURE_TABLES_CONNECTION_STRING or AZURE_TABLES_ACCOUNT_URL to use Table Storage.',
      { cause: error },
    );
  }
  const inMemory = !opts.location;
  let dbPath: string | undefined;
  if (opts.location) {
    mkdirSync(opts.location, { recursive: true });
    dbPath = join(opts.location, '__azurite_db_table__.json');
  }
  const config = new TableConfiguration(
    '127.0.0.1',
    opts.port ?? 0,
    undefined, // keep-alive timeout: default
    dbPath,
    false, // debug log
    false, // access log
    undefined,
    undefined,
    true, // loose
    true, // skip API version check: the SDK may be newer than the emulator
    '',
    '',
    '',
    undefined,
    false,
    inMemory,
  );
  const server: AzuriteServer = new TableServer(config);
  const blobs: AzuriteServer = new BlobServer(blobConfiguration(BlobConfiguration, opts.location, opts.blobPort ?? 0));
  await server.start();
  try {
    await blobs.start();
  } catch (error) {
    await server.close();
    throw error;
  }
  const port = Number(new URL(server.getHttpServerAddress()).port);
  const blobPort = Number(new URL(blobs.getHttpServerAddress()).port);
  return {
    connectionString: azuriteConnectionString(port, '127.0.0.1', blobPort),
    port,
    blobPort,
    close: async () => {
      await Promise.all([server.close(), blobs.close()]);
    },
  };
}

type BlobConfigurationClass = new (...args: unknown[]) => unknown;

/** The blob service beside the tables: on disk under `location`, else in memory. */
function blobConfiguration(BlobConfiguration: BlobConfigurationClass, location: string | undefined, port: number): unknown {
  const onDisk = (file: string) => (location ? join(location, file) : undefined);
  return new BlobConfiguration(
    '127.0.0.1',
    port,
    undefined, // keep-alive timeout: default
    onDisk('__azurite_db_blob__.json'),
    onDisk('__azurite_db_blob_extent__.json'),
    location ? [{ locationId: 'Default', locationPath: join(location, '__blobstorage__'), maxConcurrency: 10 }] : undefined,
    false, // access log
    undefined,
    false, // debug log
    undefined,
    true, // loose
    true, // skip API version check: the SDK may be newer than the emulator
    '',
    '',
    '',
    undefined,
    false,
    !location, // in memory
  );
}
