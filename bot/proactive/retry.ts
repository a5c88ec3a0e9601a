/**
 * Retries a Teams connector call the way Teams asks: 429, 412, 502 and 504 with
 * exponential backoff and full jitter, honouring Retry-After; never 403 (the bot was
 * removed or blocked: retrying cannot help and counts against the bot). A connection
 * that failed before any answer (reset, refused, timed out) is retried the same way.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 429, 502, 504]);

const NETWORK_ERRORS: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ESOCKETTIMEDOUT',
  'REQUEST_SEND_ERROR',
]);

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && NETWORK_ERRORS.has(code);
}

export interface RetryOptions {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out here: the caller reschedules. */
  maxRetryAfterMs: number;
  /**
   * An attempt Teams has not answered in this long is abandoned as a network failure and
   * retried (it may have arrived: a rare duplicate beats a notification stuck for ever).
   */
  attemptTimeoutMs: number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 16_000,
  maxRetryAfterMs: 30_000,
  attemptTimeoutMs: 30_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

/**
 * Why a person cannot be reached yet: the app is not installed for them (and could not be
 * installed), Teams refused (blocked or removed), or the bot knows no Teams service to ask.
 */
export type UnreachableWhy = 'not_installed' | 'refused' | 'no_route';

/** The target can no longer be reached (403, or no stored conversation). */
export class UnreachableError extends Error {
  readonly code = 'UNREACHABLE';
  constructor(
    message: string,
    readonly statusCode?: number,
    readonly why: UnreachableWhy = 'refused',
  ) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** Try again later, not now: the service asked for a wait longer than we will block for. */
export class RetryLaterError extends Error {
  readonly code = 'RETRY_LATER';
  constructor(
    readonly notBeforeMs: number,
    readonly statusCode?: number,
  ) {
    super(`Retry after ${new Date(notBeforeMs).toISOString()}`);
    this.name = 'RetryLaterError';
  }
}

export function statusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } };
  for (const candidate of [e.statusCode, e.status, e.response?.status]) {
    if (typeof candidate === 'number') return candidate;
  }
  return undefined;
}

/** Retry-After in milliseconds, from seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  const headers = (error as { response?: { headers?: unknown } } | undefined)?.response?.headers;
  let raw: unknown;
  if (headers && typeof (headers as { get?: unknown }).get === 'function') {
    raw = (headers as { get(name: string): unknown }).get('retry-after');
  } else if (headers && typeof headers === 'object') {
    const h = headers as Record<string, unknown>;
    raw = h['retry-after'] ?? h['Retry-After'];
  }
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(String(raw));
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

export async function withRetry<T>(operation: () => Promise<T>, options: Partial<RetryOptions> = {}): Promise<T> {
  const o = { ...DEFAULT_RETRY, ...options };
  for (let attempt = 1; ; attempt++) {
    try {
      return await withinTime(operation(), o.attemptTimeoutMs);
    } catch (error) {
      const status = statusOf(error);
      if (status === 403) throw new UnreachableError('Teams refused the message (403): the bot was removed, blocked or disabled.', 403);
      if (status === undefined ? !isNetworkError(error) : !RETRYABLE_STATUSES.has(status)) throw error;
      const asked = retryAfterMs(error, o.now());
      if (asked !== undefined && asked > o.maxRetryAfterMs) throw new RetryLaterError(o.now() + asked, status);
      if (attempt >= o.maxAttempts) {
        throw new RetryLaterError(o.now() + (asked ?? o.maxDelayMs), status);
      }
      const backoff = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** (attempt - 1));
      await o.sleep(Math.max(asked ?? 0, Math.floor(o.random() * backoff)));
    }
  }
}

function withinTime<T>(attempt: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`Teams did not answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([attempt, timeout]).finally(() => clearTimeout(timer));
}
