import { z } from 'zod';
import { plainText } from '../../cards/render';
import { formatDateTime } from '../../domain/format-date';
import { STATUS_LABELS, STATUSES } from '../../domain/lifecycle';

const Name = z.object({ name: z.string() }).passthrough();
const Transition = z.object({
  action: z.string(),
  actor: Name,
  onBehalfOf: Name.optional(),
  at: z.string(),
  fromStatus: z.enum(STATUSES),
  toStatus: z.enum(STATUSES),
  reason: z.string().optional(),
});
const Refusal = z.object({ refused: z.string(), action: z.string(), actor: Name, at: z.string() });

const ACTIONS: Record<string, string> = {
  submit: 'submitted it',
  start_review: 'sent it for review',
  withdraw: 'withdrew it',
  add_comment: 'added a formal comment',
  return_for_changes: 'returned it for changes',
  resubmit: 'resubmitted it',
  approve: 'approved it',
  reject: 'rejected it',
  record_committee_resolution: "recorded the committee's resolution",
  declare_interest: 'declared a prejudicial interest and stood aside: the alternate decides',
  record_forward_plan_exception: 'recorded a forward plan exception',
  publish: 'published the decision',
  call_in: 'asked for it to be called in',
  end_call_in_period: 'closed the call-in period',
  release: 'released it from call-in',
  refer_back: 'referred it back to the decision maker',
  refer_to_council: 'referred it to full Council',
};

/**
 * The audit trail as chat text, oldest first: who did what, when, from and to which state.
 * The message is markdown, so names and reasons are neutralised as cards do (plainText).
 */
export function formatHistory(reference: string, entries: readonly unknown[]): string {
  const lines = entries.map((raw) => {
    const t = Transition.safeParse(raw);
    if (t.success) {
      const e = t.data;
      const who = e.onBehalfOf ? `${plainText(e.actor.name, 200)} (on behalf of ${plainText(e.onBehalfOf.name, 200)})` : plainText(e.actor.name, 200);
      const reason = e.reason ? `: "${plainText(e.reason, 300)}"` : '';
      return `- ${formatDateTime(e.at)} — **${who}** ${ACTIONS[e.action] ?? e.action} (${STATUS_LABELS[e.fromStatus]} → ${STATUS_LABELS[e.toStatus]})${reason}`;
    }
    const r = Refusal.safeParse(raw);
    if (r.success)
      return `- ${formatDateTime(r.data.at)} — ${plainText(r.data.actor.name, 200) || 'someone'} tried to ${r.data.action.replace(/_/g, ' ')} and was refused (${r.data.refused.toLowerCase().replace(/_/g, ' ')})`;
    return '- (an entry this version cannot read)';
  });
  return `History of ${reference}:\n\n${lines.join('\n') || '- nothing yet'}`;
}
