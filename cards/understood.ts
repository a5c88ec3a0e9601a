import { z } from 'zod';
import template from './understood.card.json';
import { cardVersion } from './action-data';
import { defineCard, tokenField, TOKENS } from './render';

/** One field as read: its label, the value recorded, and the officer's words it came from (quoted by the caller). */
const Field = z.object({ label: z.string().max(60), value: z.string().max(200), source: z.string().max(300) });

/**
 * Quick entry's "I understood" answer: each change (or funding source) it recorded, field by
 * field beside the officer's own words, what it will still ask, and a button per change that
 * opens the change form for it. Buttons carry the draft key and the revision shown.
 */
export const UnderstoodCardData = z.object({
  heading: z.string(),
  changes: z.array(
    z.object({
      /** As the officer counts them (1, 2, …). */
      number: tokenField(/^\d{1,4}$/),
      /** Its index in the draft's changes: what the fix button opens. */
      line: tokenField(/^\d{1,4}$/),
      heading: z.string().max(400),
      fields: z.array(Field),
      toAsk: z.string(),
      notes: z.string(),
      remarks: z.string(),
    }),
  ),
  funding: z.array(z.object({ fields: z.array(Field) })),
  footer: z.string(),
  draftKey: tokenField(TOKENS.draftKey),
  version: z.number().int().nonnegative(),
});

export type UnderstoodCardData = z.infer<typeof UnderstoodCardData>;

export const understoodCard = defineCard('understood', template, UnderstoodCardData);

/** What a fix button sends: the draft, the revision the card showed, and which change. */
export const FixLineAction = z.strictObject({ draft: z.string().max(100), version: cardVersion, line: z.string().regex(/^\d{1,4}$/) });
