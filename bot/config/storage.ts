import { z } from 'zod';
import { emptyToUndefined, guid, optionalString, type NodeEnv, type Problem } from './env-values';

/** Where the tables are: the embedded Azurite, or Azure by connection string or managed identity. */
export type StorageConfig =
  | { kind: 'embedded'; location: string; port: number }
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'accountUrl'; accountUrl: string; managedIdentityClientId?: string };

export const StorageEnvSchema = z.object({
  AZURE_TABLES_CONNECTION_STRING: optionalString,
  AZURE_TABLES_ACCOUNT_URL: z.preprocess(
    emptyToUndefined,
    z.string().url('AZURE_TABLES_ACCOUNT_URL must be a URL such as https://myaccount.table.core.windows.net').optional(),
  ),
  AZURE_CLIENT_ID: z.preprocess(emptyToUndefined, guid('AZURE_CLIENT_ID').optional()),
  TABLE_PREFIX: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'TABLE_PREFIX must be a letter then up to 19 letters or digits')
      .default('ecr'),
  ),
  AZURITE_LOCATION: z.preprocess(emptyToUndefined, z.string().default('.data/azurite')),
  AZURITE_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(0)),
});
export type StorageEnv = z.infer<typeof StorageEnvSchema>;

export function checkStorage(env: StorageEnv & { NODE_ENV: NodeEnv }, problem: Problem): void {
  if (env.AZURE_TABLES_CONNECTION_STRING && env.AZURE_TABLES_ACCOUNT_URL) {
    problem('AZURE_TABLES_ACCOUNT_URL', 'set either AZURE_TABLES_CONNECTION_STRING or AZURE_TABLES_ACCOUNT_URL, not both');
  }
  if (env.NODE_ENV === 'production' && !env.AZURE_TABLES_CONNECTION_STRING && !env.AZURE_TABLES_ACCOUNT_URL) {
    problem(
      'AZURE_TABLES_CONNECTION_STRING',
      'is required when NODE_ENV=production (or AZURE_TABLES_ACCOUNT_URL with a managed identity): the embedded emulator is for local use only',
    );
  }
}

export function storageConfig(env: StorageEnv): StorageConfig {
  if (env.AZURE_TABLES_CONNECTION_STRING) return { kind: 'connectionString', connectionString: env.AZURE_TABLES_CONNECTION_STRING };
  if (env.AZURE_TABLES_ACCOUNT_URL) return { kind: 'accountUrl', accountUrl: env.AZURE_TABLES_ACCOUNT_URL, managedIdentityClientId: env.AZURE_CLIENT_ID };
  return { kind: 'embedded', location: env.AZURITE_LOCATION, port: env.AZURITE_PORT };
}
