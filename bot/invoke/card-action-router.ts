import type { Person } from '../../domain/person';
import type { InvokeResponse, TurnContext } from 'botbuilder';
import type { z } from 'zod';
import type { Verb } from '../../cards/verbs';

import type { Logger } from '../logger';
import { CardActionValueSchema, type CardTrigger } from './card-action';
import { errorResponse, type AdaptiveCardInvokeBody } from './invoke-response';

export interface CardActionContext {
  turn: TurnContext;
  sender: Person;
  trigger: CardTrigger;
  log: Logger;
}

/** One handler per verb; its schema is the only way card data reaches it. */
export interface CardActionHandler<T = unknown> {
  verb: Verb;
  data: z.ZodType<T>;
  handle(ctx: CardActionContext, data: T): Promise<InvokeResponse<AdaptiveCardInvokeBody>>;
}

export function cardAction<T>(handler: CardActionHandler<T>): CardActionHandler {
  return handler as CardActionHandler;
}

export class CardActionRouter {
  private readonly handlers = new Map<string, CardActionHandler>();

  constructor(handlers: readonly CardActionHandler[]) {
    for (const h of handlers) {
      if (this.handlers.has(h.verb)) throw new Error(`Two handlers for verb ${h.verb}`);
      this.handlers.set(h.verb, h);
    }
  }

  async dispatch(turn: TurnContext, sender: Person | undefined, log: Logger): Promise<InvokeResponse<AdaptiveCardInvokeBody>> {
    const value = CardActionValueSchema.safeParse(turn.activity.value);
    if (!value.success) {
      log.warn({ event: 'invoke.malformed' }, 'adaptiveCard/action with a malformed value');
      return errorResponse(400, 'BAD_ACTION', 'That action could not be read. Please refresh the card and try again.');
    }
    const { verb, data } = value.data.action;
    // Map.get on an own map, never an object lookup: "__proto__" or "constructor" find nothing.
    const handler = this.handlers.get(verb);
    if (!handler) {
      log.warn({ event: 'invoke.unknown_verb', verb: verb.slice(0, 64) }, 'unknown verb');
      return errorResponse(400, 'UNKNOWN_ACTION', 'This card action is not recognised. The card may be out of date.');
    }
    if (!sender) {
      return errorResponse(401, 'UNKNOWN_SENDER', 'Your identity could not be confirmed, so nothing was changed.');
    }
    const parsed = handler.data.safeParse(data ?? {});
    if (!parsed.success) {
      log.warn({ event: 'invoke.bad_data', verb }, 'card data of the wrong shape');
      return errorResponse(400, 'BAD_ACTION_DATA', 'The card sent something unexpected, so nothing was changed. Please refresh the card.');
    }
    return handler.handle({ turn, sender, trigger: value.data.trigger ?? 'manual', log }, parsed.data);
  }
}
