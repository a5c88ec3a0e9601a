import { randomUUID } from 'node:crypto';
import type { Middleware, TurnContext } from 'botbuilder';
import { activityTenantId } from './actor';
import { errorResponse } from './invoke/invoke-response';
import { throttle, type Logger } from './logger';
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
      throttle.warn(log, 'tenant.refused', { event: 'tenant.refused', tenantId: tenantId ?? null, activityType: context.activity.type }, 'activity from a tenant not on the allow-list ignored');
      if (context.activity.type === 'invoke') {
        await context.sendActivity({ type: 'invokeResponse', value: errorResponse(403, 'TENANT_NOT_ALLOWED', 'This bot is not available to your organisation.') });
      }
    },
  };
}
