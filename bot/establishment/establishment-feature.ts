import type { TurnContext } from 'botbuilder';
import { syncLedger } from '../../app/establishment-sync';
import type { Requests } from '../../app/ports/requests';
import type { ScheduledItem } from '../../app/ports/schedule';
import { isEntitled } from '../../domain/access';
import type { CalendarDate } from '../../domain/calendar-date';
import { decisionsRegisterCsv } from '../../domain/decisions-register';
import type { Rules } from '../../domain/lifecycle';
import type { Person } from '../../domain/person';
import type { RoutingConfig } from '../../domain/routing';
import type { EstablishmentLedgerStore } from '../../storage/establishment-ledger';
import type { DownloadLimits } from '../documents/teams-files';
import type { Logger } from '../logger';
import { importMiddleware } from './import-establishment';

/** What the establishment ledger, its import and the decisions register need; built once by app.ts. */
export interface EstablishmentDeps {
  ledger: EstablishmentLedgerStore;
  requests: Pick<Requests, 'get'>;
  /** The references of the decisions published in a tenant (the public listing). */
  published: (tenantId: string) => Promise<string[]>;
  rules: (tenantId: string) => Promise<Rules>;
  routing: (tenantId: string) => Promise<RoutingConfig | undefined>;
  isAdministrator: (person: Person) => boolean | Promise<boolean>;
  now: () => Date;
  /** Where a register download is served (behind the report sign-in). */
  registerLink: (from: CalendarDate, to: CalendarDate) => string;
  /** How an imported file is fetched from Teams (bot/documents/teams-files.ts). */
  downloads: DownloadLimits;
  log: Logger;
}

const KEY = Symbol('establishmentDeps');

/** The establishment deps this turn carries (set by the feature's middleware), for the chat commands. */
export function establishmentDeps(context: TurnContext): EstablishmentDeps | undefined {
  return context.turnState.get(KEY) as EstablishmentDeps | undefined;
}

export function startEstablishment(deps: EstablishmentDeps) {
  const importer = importMiddleware(deps);
  return {
    /** The scheduled 'ledger' item's work: the ledger brought into line with the request. */
    sync: (item: ScheduledItem) => syncLedger({ requests: deps.requests, ledger: deps.ledger, now: deps.now, log: deps.log }, item),
    /** Puts the deps on every turn (for `establishment` and `register`) and takes `import establishment` with its file. */
    middleware: {
      async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
        context.turnState.set(KEY, deps);
        if (await importer(context)) return;
        await next();
      },
    },
    /** The register's CSV for a signed-in person: exempt columns only for decisions they are entitled to see whole. */
    register: async (person: Person, from: CalendarDate, to: CalendarDate): Promise<{ ok: true; body: Buffer } | { ok: false }> => {
      const rules = await deps.rules(person.tenantId);
      const now = deps.now();
      const entries = [];
      for (const reference of await deps.published(person.tenantId)) {
        const stored = await deps.requests.get(reference);
        if (!stored || stored.workflow.requester.tenantId.toLowerCase() !== person.tenantId.toLowerCase()) continue;
        entries.push({ reference, content: stored.content, workflow: stored.workflow, entitled: isEntitled(stored.workflow, person, now, rules) });
      }
      deps.log.info({ event: 'register.exported', tenantId: person.tenantId, aadObjectId: person.aadObjectId, from, to }, 'decisions register exported');
      return { ok: true, body: Buffer.from(decisionsRegisterCsv(entries, from, to), 'utf8') };
    },
  };
}
export type EstablishmentFeature = ReturnType<typeof startEstablishment>;
