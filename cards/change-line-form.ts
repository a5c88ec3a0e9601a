import { z } from 'zod';
import template from './change-line-form.card.json';
import { cardVersion } from './action-data';
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
  /** The draft's revision when the form was shown: a form older than the draft saves nothing. */
  version: z.number().int().nonnegative(),
  /** The change the form replaces (its index), or `new` for a change to add. */
  lineIndex: tokenField(/^(\d{1,4}|new)$/),
});

export type ChangeLineFormData = z.infer<typeof ChangeLineFormData>;

export const changeLineFormCard = defineCard('change-line-form', template, ChangeLineFormData);

/** What the form's button sends (Action.Execute gathers the inputs into its data); nothing else is accepted. */
export const ChangeLineFormAction = z.strictObject({
  draft: z.string().max(100),
  version: cardVersion,
  line: z.string().regex(/^(\d{1,4}|new)$/),
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
export type ChangeLineFormAction = z.infer<typeof ChangeLineFormAction>;
