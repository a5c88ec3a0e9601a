import pino, { type Logger } from 'pino';

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
