import { startEmbeddedAzurite, type EmbeddedAzurite } from '../storage/azurite';
import { ConversationReferenceStore } from '../storage/conversation-references';
import { TableBotStorage } from '../storage/table-bot-storage';
import { SequenceStore } from '../storage/sequence';
import { createTableService, TableNames } from '../storage/table-service';
import { workingCalendar } from '../domain/working-days';
import { RequestService } from './requests/request-service';
import { startApp, type App, type AppStorage } from './app';
import type { Config } from './config';
import { throttle, type Logger } from './logger';

/** Opens Table Storage as configured (starting Azurite when nothing is), then the bot. */
export interface StartOptions {
  /** The clock the workflow reads (tests move it to a Friday before a bank holiday). */
  now?: () => Date;
}

export async function startBot(config: Config, log: Logger, options: StartOptions = {}): Promise<App> {
  let azurite: EmbeddedAzurite | undefined;
  let connection: Parameters<typeof createTableService>[0];
  if (config.storage.kind === 'embedded') {
    azurite = await startEmbeddedAzurite({ location: config.storage.location, port: config.storage.port });
    log.info({ event: 'storage.embedded', port: azurite.port, location: config.storage.location }, 'embedded Azurite started');
    connection = { connectionString: azurite.connectionString, tablePrefix: config.tablePrefix };
  } else if (config.storage.kind === 'connectionString') {
    connection = { connectionString: config.storage.connectionString, tablePrefix: config.tablePrefix };
  } else {
    connection = { accountUrl: config.storage.accountUrl, managedIdentityClientId: config.storage.managedIdentityClientId, tablePrefix: config.tablePrefix };
  }
  const tables = createTableService(connection);
  await tables.createTables();

  const references = new ConversationReferenceStore(tables.client(TableNames.ConversationRefs));
  const requests = new RequestService(
    { requests: tables.client(TableNames.Requests), schedule: tables.client(TableNames.Schedule), delegations: tables.client(TableNames.Delegations) },
    new SequenceStore(tables.client(TableNames.Counters)),
    {
      payTable: config.payTable,
      routing: config.routing,
      checks: { keyDecisionThresholdPence: config.keyDecisionThresholdPence },
      calendar: workingCalendar(config.closureDays),
      now: options.now,
    },
  );
  const storage: AppStorage = {
    botState: new TableBotStorage(tables.client(TableNames.BotState)),
    requests,
    references,
    reachable: () => tables.ping(),
    close: async () => {
      await azurite?.close();
    },
  };
  throttle.setWindow(config.server.logRepeatMs);
  return startApp(config, storage, log);
}
