import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import { activityTenantId } from './actor';
import { errorResponse } from './invoke/invoke-response';
import { throttle, type Logger } from './logger';
import type { PersonRateLimiter } from './rate-limiter';
import { setTurnLog } from './turn-log';

/** Gives every activity a correlation id and a child logger that carries it. */
export function correlationMiddleware(log: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const correlationId = randomUUID();
      const child = log.child({
        correlationId,
        activityType: context.activity.type,
        activityName: context.activity.name,
        conversationType: context.activity.conversation?.conversationType,
      });
      setTurnLog(context, child, correlationId);
      await next();
    },
  };
}

/**
 * The connector's token vouches for the channel, not the tenant: activities from tenants
 * not on the allow-list are dropped here, before any handler or storage sees them.
 */
export function tenantAllowListMiddleware(allowed: readonly string[], log: Logger): Middleware {
  const allowedSet = new Set(allowed.map((t) => t.toLowerCase()));
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      if (allowedSet.size === 0) return next();
      const tenantId = activityTenantId(context.activity)?.toLowerCase();
      if (tenantId && allowedSet.has(tenantId)) return next();
      // Any tenant's users can reach a multi-tenant bot: one line per window, however many come.
      throttle.warn(
        log,
        'tenant.refused',
        { event: 'tenant.refused', tenantId: tenantId ?? null, activityType: context.activity.type },
        'activity from a tenant not on the allow-list ignored',
      );
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: errorResponse(403, 'TENANT_NOT_ALLOWED', 'This bot is not available to your organisation.'),
        });
      }
    },
  };
}

export const RATE_LIMITED_MESSAGE = "You're sending messages faster than I can take them; wait a moment and try again — nothing you sent after this was kept.";
export const RATE_LIMITED_CLICK = "You're clicking faster than I can take it; wait a moment and try again. Nothing was changed.";

/**
 * A per-person allowance of messages and of invokes (card clicks, refreshes), by Entra
 * object id and tenant. A message over it is dropped: the person is told once, when they
 * first go over, and nothing more until one is let through again. An invoke over it is
 * always answered (Teams shows a click with no answer as a failure), with a 429 error body.
 * Runs after the tenant allow-list, so only the council's people take a place in memory.
 */
export function personRateLimitMiddleware(limiters: { messages: PersonRateLimiter; invokes: PersonRateLimiter }, log: Logger): Middleware {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>) {
      const { type, from } = context.activity;
      const limiter = type === 'message' ? limiters.messages : type === 'invoke' ? limiters.invokes : undefined;
      const who = from?.aadObjectId || from?.id;
      if (!limiter || !who) return next();
      const tenantId = activityTenantId(context.activity) ?? '';
      const admission = limiter.take(`${tenantId.toLowerCase()}\n${who.toLowerCase()}`);
      if (admission === 'admitted') return next();
      throttle.warn(
        log,
        `rate_limit.${type}`,
        { event: 'rate_limit.refused', activityType: type, tenantId, aadObjectId: from?.aadObjectId },
        'a person went over their allowance: activity dropped',
      );
      if (type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: errorResponse(429, 'RATE_LIMITED', RATE_LIMITED_CLICK) });
      } else if (admission === 'refused-first') {
        await context.sendActivity(RATE_LIMITED_MESSAGE);
      }
    },
  };
}
