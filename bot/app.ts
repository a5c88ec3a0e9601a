import type { AddressInfo } from 'node:net';
import { ConversationState, UserState, type ConversationReference, type Storage, type TurnContext } from 'botbuilder';
import type { Server } from 'restify';
import { createAdapter } from './adapter';
import type { Config } from './config';
import { Foreground } from './foreground';
import { greet } from './greeting';
import { CardActionRouter, type CardActionHandler } from './invoke/card-action-router';
import type { Logger } from './logger';
import { correlationMiddleware, tenantAllowListMiddleware } from './middleware';
import { BotFrameworkProactiveSender, type ProactiveSender, type ReferenceLookup } from './proactive/proactive-sender';
import { graphTokens, HttpGraphInstaller } from './proactive/graph-installer';
import type { PendingNotificationStore } from '../storage/pending-notifications';
import { waitingMiddleware } from './requests/waiting-command';
import { createServer } from './server';
import { TeamsBot } from './teams-bot';
import { MessageRouter } from './message-router';
import { OfficerChat } from './dialogs/officer-chat';
import { draftActionHandlers } from './invoke/draft-actions';
import { localPeople } from './auth/local-people';
import { administers } from '../app/change-settings';
import type { CouncilSettingsStorePort } from '../app/ports/council-settings';
import { graphNames, PeopleNames } from './settings/people-names';
import { graphGroupMembership } from './settings/administrator-group';
import { settingsActionHandlers } from './settings/settings-actions';
import { settingsMiddleware } from './settings/settings-chat';
import { reassignHandler, reassignMiddleware } from './settings/reassign';
import type { DownloadResult } from './auth/report-downloads';

import { checkDraft } from '../domain/checks';
import { buildRecordOfDecision } from '../domain/record-of-decision';
import { workflowActionHandlers } from './invoke/workflow-actions';
import { RequestViews } from './request-views';
import type { Person } from '../domain/lifecycle';
import { OutboxDispatcher } from './workflow/outbox-dispatcher';
import { WeeklyDigestPoster } from './workflow/weekly-digest-poster';
import { RequestService, type RequestPorts } from '../app/request-service';
import type { Outbox } from '../app/ports/outbox';
import type { Schedule } from '../app/ports/schedule';
import { workingCalendar } from '../domain/working-days';
import type { DigestStore } from '../storage/digest-store';
import type { PostedCardStore } from '../storage/posted-cards';
import { startDocuments, type DocumentStorage } from './documents/documents-feature';
import { startEstablishment } from './establishment/establishment-feature';
import type { EstablishmentLedgerStore } from '../storage/establishment-ledger';

/** The stores behind the application's ports, and those the outbox dispatcher and the weekly digest use. */
export interface AppStores extends RequestPorts {
  councils: CouncilSettingsStorePort;
  schedule: Schedule;
  outbox: Outbox;
  posts: PostedCardStore;
  digests: DigestStore;
  /** The establishment ledger (bot/establishment/); absent in tests that do not need it. */
  ledger?: EstablishmentLedgerStore;
}

