import { z } from 'zod';
import template from './funding-form.card.json';
import { defineCard } from './render';

export const FundingFormData = z.object({
  heading: z.string(),
  hint: z.string(),
  error: z.string(),
  kind: z.string(),
  description: z.string(),
  amount: z.string(),
  draftKey: z.string(),
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
