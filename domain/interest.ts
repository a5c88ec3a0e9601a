import { z } from 'zod';

/**
 * What the decision maker declares when approving or rejecting (Openness of Local
 * Government Bodies Regulations 2014, reg. 7(2)(c)): no interest, or an interest, its
 * nature, whether it is prejudicial, and any dispensation granted. A prejudicial interest
 * without a dispensation means they may not take the decision: it goes to the alternate.
 */
export const InterestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('declared'),
    nature: z.string().trim().min(1).max(1000),
    prejudicial: z.boolean(),
    /** Who granted a dispensation, when and to what extent, as the decision maker records it. */
    dispensation: z.string().trim().min(1).max(1000).optional(),
  }),
]);
export type Interest = z.infer<typeof InterestSchema>;

export const NO_INTEREST: Interest = { kind: 'none' };

/** Whether the declaration stops its maker taking the decision. */
export function barsDecision(interest: Interest): boolean {
  return interest.kind === 'declared' && interest.prejudicial && !interest.dispensation;
}

/** The declaration as the record of decision states it. */
export function interestText(interest: Interest | undefined): string {
  if (!interest) return 'Not recorded (decided before declarations were recorded).';
  if (interest.kind === 'none') return 'No interest declared.';
  const kind = interest.prejudicial ? 'A prejudicial interest' : 'An interest';
  return `${kind} declared: ${interest.nature}${interest.dispensation ? ` Dispensation: ${interest.dispensation}` : ' No dispensation.'}`;
}
