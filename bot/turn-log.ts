import type { TurnContext } from 'botbuilder';
import type { Logger } from './logger';

const LOG_KEY = Symbol('turnLog');

/** The per-activity logger (with its correlation id) set by the correlation middleware. */
export function turnLog(context: TurnContext): Logger | undefined {
  return context.turnState.get(LOG_KEY) as Logger | undefined;
}

export function setTurnLog(context: TurnContext, log: Logger, correlationId: string): void {
  context.turnState.set(LOG_KEY, log);
  context.turnState.set('correlationId', correlationId);
}
