import { z } from 'zod';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date';
import { PayTableSchema, type PayTable } from '../../domain/pay-table';
import { RoutingConfigSchema, type RoutingConfig } from '../../domain/routing';
import { emptyToUndefined, type NodeEnv, type Problem } from './env-values';
import { loadJson } from './json-file';

/** The council's own facts: who signs off, the pay table, the decisions channel, its closure days. */
export interface RoutingSettings {
  payTable: PayTable;
  routing: RoutingConfig;
  keyDecisionThresholdPence: number;
  /** The channel that receives published decisions. */
  decisionsChannelId: string;
  /** Bank holidays are shipped; these are the council's extra closure days. */
  closureDays: CalendarDate[];
}

/** The Agents Playground's *Decisions* channel: the default for local use, refused in production. */
const PLAYGROUND_CHANNEL_ID = '19:decisions@thread.tacv2';

export const RoutingEnvSchema = z.object({
  PAY_TABLE_PATH: z.preprocess(emptyToUndefined, z.string().default('config/pay-table.example.json')),
  ROUTING_CONFIG_PATH: z.preprocess(emptyToUndefined, z.string().default('config/routing.example.json')),
  DECISIONS_CHANNEL_ID: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .max(500)
      .regex(/^19:[^/\\#?\s]+$/, 'DECISIONS_CHANNEL_ID must be a Teams channel id such as 19:abc@thread.tacv2')
      .default(PLAYGROUND_CHANNEL_ID),
  ),
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
  if (/(^|[/\\])routing\.example\.json$/.test(env.ROUTING_CONFIG_PATH)) {
    problem('ROUTING_CONFIG_PATH', "is the example routing, whose people exist only in the Agents Playground: point it at your council's routing file");
  }
}

/** Reads the pay table and routing files the environment names (a ConfigError if either is bad). */
export function routingSettings(env: RoutingEnv): RoutingSettings {
  return {
    payTable: loadJson('PAY_TABLE_PATH', env.PAY_TABLE_PATH, PayTableSchema),
    routing: loadJson('ROUTING_CONFIG_PATH', env.ROUTING_CONFIG_PATH, RoutingConfigSchema),
    keyDecisionThresholdPence: env.KEY_DECISION_THRESHOLD_POUNDS * 100,
    decisionsChannelId: env.DECISIONS_CHANNEL_ID,
    closureDays: env.CLOSURE_DAYS,
  };
}
