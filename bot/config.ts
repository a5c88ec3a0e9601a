import { z } from 'zod';
import { parseDownloadAuthConfig, type DownloadAuthConfig } from './auth/download-auth-config';
import { AuthEnvSchema, authConfig, checkAuth, type AuthConfig } from './config/auth';
import { ConfigError } from './config/config-error';
import { checkDocuments, DocumentEnvSchema, documentSettings, type DocumentSettings } from './config/documents';
import { NodeEnvSchema } from './config/env-values';
import { QuickEntryEnvSchema, quickEntrySettings, type QuickEntrySettings } from './config/quick-entry';
import { checkReach, ReachEnvSchema, reachConfig, type ReachConfig } from './config/reach';
import { checkRouting, RoutingEnvSchema, routingSettings, type RoutingSettings } from './config/routing';
import { checkServer, ServerEnvSchema, serverLimits, type ServerLimits } from './config/server';
import { checkStorage, StorageEnvSchema, storageConfig, type StorageConfig } from './config/storage';

export { ConfigError } from './config/config-error';
export { SERVER_DEFAULTS, type RateSettings, type ServerLimits } from './config/server';
export type { AuthConfig } from './config/auth';
export type { StorageConfig } from './config/storage';

/**
 * Every setting the bot reads, parsed once at start-up. Nothing else reads process.env.
 * A bad value stops the process with one line per problem (see `loadConfig`). Each
 * section (config/*.ts) has its variables, the checks across them, and what it builds.
 */
const EnvSchema = z
  .object({
    NODE_ENV: NodeEnvSchema,
    ...ServerEnvSchema.shape,
    ...AuthEnvSchema.shape,
    ...StorageEnvSchema.shape,
    ...RoutingEnvSchema.shape,
    ...ReachEnvSchema.shape,
    ...DocumentEnvSchema.shape,
    ...QuickEntryEnvSchema.shape,
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    checkAuth(env, problem);
    checkStorage(env, problem);
    checkServer(env, problem);
    checkReach(env, problem);
    checkRouting(env, problem);
    checkDocuments(env, problem);
  });

export type Env = z.infer<typeof EnvSchema>;

export interface Config extends RoutingSettings {
  env: Env['NODE_ENV'];
  /** True when there are no bot credentials: unauthenticated, loopback only. */
  localMode: boolean;
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  auth: AuthConfig;
  /** Empty means any tenant (local mode only; production requires a list). */
  allowedTenantIds: readonly string[];
  storage: StorageConfig;
  tablePrefix: string;
  /** How often due work (outbox retries, reminders, call-in deadlines) is looked for. */
  scheduleScanMs: number;
  /** Where people's browsers reach the bot (report links); defaults to the listening address. */
  publicBaseUrl?: string;
  /** Sign-in for report downloads (Entra ID; the local signer in local mode). */
  downloadAuth: DownloadAuthConfig;
  /** Timeouts, connection cap, per-person rates, health-check age, log repetition. */
  server: ServerLimits;
  reach: ReachConfig;
  /** Supporting documents: size limit, retention, where Teams' file links may point. */
  documents: DocumentSettings;
  /** How the dialogue reads changes typed as reports write them (the full-time week). */
  quickEntry: QuickEntrySettings;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
  }
  const env = parsed.data;
  const localMode = !env.MicrosoftAppId;
  const downloadAuth = parseDownloadAuthConfig(source, { localMode, allowedTenantIds: env.ALLOWED_TENANT_IDS });
  if (!downloadAuth.ok) throw new ConfigError(downloadAuth.problems);
  return {
    env: env.NODE_ENV,
    localMode,
    port: env.PORT,
    // Unauthenticated local mode must never be reachable from another machine.
    host: localMode ? '127.0.0.1' : (env.HOST ?? '0.0.0.0'),
    logLevel: env.LOG_LEVEL,
    auth: authConfig(env),
    allowedTenantIds: env.ALLOWED_TENANT_IDS,
    storage: storageConfig(env),
    tablePrefix: env.TABLE_PREFIX,
    ...routingSettings(env),
    scheduleScanMs: env.SCHEDULE_SCAN_SECONDS * 1000,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    downloadAuth: downloadAuth.config,
    server: serverLimits(env, localMode),
    reach: reachConfig(env, localMode),
    documents: documentSettings(env),
    quickEntry: quickEntrySettings(env),
  };
}
