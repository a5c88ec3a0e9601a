import { z } from 'zod';
import template from './funding-form.card.json';
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
});

export type FundingFormData = z.infer<typeof FundingFormData>;

export const fundingFormCard = defineCard('funding-form', template, FundingFormData);

export const FundingFormSubmission = z.object({
  action: z.literal('funding.form'),
  draft: z.string().max(200),
  kind: z.string().max(40).optional(),
  description: z.string().max(200).optional(),
  amount: z.string().max(40).optional(),
});
