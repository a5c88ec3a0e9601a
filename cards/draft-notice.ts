import { z } from 'zod';
import template from './draft-notice.card.json';
import { defineCard, markdownText } from './render';

/**
 * What a card about a draft becomes once it can no longer be acted on: superseded by a
 * newer summary, submitted, discarded, or a form already used. No buttons, no inputs.
 */
export const DraftNoticeData = z.object({
  title: z.string().max(200),
  statusLabel: z.string().max(60),
  statusColor: z.enum(['Good', 'Accent', 'Attention', 'Default']),
  /** Written by the bot (md`…`), naming a command in bold. */
  text: markdownText,
});

export type DraftNoticeData = z.infer<typeof DraftNoticeData>;

export const draftNoticeCard = defineCard('draft-notice', template, DraftNoticeData);
