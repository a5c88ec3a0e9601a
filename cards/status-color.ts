import type { Status } from '../domain/lifecycle';

/** Adaptive Card text colours a status may take. */
export const STATUS_COLORS = ['Default', 'Accent', 'Good', 'Warning', 'Attention'] as const;
export type StatusColor = (typeof STATUS_COLORS)[number];

/**
 * One colour per status for every card, so the request card and the channel post never
 * disagree: under way in Accent, waiting on the officer or suspended in Warning, settled
 * in Good or Attention.
 */
const STATUS_COLOR: Record<Status, StatusColor> = {
  draft: 'Default',
  submitted: 'Accent',
  in_review: 'Accent',
  awaiting_decision: 'Accent',
  approved: 'Good',
  rejected: 'Attention',
  returned: 'Warning',
  withdrawn: 'Attention',
  published: 'Accent',
  called_in: 'Warning',
  implementable: 'Good',
  referred_to_council: 'Warning',
};

export function statusColor(status: Status): StatusColor {
  return STATUS_COLOR[status];
}
