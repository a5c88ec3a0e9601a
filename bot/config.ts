import { parseDownloadAuthConfig, type DownloadAuthConfig } from './auth/download-auth-config';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../domain/calendar-date';
import { PayTableSchema, type PayTable } from '../domain/pay-table';
import { RoutingConfigSchema, type RoutingConfig } from '../domain/routing';

/**
 * Every setting the bot reads, parsed once at start-up. Nothing else reads process.env.
 * A bad value stops the process with one line per problem (see `loadConfig`).
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
const guid = (what: string) => z.string().trim().regex(GUID, `${what} must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47`);

const guidList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v ?? []),
  z.array(guid('each tenant id in ALLOWED_TENANT_IDS')),
);

/** A whole number of seconds from 1 to `max`. */
const seconds = (defaultMs: number, max: number) => z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(max).default(defaultMs / 1000));
/** Per person a minute; 0 turns the limit off. No default here: it depends on local mode (see loadConfig). */
const perMinute = z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(100_000).optional());

/** A person's allowance of one kind of activity: `perMinute` on average (0: no limit), `burst` at once. */
export interface RateSettings {
  perMinute: number;
  burst: number;
}

/** What the HTTP server and the adapter allow callers (bot/server.ts). */
export interface ServerLimits {
  http: {
    /** Time to receive a request's headers. */
    headersTimeoutMs: number;
    /** Time to receive a whole request, headers and body. */
    requestTimeoutMs: number;
    /** How long a kept-alive connection may sit idle between requests. */
    keepAliveTimeoutMs: number;
    /** Connections open at once; more are closed as they arrive. */
    maxConnections: number;
  };
  /** Messages (typed text and Action.Submit) per person. */
  messages: RateSettings;
  /** Invokes (card clicks, refreshes) per person. */
  invokes: RateSettings;
  /** How old a storage check /healthz answers from may be. */
  healthMaxAgeMs: number;
  /** Lines a caller can cause at will are written at most once per kind in this time. */
  logRepeatMs: number;
}

/**
 * Teams sends headers and small bodies at once: 10 s and 30 s cut off slow clients long
 * before Node's 60 s and 300 s. 5 s keep-alive is Node's own. 1,000 connections is far
 * above what the Teams channel opens (or the approve benchmark, one per click a second).
 * 30 messages a minute is one every 2 s, well past anyone typing answers; clicks get
 * more, as opening a chat makes Teams refresh every card in view.
 */
export const SERVER_DEFAULTS: ServerLimits = {
  http: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1_000 },
  messages: { perMinute: 30, burst: 10 },
  invokes: { perMinute: 60, burst: 30 },
  healthMaxAgeMs: 5_000,
  logRepeatMs: 60_000,
};

/** The Agents Playground's *Decisions* channel: the default for local use, refused in production. */
const PLAYGROUND_CHANNEL_ID = '19:decisions@thread.tacv2';

const EnvSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(['development', 'test', 'production']).default('development')),
    PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
    HOST: optionalString,
    LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),

    MicrosoftAppId: z.preprocess(emptyToUndefined, guid('MicrosoftAppId').optional()),
    MicrosoftAppPassword: optionalString,
    MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
    MicrosoftAppTenantId: z.preprocess(emptyToUndefined, guid('MicrosoftAppTenantId').optional()),
    CertificateThumbprint: optionalString,
    CertificatePrivateKey: optionalString,
    /** Only for tests of token validation: where to fetch the channel's signing keys. */
    ToBotFromChannelOpenIdMetadataUrl: optionalString,
    ALLOWED_TENANT_IDS: guidList,

    AZURE_TABLES_CONNECTION_STRING: optionalString,
    AZURE_TABLES_ACCOUNT_URL: z.preprocess(emptyToUndefined, z.string().url('AZURE_TABLES_ACCOUNT_URL must be a URL such as https://myaccount.table.core.windows.net').optional()),
    AZURE_CLIENT_ID: z.preprocess(emptyToUndefined, guid('AZURE_CLIENT_ID').optional()),
    TABLE_PREFIX: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,19}$/, 'TABLE_PREFIX must be a letter then up to 19 letters or digits').default('ecr')),
    AZURITE_LOCATION: z.preprocess(emptyToUndefined, z.string().default('.data/azurite')),
    AZURITE_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(0)),
    PAY_TABLE_PATH: z.preprocess(emptyToUndefined, z.string().default('config/pay-table.example.json')),
    ROUTING_CONFIG_PATH: z.preprocess(emptyToUndefined, z.string().default('config/routing.example.json')),
    DECISIONS_CHANNEL_ID: z.preprocess(emptyToUndefined, z.string().max(500).regex(/^19:[^/\\#?\s]+$/, 'DECISIONS_CHANNEL_ID must be a Teams channel id such as 19:abc@thread.tacv2').default(PLAYGROUND_CHANNEL_ID)),
    CLOSURE_DAYS: z.preprocess(
      emptyToUndefined,
      z.string().default('').transform((v, ctx) => {
        const days = v.split(',').map((d) => d.trim()).filter(Boolean);
        for (const d of days) if (!isCalendarDate(d)) ctx.addIssue({ code: 'custom', message: `CLOSURE_DAYS: "${d.slice(0, 20)}" is not a date (YYYY-MM-DD)` });
        return days as CalendarDate[];
      }),
    ),
    PUBLIC_BASE_URL: z.preprocess(emptyToUndefined, z.string().url('PUBLIC_BASE_URL must be the https address the bot is reached at, e.g. https://ecr.example.gov.uk').optional()),
    SCHEDULE_SCAN_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(30)),
    KEY_DECISION_THRESHOLD_POUNDS: z.preprocess(emptyToUndefined, z.coerce.number().int('KEY_DECISION_THRESHOLD_POUNDS must be whole pounds').min(0).max(1_000_000_000).default(500_000)),

    HTTP_HEADERS_TIMEOUT_SECONDS: seconds(SERVER_DEFAULTS.http.headersTimeoutMs, 600),
    HTTP_REQUEST_TIMEOUT_SECONDS: seconds(SERVER_DEFAULTS.http.requestTimeoutMs, 600),
    HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: seconds(SERVER_DEFAULTS.http.keepAliveTimeoutMs, 600),
    HTTP_MAX_CONNECTIONS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(100_000).default(SERVER_DEFAULTS.http.maxConnections)),
    PERSON_MESSAGES_PER_MINUTE: perMinute,
    PERSON_MESSAGE_BURST: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(SERVER_DEFAULTS.messages.burst)),
    PERSON_INVOKES_PER_MINUTE: perMinute,
    PERSON_INVOKE_BURST: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(SERVER_DEFAULTS.invokes.burst)),
    HEALTH_CHECK_MAX_AGE_SECONDS: seconds(SERVER_DEFAULTS.healthMaxAgeMs, 60),
    LOG_REPEAT_SECONDS: seconds(SERVER_DEFAULTS.logRepeatMs, 3600),

    /**
     * The Teams service URL to create a 1:1 chat through in a tenant the bot has no
     * conversation in yet (otherwise the tenant's most recent conversation's is used), e.g.
     * https://smba.trafficmanager.net/uk/ for a UK tenant.
     */
    /**
     * Whether the bot creates a 1:1 chat with someone who never opened it (Teams allows it
     * where the app is installed for them). Defaults to true with credentials and false in
     * local mode: the Agents Playground has no org-wide installs, and runs one service per
     * person, so a chat created through one would show in someone else's Playground.
     */
    TEAMS_CREATE_CHATS: z.preprocess(emptyToUndefined, z.enum(['true', 'false'], 'TEAMS_CREATE_CHATS must be true or false').optional()),
    TEAMS_SERVICE_URL: z.preprocess(emptyToUndefined, z.string().url('TEAMS_SERVICE_URL must be a Teams service URL such as https://smba.trafficmanager.net/uk/').optional()),
    /**
     * true when the council has granted the bot the Graph application permission
     * TeamsAppInstallation.ReadWriteSelfForUser.All (admin consent): the bot then installs the
     * app for someone it must reach who does not have it. Needs TEAMS_APP_CATALOG_ID.
     */
    GRAPH_INSTALL_APP_FOR_USERS: z.preprocess(emptyToUndefined, z.enum(['true', 'false'], 'GRAPH_INSTALL_APP_FOR_USERS must be true or false').default('false')),
    /** The app's id in the council's Teams app catalog (Teams admin centre → Manage apps → the app → App ID; not the manifest id of a custom upload). */
    TEAMS_APP_CATALOG_ID: z.preprocess(emptyToUndefined, guid('TEAMS_APP_CATALOG_ID').optional()),
    /** Microsoft Graph's address; only tests point it elsewhere (a loopback stand-in, in local mode). */
    GRAPH_BASE_URL: z.preprocess(emptyToUndefined, z.string().url('GRAPH_BASE_URL must be a URL').default('https://graph.microsoft.com')),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (env.NODE_ENV === 'production' && !env.MicrosoftAppId) {
      problem('MicrosoftAppId', 'is required when NODE_ENV=production: without it anyone could post activities to the bot unauthenticated');
    }
    if (env.NODE_ENV === 'production' && env.ALLOWED_TENANT_IDS.length === 0) {
      problem('ALLOWED_TENANT_IDS', "is required when NODE_ENV=production: list your council's tenant id(s), comma-separated");
    }
    if (env.MicrosoftAppId) {
      if (env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword && !env.CertificatePrivateKey) {
        problem('MicrosoftAppPassword', `is required for MicrosoftAppType=${env.MicrosoftAppType} (or set CertificateThumbprint and CertificatePrivateKey)`);
      }
      if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
        problem('MicrosoftAppTenantId', `is required for MicrosoftAppType=${env.MicrosoftAppType}`);
      }
      if (env.MicrosoftAppType === 'UserAssignedMSI' && env.MicrosoftAppPassword) {
        problem('MicrosoftAppPassword', 'must be empty for MicrosoftAppType=UserAssignedMSI: the managed identity is the credential');
      }
    }
    if (env.AZURE_TABLES_CONNECTION_STRING && env.AZURE_TABLES_ACCOUNT_URL) {
      problem('AZURE_TABLES_ACCOUNT_URL', 'set either AZURE_TABLES_CONNECTION_STRING or AZURE_TABLES_ACCOUNT_URL, not both');
    }
    if (env.HTTP_HEADERS_TIMEOUT_SECONDS > env.HTTP_REQUEST_TIMEOUT_SECONDS) {
      problem('HTTP_HEADERS_TIMEOUT_SECONDS', `must not be longer than HTTP_REQUEST_TIMEOUT_SECONDS (${env.HTTP_REQUEST_TIMEOUT_SECONDS}): the request timeout covers the headers too`);
    }
    if (env.GRAPH_INSTALL_APP_FOR_USERS === 'true' && !env.TEAMS_APP_CATALOG_ID) {
      problem('TEAMS_APP_CATALOG_ID', 'is required when GRAPH_INSTALL_APP_FOR_USERS=true: the app to install is named by its id in the Teams app catalog');
    }
    const graphHost = (() => {
      try {
        return new URL(env.GRAPH_BASE_URL);
      } catch {
        return undefined;
      }
    })();
    const loopback = graphHost !== undefined && ['127.0.0.1', 'localhost', '[::1]'].includes(graphHost.hostname);
    if (graphHost && graphHost.protocol !== 'https:' && !loopback) problem('GRAPH_BASE_URL', 'must be https');
    // In local mode Graph calls carry no token: only ever to a stand-in on this machine.
    if (!env.MicrosoftAppId && env.GRAPH_INSTALL_APP_FOR_USERS === 'true' && !loopback) {
      problem('GRAPH_INSTALL_APP_FOR_USERS', 'needs bot credentials (MicrosoftAppId): local mode has no token for Microsoft Graph');
    }
    if (env.NODE_ENV === 'production' && !env.AZURE_TABLES_CONNECTION_STRING && !env.AZURE_TABLES_ACCOUNT_URL) {
      problem('AZURE_TABLES_CONNECTION_STRING', 'is required when NODE_ENV=production (or AZURE_TABLES_ACCOUNT_URL with a managed identity): the embedded emulator is for local use only');
    }
    // The examples name the Agents Playground's people and channel: a council would route to nobody real.
    if (env.NODE_ENV === 'production' && env.DECISIONS_CHANNEL_ID === PLAYGROUND_CHANNEL_ID) {
      problem('DECISIONS_CHANNEL_ID', "is the Agents Playground's channel: set your decisions channel's id (Get link to channel in Teams)");
    }
    if (env.NODE_ENV === 'production' && /(^|[/\\])routing\.example\.json$/.test(env.ROUTING_CONFIG_PATH)) {
      problem('ROUTING_CONFIG_PATH', "is the example routing, whose people exist only in the Agents Playground: point it at your council's routing file");
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export type StorageConfig =
  | { kind: 'embedded'; location: string; port: number }
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'accountUrl'; accountUrl: string; managedIdentityClientId?: string };

