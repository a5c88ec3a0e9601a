import { z } from 'zod';
import template from './request-summary.card.json';
import { defineCard, tokenField, TOKENS } from './render';

const Fact = z.object({ label: z.string(), amount: z.string() });

/**
 * The officer's view of a draft: what the card shows is computed by the caller; the card's
 * buttons (Action.Execute) carry only the draft key and the revision shown (the server owns state).
 */
export const RequestSummaryCardData = z.object({
  title: z.string(),
  subtitle: z.string(),
  statusLabel: z.string(),
  // A line's number is also the "Remove a change" choice's value; "…" stands for the lines not shown.
  lines: z.array(z.object({ number: tokenField(/^(\d{1,4}|…)$/), description: z.string(), costs: z.string() })),
  costs: z.array(Fact),
  funding: z.array(Fact),
  fundingStatus: z.string(),
  fundingStatusColor: z.enum(['Good', 'Warning', 'Attention', 'Default']),
  sections: z.array(z.object({ label: z.string(), text: z.string() })),
  decisionFacts: z.array(z.object({ label: z.string(), value: z.string() })),
  checks: z.array(z.object({ icon: z.string(), message: z.string() })),
  editChoices: z.array(z.object({ title: z.string(), value: tokenField(/^[A-Za-z0-9:_-]{1,60}$/) })),
  draftKey: tokenField(TOKENS.draftKey),
  /** The draft's revision: every button sends it back and is refused unless it is still current. */
  version: z.number().int().nonnegative(),
  editable: z.boolean(),
  canSubmit: z.boolean(),
  discardable: z.boolean(),
  /** Discard was clicked: the card asks "are you sure?" with only yes and no. */
  confirmDiscard: z.boolean(),
  banner: z.object({ text: z.string(), style: z.enum(['good', 'attention', 'warning', 'accent']) }).nullable(),
  /** The officer's Teams user id: Teams refreshes the card when they look at it (superseded, submitted). */
  refreshUserIds: z.array(tokenField(TOKENS.teamsUserId)).max(1),
});

export type RequestSummaryCardData = z.infer<typeof RequestSummaryCardData>;

export const requestSummaryCard = defineCard('request-summary', template, RequestSummaryCardData);
