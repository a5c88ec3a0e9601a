import pino, { type Logger } from 'pino';
import { SERVER_DEFAULTS } from './config';

export type { Logger };

/**
 * Structured JSON logs. Redaction is a backstop: call sites log ids and outcomes, never
 * whole activities, tokens or what people typed.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'establishment-change-bot' },
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'token', '*.token', 'password', '*.password', 'text', '*.text'],
        censor: '[redacted]',
      },
      serializers: { err: serializeError },
    },
    destination,
  );
}

/** Errors are logged by type, code and message only: stack traces stay out of the logs. */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 500) };
  const e = error as Error & { code?: unknown; statusCode?: unknown };
  return { type: e.name, message: e.message.split('\n')[0]!.slice(0, 500), code: e.code, statusCode: e.statusCode };
}

/**
 * A logger for restify's own lines (a formatter failing, a handler's discarded value): by
 * default restify prints them through a pino of its own, with whole requests (headers
 * and all) and errors with their stacks. Here a request is its method and path only.
 */
export function frameworkLogger(log: Logger): Logger {
  return log.child(
    { component: 'restify' },
    {
      serializers: {
        req: (req: { method?: unknown; url?: unknown } | undefined) => ({
          method: String(req?.method ?? ''),
          path: String(req?.url ?? '')
            .split('?')[0]!
            .slice(0, 200),
        }),
        res: (res: { statusCode?: unknown } | undefined) => ({ statusCode: res?.statusCode }),
        err: serializeError,
      },
    },
  );
}

type Level = 'warn' | 'error';

interface Repeats {
  level: Level;
  log: Logger;
  fields: Record<string, unknown>;
  msg: string;
  suppressed: number;
  timer: NodeJS.Timeout;
}

/**
 * Lines a caller can cause at will (refused tokens, bad bodies, a person's flood) are
 * written at most once per kind in each window; the others are counted, and the count
 * is written when the window ends (which starts a new one, so a steady flood writes one
 * line a window). Kinds are fixed strings from the code, never from a request, so this
 * holds a handful of entries.
 */
export class LogThrottle {
  private readonly kinds = new Map<string, Repeats>();

  constructor(private windowMs: number) {}

  /** Takes effect from each kind's next window. */
  setWindow(windowMs: number): void {
    this.windowMs = windowMs;
  }

  warn(log: Logger, kind: string, fields: Record<string, unknown>, msg: string): void {
    this.write('warn', log, kind, fields, msg);
  }

  error(log: Logger, kind: string, fields: Record<string, unknown>, msg: string): void {
    this.write('error', log, kind, fields, msg);
  }

  /** Writes the counts of windows still open (at shutdown). */
  flush(): void {
    for (const kind of [...this.kinds.keys()]) this.close(kind, false);
  }

  private write(level: Level, log: Logger, kind: string, fields: Record<string, unknown>, msg: string): void {
    const open = this.kinds.get(kind);
    if (open) {
      open.suppressed++;
      return;
    }
    log[level](fields, msg);
    this.open(kind, { level, log, fields, msg });
  }

  private open(kind: string, line: Pick<Repeats, 'level' | 'log' | 'fields' | 'msg'>): void {
    const timer = setTimeout(() => this.close(kind, true), this.windowMs);
    timer.unref();
    this.kinds.set(kind, { ...line, suppressed: 0, timer });
  }

  private close(kind: string, reopen: boolean): void {
    const repeats = this.kinds.get(kind);
    if (!repeats) return;
    clearTimeout(repeats.timer);
    this.kinds.delete(kind);
    if (repeats.suppressed === 0) return;
    const { level, log, fields, msg, suppressed } = repeats;
    // The first line's other fields (whose token, which person) need not hold for the rest.
    log[level]({ event: fields.event, kind, repeated: suppressed }, `${msg}: ${suppressed} more like it not written`);
    if (reopen) this.open(kind, repeats);
  }
}

/** One per process: the window is set from the configuration at start-up (bot/start.ts). */
export const throttle = new LogThrottle(SERVER_DEFAULTS.logRepeatMs);