/** What the bot needs from storage; built by ./start.ts from the configuration. */
export interface AppStorage {
  botState: Storage;
  stores: AppStores;
  references: ReferenceLookup & {
    personal(tenantId: string, aadObjectId: string): Promise<Partial<ConversationReference> | undefined>;
    save(reference: Partial<ConversationReference>, extras?: { teamId?: string }): Promise<void>;
    pending?: PendingNotificationStore;
  };
  /** Supporting documents' rows and blobs; absent when the storage has no blob service. */
  documents?: DocumentStorage;
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export interface App {
  server: Server;
  url: string;
  sender: ProactiveSender;
  dispatcher: OutboxDispatcher;
  stop(): Promise<void>;
}

export async function startApp(config: Config, storage: AppStorage, log: Logger, options: { now?: () => Date } = {}): Promise<App> {
  const adapter = createAdapter(config.auth, log);
  adapter.use(correlationMiddleware(log));
  adapter.use(tenantAllowListMiddleware(config.allowedTenantIds, log));
  const { stores } = storage;
  // One token source for every Graph call (installs, names, group membership): one credential cache per tenant.
  const graphToken = graphTokens(config.auth, config.localMode);
  const settingsDeps = {
    councils: stores.councils,
    configuredAdministrators: config.administratorIds,
    ...(graphReachable(config) ? { inGroup: graphGroupMembership(config.reach.graphBaseUrl, graphToken) } : {}),
    now: () => options.now?.() ?? new Date(),
  };
  const isAdministrator = (person: Person) => administers(settingsDeps, person);
  const downloads = { maxBytes: config.documents.maxBytes, hosts: config.documents.downloadHosts, allowLoopback: config.localMode };
  adapter.use(settingsMiddleware({ ...settingsDeps, downloads }));
  const pendingStore = storage.references.pending;
  if (pendingStore) adapter.use(waitingMiddleware({ list: (tenantId) => pendingStore.list(tenantId), isAdministrator }));

  const conversationState = new ConversationState(storage.botState);
  const userState = new UserState(storage.botState);
  const graphInstall = config.reach.graphInstall;
  const graph = graphInstall && new HttpGraphInstaller({ ...graphInstall, token: graphToken });
  const sender = new BotFrameworkProactiveSender(
    adapter,
    config.auth.MicrosoftAppId ?? '',
    storage.references,
    log,
    {},
    { createChats: config.reach.createChats, defaultServiceUrl: config.reach.defaultServiceUrl, graph },
  );
  const checks = { keyDecisionThresholdPence: config.keyDecisionThresholdPence };
  const settings = {
    councils: stores.councils,
    configuredAdministrators: config.administratorIds,
    checks,
    calendar: workingCalendar(config.closureDays),
    now: options.now,
  };
  // Each change is handed to the dispatcher to drain: built below, as it needs the workflow too.
  const requests = new RequestService(stores, settings, (reference, written) => dispatcher.kick(reference, written));
  const workflow = requests.workflow;
  const documents =
    storage.documents &&
    startDocuments({
      storage: storage.documents,
      requests,
      settings: config.documents,
      localMode: config.localMode,
      conversationState,
      baseUrl: () => baseUrl,
      log,
    });
  const views = new RequestViews({
    checks,
    now: () => workflow.now(),
    personal: (tenantId, aadObjectId) => storage.references.personal(tenantId, aadObjectId),
    documentLink: documents?.link,
  });
  /** Refresh lists name people by their Teams user id, known once they have installed the bot. */
  const teamsUserIds = async (people: readonly Person[]) => {
    const references = await Promise.all(people.map((p) => storage.references.personal(p.tenantId, p.aadObjectId).catch(() => undefined)));
    return references.flatMap((r) => (r?.user?.id ? [r.user.id] : []));
  };
  const foreground = new Foreground();
  const establishment =
    stores.ledger &&
    startEstablishment({
      ledger: stores.ledger,
      requests: stores.requests,
      published: async (tenantId) => (await stores.decisions.newest(tenantId, 10_000)).map((d) => d.reference),
      rules: (tenantId) => workflow.rules(tenantId),
      routing: async (tenantId) => (await stores.councils.current(tenantId))?.settings,
      isAdministrator,
      now: () => workflow.now(),
      registerLink: (from, to) => `${baseUrl.replace(/\/$/, '')}/registers/${from}_${to}.csv`,
      downloads: { maxBytes: config.documents.maxBytes, hosts: config.documents.downloadHosts, allowLoopback: config.localMode },
      log,
    });
  if (establishment) adapter.use(establishment.middleware);
  const dispatcher = new OutboxDispatcher({
    requests: stores.requests,
    outbox: stores.outbox,
    posts: stores.posts,
    schedule: stores.schedule,
    workflow,
    sender,
    cards: {
      personal: (stored, viewer, rules) => views.personalCard(stored, viewer, rules),
      channel: async (stored, rules) =>
        views.channelCard(stored, rules, stored.workflow.status === 'published' ? await teamsUserIds(rules.scrutinyMembers) : []),
    },
    decisionsChannel: async (tenantId) => (await stores.councils.current(tenantId))?.settings.decisionsChannelId,
    digest: new WeeklyDigestPoster({
      digests: stores.digests,
      decisions: (tenantId) => stores.decisions.newest(tenantId, 500),
      notices: async (tenantId) => (await stores.forwardPlan?.list(tenantId)) ?? [],
      log,
    }),
    digestTenants: () => stores.councils.tenants(),
    foreground,
    log,
    pending: storage.references.pending,
    ledger: establishment?.sync,
  });
  const names = peopleNames(config, graphToken);
  adapter.use(reassignMiddleware({ ...settingsDeps, workflow, names }));
  const chat = new OfficerChat(conversationState, requests, config.quickEntry);
  const handlers: CardActionHandler[] = [
    ...workflowActionHandlers(
      workflow,
      (stored, viewer, { rules, surface, ...extra }) => views.cardFor(stored, viewer, surface, rules, extra),
      (stored, entry) => workflow.recordRefusal(stored, entry),
    ),
    ...draftActionHandlers({ service: requests, chat }),
    ...settingsActionHandlers({
      ...settingsDeps,
      names,
      defaultFullTimeHours: config.quickEntry.fullTimeHours,
      defaultThresholdPounds: config.keyDecisionThresholdPence / 100,
    }),
    reassignHandler({ ...settingsDeps, workflow, names }),
  ];
  let baseUrl = config.publicBaseUrl ?? '';
  const messages = new MessageRouter(chat, requests, views, (reference) => `${baseUrl.replace(/\/$/, '')}/reports/${reference}.docx`, documents?.chat);
  /** Asked at every download: the signed-in person must be able to see the whole request now. */
  const download = async (person: Person, reference: string): Promise<DownloadResult> => {
    const found = await requests.find(person, reference);
    if (!found.ok || !found.value.stored.workflow.decision) return { ok: false };
    const { stored } = found.value;
    const { costs } = checkDraft(stored.content, checks);
    // Loaded on first use: docx is 2.7 MB of heap that every mark-compact would walk, for a rare download.
    const { renderDecisionReport } = await import('../reports/decision-report');
    return {
      ok: true,
      body: await renderDecisionReport(
        buildRecordOfDecision({ reference: stored.reference, content: stored.content, workflow: stored.workflow, costs }),
        stored.content,
        costs,
      ),
    };
  };

  const bot = new TeamsBot({
    cardActions: new CardActionRouter(handlers),
    onMessage: (context) => messages.onMessage(context),
    greet,
    rememberConversation: async (reference, context) => {
      const teamId = (context.activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
      const known = reference.conversation?.id ? await storage.references.conversation(reference.conversation.id).catch(() => undefined) : undefined;
      await storage.references.save(reference, typeof teamId === 'string' ? { teamId } : {});
      // Whatever waited for this person (they had not installed the app) goes now.
      const person = reference.conversation?.conversationType === 'personal' ? reference.user?.aadObjectId : undefined;
      const tenantId = reference.conversation?.tenantId;
      if (person && tenantId)
        void dispatcher
          .reachable({ tenantId, aadObjectId: person })
          .catch((err: unknown) => log.error({ event: 'outbox.reachable_failed', err }, 'could not send what waited for someone'));
      return !known;
    },
    saveState: async (context: TurnContext) => {
      await conversationState.saveChanges(context);
      await userState.saveChanges(context);
    },
    log,
  });

  const reports = {
    baseUrl: () => baseUrl,
    localMode: config.localMode,
    config: config.downloadAuth,
    people: config.localMode ? localPeople(config.routing) : [],
    download,
    documents: documents?.download,
    register: establishment?.register,
  };
  const server = createServer({ adapter, bot, storageReachable: () => storage.reachable(), reports, foreground, log, limits: config.server });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address() as AddressInfo;
  const url = `http://${config.host}:${address.port}`;
  baseUrl ||= url;
  log.info({ event: 'app.started', url, localMode: config.localMode }, 'bot listening');
  // Whatever was due while the bot was down (or left by a crash) is found by the first scan.
  dispatcher.start(config.scheduleScanMs);

  return {
    server,
    url,
    sender,
    dispatcher,
    async stop() {
      dispatcher.stop();
      server.close();
      // Let turns already running finish their writes before storage goes away.
      const deadline = Date.now() + 10_000;
      while (foreground.busy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Sends under way finish; anything left is in the outbox for the next start.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([dispatcher.idle(), new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now()))))]);
      clearTimeout(timer);
      await documents?.stop();
      await storage.close();
      log.info({ event: 'app.stopped' }, 'bot stopped');
    },
  };
}

/** Names for the people picked on the settings cards: the Playground's people locally, Microsoft Graph in a tenant. */
function peopleNames(config: Config, graphToken: (tenantId: string) => Promise<string | undefined>): PeopleNames {
  const everyone = config.localMode ? localPeople(config.routing) : [];
  return new PeopleNames({
    known: (tenantId) => everyone.filter((p) => p.tenantId.toLowerCase() === tenantId.toLowerCase()),
    ...(graphReachable(config) ? { directory: graphNames(config.reach.graphBaseUrl, graphToken) } : {}),
  });
}

/** Microsoft Graph is asked with bot credentials, or in local mode only of a stand-in on this machine. */
function graphReachable(config: Config): boolean {
  return !config.localMode || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?(\/|$)/.test(config.reach.graphBaseUrl);
}
