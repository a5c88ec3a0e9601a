import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Azurite's well-known development account. It is public (documented by Microsoft)
 * and only ever valid against the local emulator, so it is not a secret.
 */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface EmbeddedAzurite {
  connectionString: string;
  port: number;
  close(): Promise<void>;
}

interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  getHttpServerAddress(): string;
}

export function azuriteConnectionString(port: number, host = '127.0.0.1'): string {
  return (
    `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
    `TableEndpoint=http://${host}:${port}/${AZURITE_ACCOUNT};`
  );
}

/**
 * Starts Azurite's table service inside this process on loopback.
 * `location` keeps data on disk (so drafts survive a restart); omit it for memory only.
 * Azurite's package entry point pulls in its VS Code extension, so the table server is
 * loaded from its own module.
 */
export async function startEmbeddedAzurite(opts: { location?: string; port?: number } = {}): Promise<EmbeddedAzurite> {
  let TableServer, TableConfiguration;
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    TableServer = require('azurite/dist/src/table/TableServer').default;
    TableConfiguration = require('azurite/dist/src/table/TableConfiguration').default;
    /* eslint-enable @typescript-eslint/no-require-imports */
  } catch (error) {
    // Azurite is a development dependency: a production install (--omit=dev) has none.
    throw new Error('The embedded Azurite is not installed (it comes with `npm ci`, not with --omit=dev): set AZURE_TABLES_CONNECTION_STRING or AZURE_TABLES_ACCOUNT_URL to use Table Storage.', { cause: error });
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
  const server: AzuriteTableServer = new TableServer(config);
  await server.start();
  const port = Number(new URL(server.getHttpServerAddress()).port);
  return {
    connectionString: azuriteConnectionString(port),
    port,
    close: () => server.close(),
  };
}
