import { z } from 'zod';
import template from './reassign.card.json';
import { defineCard, TOKENS, tokenField } from './render';

/**
 * An administrator's card for moving a review or the decision, not yet done, to someone
 * else. It shows who holds each part, never the request's content.
 */
export const ReassignData = z.object({
  reference: tokenField(TOKENS.reference),
  version: z.number().int().min(1),
  title: z.string().max(200),
  notice: z.string().max(600),
  noticeStyle: z.enum(['good', 'attention', 'default']),
  holders: z.array(z.object({ title: z.string().max(60), value: z.string().max(200) })).max(6),
  parts: z.array(z.object({ title: z.string().max(100), value: tokenField(/^(finance|hr|legal|decision)$/) })).max(4),
  people: z.array(z.object({ name: z.string().max(120), id: tokenField(/^[0-9a-fA-F-]{36}$/) })).max(200),
});
export type ReassignData = z.infer<typeof ReassignData>;

export const reassignCard = defineCard('reassign', template, ReassignData);
