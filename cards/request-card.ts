import { z } from 'zod';
import template from './request-card.card.json';
import { defineCard } from './render';

const Fact = z.object({ label: z.string(), value: z.string() });
const Amount = z.object({ label: z.string(), amount: z.string() });
const Inputs = z.object({
  commentText: z.string().default(''),
  returnReason: z.string().default(''),
  approveReasons: z.string().default(''),
  rejectReasons: z.string().default(''),
  committeeResolution: z.string().default(''),
  committeeMinute: z.string().default(''),
  callInGrounds: z.string().default(''),
  referBackReason: z.string().default(''),
  referToCouncilReason: z.string().default(''),
});

/**
 * A submitted request as one person sees it: the whole request, costs and comments, and
 * the buttons *that person* may use now. Buttons carry only the reference and the version
 * shown; who may act is decided on the server from the click's sender.
 */
export const RequestCardData = z.object({
  reference: z.string(),
  version: z.number().int().min(1),
  title: z.string(),
  subtitle: z.string(),
  statusLabel: z.string(),
  statusColor: z.enum(['Default', 'Accent', 'Good', 'Warning', 'Attention']),
  banner: z.object({ text: z.string(), style: z.enum(['good', 'attention', 'warning', 'accent', 'emphasis']) }).nullable(),
  facts: z.array(Fact),
  lines: z.array(z.object({ number: z.string(), description: z.string(), costs: z.string() })),
  costs: z.array(Amount),
  funding: z.array(Amount),
  fundingStatus: z.string(),
  fundingStatusColor: z.enum(['Good', 'Warning', 'Attention', 'Default']),
  sections: z.array(Fact.extend({ text: z.string() }).omit({ value: true })),
  reviews: z.array(z.object({ label: z.string(), text: z.string(), pending: z.boolean() })),
  outcome: z.array(z.object({ text: z.string() })),
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
  }),
  inputs: Inputs.default(Inputs.parse({})),
  /** Teams user ids (29:…) whose client fetches their own view; at most 60. */
  refreshUserIds: z.array(z.string()).max(60),
});
export type RequestCardData = z.input<typeof RequestCardData>;
export const CARD_INPUT_IDS = Object.keys(Inputs.shape) as Array<keyof z.infer<typeof Inputs>>;

export const requestCard = defineCard('request-card', template, RequestCardData);
