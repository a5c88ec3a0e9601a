import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date';
import { PayTableSchema, type PayTable } from '../../domain/pay-table';
import { RoutingConfigSchema, type RoutingConfig } from '../../domain/routing';
import { emptyToUndefined, guidList, type NodeEnv, type Problem } from './env-values';
import { loadJson } from './json-file';

/** The council's own facts: who signs off, the pay table, the decisions channel, its closure days. */
export interface RoutingSettings {
  payTable: PayTable;
  /**
   * The routing file: the first start's settings for its tenant (written to Table Storage
   * then; administrators change them in Teams after). Optional in production.
   */
  routing?: RoutingConfig;
  keyDecisionThresholdPence: number;
  /** The seed tenant's decisions channel until an administrator picks one in Teams ("use this channel"). */
  decisionsChannelId?: string;
  /** Who may change the settings in Teams from the first start (Entra object ids). */
  administratorIds: readonly string[];
  /** Bank holidays are shipped; these are the council's extra closure days. */
  closureDays: CalendarDate[];
}

/** The Agents Playground's *Decisions* channel: the default for local use, refused in production. */
const PLAYGROUND_CHANNEL_ID = '19:decisions@thread.tacv2';

export const RoutingEnvSchema = z.object({
  PAY_TABLE_PATH: z.preprocess(emptyToUndefined, z.string().default('config/pay-table.example.json')),
  ROUTING_CONFIG_PATH: z.preprocess(emptyToUndefined, z.string().optional()),
  DECISIONS_CHANNEL_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .max(500)
      .regex(/^19:[^/\\#?\s]+$/, 'DECISIONS_CHANNEL_ID must be a Teams channel id such as 19:abc@thread.tacv2')
      .optional(),
  ),
  ADMINISTRATOR_IDS: guidList('ADMINISTRATOR_IDS', 'each id in ADMINISTRATOR_IDS must be an Entra object id (a GUID)').pipe(z.array(z.string()).max(20)),
  CLOSURE_DAYS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('')
      .transform((v, ctx) => {
        const days = v
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean);
        for (const d of days) if (!isCalendarDate(d)) ctx.addIssue({ code: 'custom', message: `CLOSURE_DAYS: "${d.slice(0, 20)}" is not a date (YYYY-MM-DD)` });
        return days as CalendarDate[];
      }),
  ),
  KEY_DECISION_THRESHOLD_POUNDS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('KEY_DECISION_THRESHOLD_POUNDS must be whole pounds').min(0).max(1_000_000_000).default(500_000),
  ),
});
export type RoutingEnv = z.infer<typeof RoutingEnvSchema>;

/** The examples name the Agents Playground's people and channel: a council would route to nobody real. */
export function checkRouting(env: RoutingEnv & { NODE_ENV: NodeEnv }, problem: Problem): void {
  if (env.NODE_ENV !== 'production') return;
  if (env.DECISIONS_CHANNEL_ID === PLAYGROUND_CHANNEL_ID) {
    problem('DECISIONS_CHANNEL_ID', "is the Agents Playground's channel: set your decisions channel's id (Get link to channel in Teams)");
  }
  if (env.ROUTING_CONFIG_PATH && /(^|[/\\])routing\.example\.json$/.test(env.ROUTING_CONFIG_PATH)) {
    problem('ROUTING_CONFIG_PATH', "is the example routing, whose people exist only in the Agents Playground: point it at your council's routing file");
  }
  if (!env.ROUTING_CONFIG_PATH && !env.ADMINISTRATOR_IDS.length) {
    problem(
      'ADMINISTRATOR_IDS',
      'is required when NODE_ENV=production without a routing file: name who sets the bot up in Teams (Entra object ids, comma-separated)',
    );
  }
}

/**
 * Reads the pay table and routing files the environment names (a ConfigError if either is
 * bad). Outside production the examples (the Agents Playground's people and channel) are
 * the defaults, so a fresh clone runs with nothing set.
 */
export function routingSettings(env: RoutingEnv & { NODE_ENV: NodeEnv }): RoutingSettings {
  const local = env.NODE_ENV !== 'production';
  const routingPath = env.ROUTING_CONFIG_PATH ?? (local ? 'config/routing.example.json' : undefined);
  const decisionsChannelId = env.DECISIONS_CHANNEL_ID ?? (local ? PLAYGROUND_CHANNEL_ID : undefined);
  return {
    payTable: loadJson('PAY_TABLE_PATH', env.PAY_TABLE_PATH, PayTableSchema),
    ...(routingPath ? { routing: loadJson('ROUTING_CONFIG_PATH', routingPath, RoutingConfigSchema) } : {}),
    keyDecisionThresholdPence: env.KEY_DECISION_THRESHOLD_POUNDS * 100,
    ...(decisionsChannelId ? { decisionsChannelId } : {}),
    administratorIds: env.ADMINISTRATOR_IDS,
    closureDays: env.CLOSURE_DAYS,
  };
}
