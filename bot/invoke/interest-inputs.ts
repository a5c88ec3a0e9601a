import { barsDecision, NO_INTEREST, type Interest } from '../../domain/interest';
import type { Command } from '../../domain/lifecycle';

/** The decision card's declaration of interests, as its inputs send it (parsed by workflow-actions.ts). */
export interface InterestInputs {
  version: number;
  decisionInterest?: 'none' | 'declared' | 'prejudicial' | '';
  interestNature?: string;
  interestDispensation?: string;
}

/** The declaration of interests the card's form gives, if one was chosen. */
export function declared(d: InterestInputs): { interest?: Interest } {
  if (d.decisionInterest === 'none') return { interest: NO_INTEREST };
  if (d.decisionInterest !== 'declared' && d.decisionInterest !== 'prejudicial') return {};
  const dispensation = d.interestDispensation?.trim();
  return {
    interest: {
      kind: 'declared',
      nature: d.interestNature?.trim() ?? '',
      prejudicial: d.decisionInterest === 'prejudicial',
      ...(dispensation ? { dispensation } : {}),
    },
  };
}

/** A prejudicial interest without a dispensation: whichever button was clicked, the decision maker stands aside. */
export function standAside(d: InterestInputs): Command | undefined {
  const { interest } = declared(d);
  return interest && barsDecision(interest) && interest.kind === 'declared'
    ? { type: 'declare_interest', expectedVersion: d.version, nature: interest.nature }
    : undefined;
}
