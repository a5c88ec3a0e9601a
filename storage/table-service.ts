import { TableClient, TableServiceClient, type TableServiceClientOptions } from '@azure/data-tables';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { isConflict, StorageError } from './errors';

/** Every table the bot uses; the configured prefix goes in front of each. */
export const TableNames = {
  BotState: 'BotState',
  ConversationRefs: 'ConversationRefs',
  Requests: 'Requests',
  Counters: 'Counters',
  /** Work due at a time: outbox markers, reminders, call-in deadlines (storage/schedule.ts). */
  Schedule: 'Schedule',
  Delegations: 'Delegations',
  /** Supporting documents: each stored file and the audit of every change to it (storage/document-store.ts). */
  Documents: 'Documents',
  /** Each council's settings and every version of them (storage/council-settings-store.ts). */
  Settings: 'Settings',
} as const;

export type TableName = (typeof TableNames)[keyof typeof TableNames];

/**
 * Either a connection string (Azurite, or a storage account key) or an account URL with
 * Entra ID: a given credential, a user-assigned managed identity's client id, or else
 * DefaultAzureCredential. The prefix lets deployments and test suites share one account.
 */
export type TableConnection =
  | { connectionString: string; tablePrefix: string }
  | { accountUrl: string; tablePrefix: string; credential?: TokenCredential; managedIdentityClientId?: string };

export interface TableService {
  client(name: TableName): TableClient;
  /** The full table name, prefix included. */
  tableName(name: TableName): string;
  /** Creates every table in TableNames; an existing table is fine. */
  createTables(): Promise<void>;
  /** True when Table Storage answers a real query within the timeout; never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
}

// Table names: 3-63 letters and digits, starting with a letter. The prefix must keep that.
const Prefix = z.string().regex(/^([A-Za-z][A-Za-z0-9]{0,40})?$/, 'table prefix: letters and digits, starting with a letter, at most 41');

export function createTableService(connection: TableConnection): TableService {
  const prefix = Prefix.safeParse(connection.tablePrefix);
  if (!prefix.success) throw new StorageError('STORAGE_INVALID_OPTIONS', prefix.error.issues[0]?.message ?? 'bad table prefix');
  const policies: ClientPolicies = { additionalPolicies: [{ policy: silenceWatch(SILENCE_MS), position: 'perRetry' }], retryOptions: RETRY };
  const { service, make } =
    'connectionString' in connection ? fromConnectionString(connection.connectionString, policies) : fromAccountUrl(connection, policies);
  const clients = new Map<TableName, TableClient>();
  const tableName = (name: TableName): string => `${prefix.data}${name}`;
  const client = (name: TableName): TableClient => {
    let existing = clients.get(name);
    if (!existing) {
      existing = make(tableName(name));
      clients.set(name, existing);
    }
    return existing;
  };

  return {
    client,
    tableName,
    async createTables() {
      for (const name of Object.values(TableNames)) {
        try {
          await service.createTable(tableName(name));
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
      }
    },
    async ping(timeoutMs = 2000) {
      // The SDK retries a refused connection for longer than a health probe waits: abort it.
      const abortSignal = AbortSignal.timeout(timeoutMs);
      try {
        const pages = client(TableNames.Counters)
          .listEntities({ abortSignal, queryOptions: { select: ['PartitionKey'] } })
          .byPage({ maxPageSize: 1 });
        await pages.next();
        return true;
      } catch {
        return false;
      }
    },
  };
}

/**
 * A click waits for every storage call it makes, and must be answered in seconds even when
 * Table Storage stops answering. Refused or reset connections and 5xx are retried a few
 * times quickly (at most about 0.7 s of waiting in all).
 */
const RETRY = { maxRetries: 3, retryDelayInMs: 100, maxRetryDelayInMs: 1000 };
/** A call fails as STORAGE_UNAVAILABLE once Table Storage has answered nothing at all for this long. */
const SILENCE_MS = 1000;

type Policy = NonNullable<TableServiceClientOptions['additionalPolicies']>[number]['policy'];
type ClientPolicies = Pick<TableServiceClientOptions, 'additionalPolicies' | 'retryOptions'>;

/**
 * Aborts a try when no answer to *any* call of this service has arrived for `silenceMs`
 * since it was sent. A plain per-request timeout would also fire when storage (or this
 * process) is merely busy and answering slowly, e.g. under many simultaneous clicks.
 */
function silenceWatch(silenceMs: number): Policy {
  let lastAnswer = Date.now();
  return {
    name: 'tableStorageSilence',
    async sendRequest(request, next) {
      const started = Date.now();
      const silent = new AbortController();
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        if (settled) return;
        const quiet = Date.now() - Math.max(started, lastAnswer);
        if (quiet >= silenceMs) silent.abort();
        else timer = setTimeout(wait, silenceMs - quiet);
      };
      // setImmediate: after a busy spell, answers already waiting on sockets are read first.
      const wait = () => setImmediate(check);
      timer = setTimeout(wait, silenceMs);
      const outer = request.abortSignal;
      const forward = () => silent.abort();
      if (outer?.aborted) silent.abort();
      outer?.addEventListener('abort', forward);
      request.abortSignal = silent.signal;
      try {
        const response = await next(request);
        lastAnswer = Date.now();
        return response;
      } catch (error) {
        if (silent.signal.aborted && !outer?.aborted)
          throw new StorageError('STORAGE_UNAVAILABLE', `Table Storage did not answer within ${silenceMs} ms`, { cause: error });
        throw error;
      } finally {
        settled = true;
        clearTimeout(timer);
        outer?.removeEventListener('abort', forward);
        request.abortSignal = outer;
      }
    },
  };
}

type Factory = { service: TableServiceClient; make: (table: string) => TableClient };

function fromConnectionString(connectionString: string, policies: ClientPolicies): Factory {
  // Plain http (Azurite) must be allowed explicitly; never for an https account.
  const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:|UseDevelopmentStorage=true/i.test(connectionString);
  const options: TableServiceClientOptions = { allowInsecureConnection: insecure, ...policies };
  return {
    service: TableServiceClient.fromConnectionString(connectionString, options),
    make: (table) => TableClient.fromConnectionString(connectionString, table, options),
  };
}

function fromAccountUrl(connection: { accountUrl: string; credential?: TokenCredential; managedIdentityClientId?: string }, policies: ClientPolicies): Factory {
  const url = z.url({ protocol: /^https?$/ }).safeParse(connection.accountUrl);
  if (!url.success) throw new StorageError('STORAGE_INVALID_OPTIONS', 'accountUrl must be an http(s) URL');
  const credential =
    connection.credential ??
    (connection.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId }) : new DefaultAzureCredential());
  const options: TableServiceClientOptions = { allowInsecureConnection: url.data.startsWith('http:'), ...policies };
  return {
    service: new TableServiceClient(url.data, credential, options),
    make: (table) => new TableClient(url.data, table, credential, options),
  };
}
