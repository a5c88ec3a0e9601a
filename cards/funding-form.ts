import { z } from 'zod';
import template from './funding-form.card.json';
import { cardVersion } from './action-data';
import { defineCard, inputField, tokenField, TOKENS } from './render';

/** The form's inputs keep what was typed (cut to the submission's limits); the rest is escaped text. */
export const FundingFormData = z.object({
  heading: z.string(),
  hint: z.string(),
  error: z.string(),
  kind: inputField(40),
  description: inputField(200),
  amount: inputField(40),
  draftKey: tokenField(TOKENS.draftKey),
  /** The draft's revision when the form was shown: a form older than the draft saves nothing. */
  version: z.number().int().nonnegative(),
});

export type FundingFormData = z.infer<typeof FundingFormData>;

export const fundingFormCard = defineCard('funding-form', template, FundingFormData);

/** What the form's button sends (Action.Execute gathers the inputs into its data); nothing else is accepted. */
export const FundingFormAction = z.strictObject({
  draft: z.string().max(100),
  version: cardVersion,
  kind: z.string().max(40).optional(),
  description: z.string().max(200).optional(),
  amount: z.string().max(40).optional(),
});
export type FundingFormAction = z.infer<typeof FundingFormAction>;
