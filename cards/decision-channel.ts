import { STATUS_COLORS, statusColor } from './status-color';
import { z } from 'zod';
import { PublicDecisionSummarySchema, type PublicDecisionSummary } from '../domain/public-summary';
import template from './decision-channel.card.json';
import { defineCard, tokenField, TOKENS, type AdaptiveCard } from './render';

/**
 * The decision as posted in the decisions channel, where everyone in the team can read
 * it. Its data is the public summary (an allow-list built in domain/public-summary.ts)
 * and nothing of the request itself; scrutiny members listed in `refreshUserIds` get a
 * per-user view with the "Call in" button, which the server checks again on every click.
 */
/** Teams shows a refreshed view to at most 60 users, named by their Teams user ids (29:…). */
export const MAX_REFRESH_USERS = 60;

export const DecisionChannelCardData = PublicDecisionSummarySchema.extend({
  // Also sent back in Action.Execute data: the system's references only (ECR-2026-0001).
  reference: tokenField(TOKENS.reference),
  canCallIn: z.boolean(),
  refreshUserIds: z.array(tokenField(TOKENS.teamsUserId)).max(MAX_REFRESH_USERS),
  version: z.number().int().min(1),
  statusColor: z.enum(STATUS_COLORS),
});
export type DecisionChannelCardData = z.infer<typeof DecisionChannelCardData>;

export const decisionChannelCard = defineCard('decision-channel', template, DecisionChannelCardData);

export interface DecisionChannelOptions {
  /** The viewer may call the decision in now (from the core's availableActions); only honoured while published. */
  canCallIn: boolean;
  /** Who gets a per-user refresh (scrutiny members): empty for the card everyone sees. */
  refreshUserIds: string[];
  /** The workflow version the card shows, echoed back by its buttons. */
  version: number;
}

/** Renders the channel card from a public summary; typed text is neutralised (by defineCard), never interpreted. */
export function renderDecisionChannelCard(summary: PublicDecisionSummary, options: DecisionChannelOptions): AdaptiveCard {
  const safe = PublicDecisionSummarySchema.parse(summary);
  const data: DecisionChannelCardData = {
    ...safe,
    canCallIn: options.canCallIn && safe.status === 'published' && safe.openToCallIn,
    refreshUserIds: options.refreshUserIds,
    version: options.version,
    statusColor: statusColor(safe.status),
  };
  return decisionChannelCard.render(data);
}