export interface AuthConfig {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId?: string;
  CertificateThumbprint?: string;
  CertificatePrivateKey?: string;
  ToBotFromChannelOpenIdMetadataUrl?: string;
}

export interface Config {
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
  payTable: PayTable;
  routing: RoutingConfig;
  keyDecisionThresholdPence: number;
  /** The channel that receives published decisions. */
  decisionsChannelId: string;
  /** Bank holidays are shipped; these are the council's extra closure days. */
  closureDays: CalendarDate[];
  /** How often due work (outbox retries, reminders, call-in deadlines) is looked for. */
  scheduleScanMs: number;
  /** Where people's browsers reach the bot (report links); defaults to the listening address. */
  publicBaseUrl?: string;
  /** Sign-in for report downloads (Entra ID; the local signer in local mode). */
  downloadAuth: DownloadAuthConfig;
  /** Timeouts, connection cap, per-person rates, health-check age, log repetition. */
  server: ServerLimits;
  /** Reaching people who never opened the bot: the fallback service URL, and Graph installation if permitted. */
  reach: {
    /** Create 1:1 chats with people who never opened the bot (TEAMS_CREATE_CHATS). */
    createChats: boolean;
    defaultServiceUrl?: string;
    graphInstall?: { baseUrl: string; catalogId: string };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
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
  const storage: StorageConfig = env.AZURE_TABLES_CONNECTION_STRING
    ? { kind: 'connectionString', connectionString: env.AZURE_TABLES_CONNECTION_STRING }
    : env.AZURE_TABLES_ACCOUNT_URL
      ? { kind: 'accountUrl', accountUrl: env.AZURE_TABLES_ACCOUNT_URL, managedIdentityClientId: env.AZURE_CLIENT_ID }
      : { kind: 'embedded', location: env.AZURITE_LOCATION, port: env.AZURITE_PORT };
  return {
    env: env.NODE_ENV,
    localMode,
    port: env.PORT,
    // Unauthenticated local mode must never be reachable from another machine.
    host: localMode ? '127.0.0.1' : (env.HOST ?? '0.0.0.0'),
    logLevel: env.LOG_LEVEL,
    auth: {
      MicrosoftAppId: env.MicrosoftAppId,
      MicrosoftAppPassword: env.MicrosoftAppPassword,
      MicrosoftAppType: env.MicrosoftAppType,
      MicrosoftAppTenantId: env.MicrosoftAppTenantId,
      CertificateThumbprint: env.CertificateThumbprint,
      CertificatePrivateKey: env.CertificatePrivateKey,
      ToBotFromChannelOpenIdMetadataUrl: env.ToBotFromChannelOpenIdMetadataUrl,
    },
    allowedTenantIds: env.ALLOWED_TENANT_IDS,
    storage,
    tablePrefix: env.TABLE_PREFIX,
    payTable: loadJson('PAY_TABLE_PATH', env.PAY_TABLE_PATH, PayTableSchema),
    routing: loadJson('ROUTING_CONFIG_PATH', env.ROUTING_CONFIG_PATH, RoutingConfigSchema),
    keyDecisionThresholdPence: env.KEY_DECISION_THRESHOLD_POUNDS * 100,
    decisionsChannelId: env.DECISIONS_CHANNEL_ID,
    closureDays: env.CLOSURE_DAYS,
    scheduleScanMs: env.SCHEDULE_SCAN_SECONDS * 1000,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    downloadAuth: downloadAuth.config,
    server: {
      http: {
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
        requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
        keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
        maxConnections: env.HTTP_MAX_CONNECTIONS,
      },
      // In local mode anyone on the machine can post as anyone, so a per-person limit
      // protects nothing there (and tests and benchmarks type faster than people): off
      // unless set. With credentials the ids are Teams' own, and the limits are on.
      messages: { perMinute: env.PERSON_MESSAGES_PER_MINUTE ?? (localMode ? 0 : SERVER_DEFAULTS.messages.perMinute), burst: env.PERSON_MESSAGE_BURST },
      invokes: { perMinute: env.PERSON_INVOKES_PER_MINUTE ?? (localMode ? 0 : SERVER_DEFAULTS.invokes.perMinute), burst: env.PERSON_INVOKE_BURST },
      healthMaxAgeMs: env.HEALTH_CHECK_MAX_AGE_SECONDS * 1000,
      logRepeatMs: env.LOG_REPEAT_SECONDS * 1000,
    },
    reach: {
      createChats: env.TEAMS_CREATE_CHATS ? env.TEAMS_CREATE_CHATS === 'true' : !localMode,
      defaultServiceUrl: env.TEAMS_SERVICE_URL,
      ...(env.GRAPH_INSTALL_APP_FOR_USERS === 'true' && env.TEAMS_APP_CATALOG_ID ? { graphInstall: { baseUrl: env.GRAPH_BASE_URL, catalogId: env.TEAMS_APP_CATALOG_ID } } : {}),
    },
  };
}

/** Relative paths are from the project folder, whether running from source or dist/. */
const PROJECT_ROOT = __dirname.includes(`${sep}dist${sep}`) ? resolve(__dirname, '..', '..') : resolve(__dirname, '..');

/** A JSON settings file named by an environment variable, checked against its schema. */
function loadJson<T>(variable: string, path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(isAbsolute(path) ? path : resolve(PROJECT_ROOT, path), 'utf8'));
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${path} as JSON (${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'})`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${variable}: ${path} ${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}
