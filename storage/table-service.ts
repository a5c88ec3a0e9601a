import { TableClient, TableServiceClient } from '@azure/data-tables';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { isConflict } from './table-errors';

/** Every table the bot uses; the configured prefix is put in front of each. */
export const TableNames = {
  BotState: 'BotState',
  ConversationRefs: 'ConversationRefs',
  Requests: 'Requests',
  Counters: 'Counters',
} as const;

export type TableName = (typeof TableNames)[keyof typeof TableNames];

export type TableConnection =
  | { connectionString: string; tablePrefix: string }
  | { accountUrl: string; managedIdentityClientId?: string; tablePrefix: string };

export interface TableService {
  client(name: TableName): TableClient;
  createTables(): Promise<void>;
  /** True when the service answers within the timeout; never throws. */
  ping(timeoutMs?: number): Promise<boolean>;
}

export function createTableService(connection: TableConnection): TableService {
  const clients = new Map<TableName, TableClient>();
  let service: TableServiceClient;
  let make: (table: string) => TableClient;
  if ('connectionString' in connection) {
    // Azurite and other http endpoints need insecure connections allowed explicitly.
    const insecure = /DefaultEndpointsProtocol=http;|TableEndpoint=http:|UseDevelopmentStorage=true/i.test(connection.connectionString);
    const options = { allowInsecureConnection: insecure };
    service = TableServiceClient.fromConnectionString(connection.connectionString, options);
    make = (table) => TableClient.fromConnectionString(connection.connectionString, table, options);
  } else {
    const credential: TokenCredential = connection.managedIdentityClientId
      ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId })
      : new DefaultAzureCredential();
    service = new TableServiceClient(connection.accountUrl, credential);
    make = (table) => new TableClient(connection.accountUrl, table, credential);
  }
  const fullName = (name: TableName) => `${connection.tablePrefix}${name}`;

  return {
    client(name) {
      let client = clients.get(name);
      if (!client) {
        client = make(fullName(name));
        clients.set(name, client);
      }
      return client;
    },
    async createTables() {
      for (const name of Object.values(TableNames)) {
        try {
          await service.createTable(fullName(name));
        } catch (error) {
          if (!isConflict(error)) throw error;
        }
      }
    },
    async ping(timeoutMs = 2000) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), timeoutMs);
      try {
        const pages = this.client(TableNames.Counters).listEntities({ abortSignal: abort.signal, queryOptions: { select: ['PartitionKey'] } }).byPage({ maxPageSize: 1 });
        await pages.next();
        return true;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
