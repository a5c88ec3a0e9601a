import { z } from 'zod';

/**
 * The shape of an `adaptiveCard/action` invoke's `value`, checked before anything is
 * dispatched: botbuilder's own helper answers 501 to a `{}` value.
 * Keys such as `__proto__` survive JSON.parse as own properties; the handler schemas are
 * strict objects, so they are refused there rather than merged anywhere.
 */
export const CardActionValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(64),
    data: z.unknown().optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
});

export type CardTrigger = 'manual' | 'automatic';
