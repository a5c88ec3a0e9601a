import { z } from 'zod';
import { emptyToUndefined, optionalString, type Problem } from './env-values';

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
  /** Messages (typed text, and the help card's imBack buttons) per person. */
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

/** A whole number of seconds from 1 to `max`. */
const seconds = (defaultMs: number, max: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number()
      .int()
      .min(1)
      .max(max)
      .default(defaultMs / 1000),
  );
/** Per person a minute; 0 turns the limit off. No default here: it depends on local mode (see serverLimits). */
const perMinute = z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(100_000).optional());

/** Where the bot listens, what it logs, and what it allows each caller. */
export const ServerEnvSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).default(3978)),
  HOST: optionalString,
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PUBLIC_BASE_URL: z.preprocess(
    emptyToUndefined,
    z.string().url('PUBLIC_BASE_URL must be the https address the bot is reached at, e.g. https://ecr.example.gov.uk').optional(),
  ),
  SCHEDULE_SCAN_SECONDS: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(3600).default(5)),

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
});
export type ServerEnv = z.infer<typeof ServerEnvSchema>;

export function checkServer(env: ServerEnv, problem: Problem): void {
  if (env.HTTP_HEADERS_TIMEOUT_SECONDS > env.HTTP_REQUEST_TIMEOUT_SECONDS) {
    problem(
      'HTTP_HEADERS_TIMEOUT_SECONDS',
      `must not be longer than HTTP_REQUEST_TIMEOUT_SECONDS (${env.HTTP_REQUEST_TIMEOUT_SECONDS}): the request timeout covers the headers too`,
    );
  }
}

export function serverLimits(env: ServerEnv, localMode: boolean): ServerLimits {
  return {
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
  };
}
