import { z } from 'zod';
import template from './change-line-form.card.json';
import { defineCard } from './render';

/** A change line as a form: values are the officer's own text, kept when a field is refused. */
export const ChangeLineFormData = z.object({
  heading: z.string(),
  error: z.string(),
  kind: z.string(),
  fte: z.string(),
  jobTitle: z.string(),
  grade: z.string(),
  scp: z.string(),
  cost: z.string(),
  previousCost: z.string(),
  term: z.string(),
  effectiveDate: z.string(),
  draftKey: z.string(),
  lineIndex: z.string(),
});

export type ChangeLineFormData = z.infer<typeof ChangeLineFormData>;

export const changeLineFormCard = defineCard('change-line-form', template, ChangeLineFormData);

/** What the form sends back (Action.Submit merges the inputs into its data). */
export const ChangeLineFormSubmission = z.object({
  action: z.literal('line.form'),
  draft: z.string().max(200),
  line: z.string().max(4),
  kind: z.string().max(40).optional(),
  fte: z.string().max(20).optional(),
  jobTitle: z.string().max(200).optional(),
  grade: z.string().max(80).optional(),
  scp: z.string().max(10).optional(),
  cost: z.string().max(40).optional(),
  previousCost: z.string().max(40).optional(),
  term: z.string().max(80).optional(),
  effectiveDate: z.string().max(40).optional(),
});
