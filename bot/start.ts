import { startEmbeddedAzurite, type EmbeddedAzurite } from '../storage/azurite';
import { ConversationReferenceStore } from '../storage/conversation-references';
import { DelegationStore } from '../storage/delegations';
import { DigestStore } from '../storage/digest-store';
import { DraftRepository } from '../storage/draft-repository';
import { OutboxStore } from '../storage/outbox-store';
import { PostedCardStore } from '../storage/posted-cards';
import { PublishedDecisions } from '../storage/published-decisions';
import { ForwardPlanListings } from '../storage/forward-plan-listings';
import { RequestStore } from '../storage/request-store';
import { ScheduleStore } from '../storage/schedule';
import { TableBotStorage } from '../storage/table-bot-storage';
import { SequenceStore } from '../storage/sequence';
import { EstablishmentLedgerStore } from '../storage/establishment-ledger';
import { CouncilSettingsStore } from '../storage/council-settings-store';
import { CouncilSettingsSchema, type CouncilSettings } from '../domain/council-settings';
import { createTableService, TableNames, type TableService } from '../storage/table-service';
import { WorkflowStateSchema } from '../domain/lifecycle';
import { RequestContentSchema, type RequestContent } from '../domain/request';
import { startApp, type App, type AppStorage, type AppStores } from './app';
import { openDocumentStorage } from './documents/documents-feature';
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

  const storage: AppStorage = {
    botState: new TableBotStorage(tables.client(TableNames.BotState)),
    stores: openStores(tables, config),
    references: new ConversationReferenceStore(tables.client(TableNames.ConversationRefs)),
    documents: openDocumentStorage(connection, tables, config.documents, log),
    reachable: () => tables.ping(),
    close: async () => {
      await azurite?.close();
    },
  };
  throttle.setWindow(config.server.logRepeatMs);
  return startApp(config, storage, log, options);
}

/** The stores the application's ports are given, over the tables they live in. */
function openStores(tables: TableService, config: Config): AppStores {
  const requests = tables.client(TableNames.Requests);
  const schedule = tables.client(TableNames.Schedule);
  const titleOf = (c: RequestContent) => c.title ?? 'Untitled request';
  return {
    drafts: new DraftRepository(requests, RequestContentSchema, titleOf),
    requests: new RequestStore(requests, { content: RequestContentSchema, workflow: WorkflowStateSchema }, titleOf),
    outbox: new OutboxStore(requests),
    posts: new PostedCardStore(requests),
    decisions: new PublishedDecisions(requests),
    forwardPlan: new ForwardPlanListings(requests),
    schedule: new ScheduleStore(schedule),
    digests: new DigestStore(schedule),
    delegations: new DelegationStore(tables.client(TableNames.Delegations)),
    sequence: new SequenceStore(tables.client(TableNames.Counters)),
    ledger: new EstablishmentLedgerStore(requests),
    councils: new CouncilSettingsStore(tables.client(TableNames.Settings), seedSettings(config)),
  };
}

/** The routing file (and the configured channel) as the first settings of its council. */
function seedSettings(config: Config): CouncilSettings | undefined {
  if (!config.routing) return undefined;
  return CouncilSettingsSchema.parse({
    ...config.routing,
    payTable: config.payTable,
    keyDecisionThresholdPounds: config.keyDecisionThresholdPence / 100,
    closureDays: config.closureDays,
    ...(config.decisionsChannelId ? { decisionsChannelId: config.decisionsChannelId } : {}),
  });
}
