import { z } from 'zod';
import template from './approval.card.json';
import { defineCard } from './render';

/**
 * The card reviewers and decision makers act on, and everyone else reads. Buttons are
 * only a convenience: each click is checked on the server against the stored request.
 * The actions carry the reference and the version the card showed, nothing more.
 */
export const ApprovalCardData = z.object({
  reference: z.string(),
  version: z.number().int().nonnegative(),
  title: z.string(),
  subtitle: z.string(),
  statusLabel: z.string(),
  statusColor: z.enum(['Good', 'Warning', 'Attention', 'Accent', 'Default']),
  banner: z.string(),
  lines: z.array(z.object({ number: z.string(), description: z.string(), costs: z.string() })),
  costs: z.array(z.object({ label: z.string(), amount: z.string() })),
  fundingStatus: z.string(),
  fundingStatusColor: z.enum(['Good', 'Warning', 'Attention', 'Default']),
  sections: z.array(z.object({ label: z.string(), text: z.string() })),
  comments: z.array(z.object({ label: z.string(), text: z.string() })),
  history: z.string(),
  inputLabel: z.string(),
  actions: z.array(z.object({ title: z.string(), verb: z.string(), style: z.enum(['default', 'positive', 'destructive']) })),
  /** Who gets a personal view on opening the card (Teams allows at most 60). */
  refreshUserIds: z.array(z.string()).max(60),
});

export type ApprovalCardData = z.infer<typeof ApprovalCardData>;

export const approvalCard = defineCard('approval', template, ApprovalCardData);
