import { STATUS_COLORS } from './status-color';
import { z } from 'zod';
import template from './request-card.card.json';
import { defineCard, inputField, markdownText, tokenField, TOKENS } from './render';

const Fact = z.object({ label: z.string(), value: z.string() });
const Amount = z.object({ label: z.string(), amount: z.string() });
/** What the viewer typed, put back into the inputs (each takes up to 4,000 characters). */
const typed = () => inputField(4000).default('');
const Inputs = z.object({
  commentText: typed(),
  returnReason: typed(),
  approveReasons: typed(),
  rejectReasons: typed(),
  committeeResolution: typed(),
  committeeMinute: typed(),
  callInGrounds: typed(),
  referBackReason: typed(),
  referToCouncilReason: typed(),
  decisionInterest: typed(),
  interestNature: typed(),
  interestDispensation: typed(),
  exceptionRoute: typed(),
  exceptionReasons: typed(),
  exceptionChair: typed(),
});

/**
 * A submitted request as one person sees it: the whole request, costs and comments, and
 * the buttons *that person* may use now. Buttons carry only the reference and the version
 * shown; who may act is decided on the server from the click's sender. Every string is
 * escaped by defineCard; only `md` markdown (reviews and outcomes) is bound as written.
 */
export const RequestCardData = z.object({
  reference: tokenField(TOKENS.reference),
  version: z.number().int().min(1),
  title: z.string(),
  subtitle: z.string(),
  statusLabel: z.string(),
  statusColor: z.enum(STATUS_COLORS),
  banner: z.object({ text: z.string(), style: z.enum(['good', 'attention', 'warning', 'accent', 'emphasis']) }).nullable(),
  /** What the viewer last did on the request, and when (domain/last-act.ts); null when nothing. */
  yourPart: z.string().nullable(),
  facts: z.array(Fact),
  lines: z.array(z.object({ number: z.string(), description: z.string(), costs: z.string() })),
  costs: z.array(Amount),
  funding: z.array(Amount),
  fundingStatus: z.string(),
  fundingStatusColor: z.enum(['Good', 'Warning', 'Attention', 'Default']),
  sections: z.array(Fact.extend({ text: z.string() }).omit({ value: true })),
  /** Supporting documents, each opened through the bot's signed-in download link. */
  documents: z
    .array(z.object({ title: z.string().max(210), detail: z.string().max(300), url: tokenField(TOKENS.downloadUrl) }))
    .max(20)
    .default([]),
  reviews: z.array(z.object({ label: z.string(), text: markdownText, pending: z.boolean() })),
  outcome: z.array(z.object({ text: markdownText })),
  commentLabel: z.string(),
  actions: z.object({
    comment: z.boolean(),
    returnForChanges: z.boolean(),
    approve: z.boolean(),
    reject: z.boolean(),
    committee: z.boolean(),
    callIn: z.boolean(),
    release: z.boolean(),
    referBack: z.boolean(),
    referToCouncil: z.boolean(),
    /** The declaration of interests the decision needs (shown with Approve, Reject or the committee's resolution). */
    declareInterest: z.boolean().default(false),
    forwardPlanException: z.boolean().default(false),
  }),
  inputs: Inputs.default(Inputs.parse({})),
  /** Teams user ids (29:…) whose client fetches their own view; at most 60. */
  refreshUserIds: z.array(tokenField(TOKENS.teamsUserId)).max(60),
});
export type RequestCardData = z.input<typeof RequestCardData>;

export const requestCard = defineCard('request-card', template, RequestCardData);
