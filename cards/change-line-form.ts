import { z } from 'zod';
import template from './change-line-form.card.json';
import { defineCard, inputField, tokenField, TOKENS } from './render';

/**
 * A change line as a form: values are the officer's own text, kept when a field is refused
 * (as typed, cut to what the submission accepts); the heading and error are escaped text.
 */
export const ChangeLineFormData = z.object({
  heading: z.string(),
  error: z.string(),
  kind: inputField(40),
  fte: inputField(20),
  jobTitle: inputField(200),
  grade: inputField(80),
  scp: inputField(10),
  cost: inputField(40),
  previousCost: inputField(40),
  term: inputField(80),
  effectiveDate: inputField(40),
  draftKey: tokenField(TOKENS.draftKey),
  lineIndex: tokenField(/^\d{1,4}$/),
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
