import { z } from 'zod';
import { formatLongDate, type CalendarDate } from './calendar-date';
import { earliestLawfulDate } from './forward-plan';
import {
  decider,
  DISCIPLINES,
  isSamePerson,
  PersonSchema,
  STATUS_LABELS,
  type AuditEntry,
  type Person,
  type WorkflowEvent,
  type WorkflowState,
} from './lifecycle';

/**
 * What a transition obliges the bot to do afterwards. Stored as outbox rows in the same
 * table transaction as the change itself and carried out by the dispatcher, so a crash
 * between the two neither loses a message nor sends it twice.
 */
export const NotificationSchema = z.discriminatedUnion('kind', [
  /** The request's card, rendered for this person, in their 1:1 chat (and their deputy's). */
  z.object({ kind: z.literal('card'), to: PersonSchema }),
  /** A short message in a person's 1:1 chat. */
  z.object({ kind: z.literal('tell'), to: PersonSchema, text: z.string().max(4000) }),
  /** Every card already posted for this request is updated in place for everyone. */
  z.object({ kind: z.literal('update_cards') }),
  /** A command the bot itself gives next (start review, publish), run as its own transition. */
  z.object({ kind: z.literal('system'), command: z.enum(['start_review', 'publish']) }),
  /** The decisions channel: the first post of a published decision, or an update of it. */
  z.object({ kind: z.literal('channel_post') }),
  z.object({ kind: z.literal('channel_update'), reply: z.string().max(1000).optional() }),
  /** A key decision's notice on the forward plan, posted once in the decisions channel: its public facts only. */
  z.object({ kind: z.literal('channel_notice'), text: z.string().max(1000) }),
]);
export type Notification = z.infer<typeof NotificationSchema>;

const DISCIPLINE_LABELS = { finance: 'Finance', hr: 'HR', legal: 'Legal' } as const;

/** How much of what someone typed a message quotes: a reason may be 4,000 characters, and the message around it must fit too. */
const QUOTED_MAX = 3000;

/**
 * What someone typed (a reason, a minute), quoted in a message: ended as a sentence, and
 * cut short when too long for the message to fit its 4,000 characters: a longer message
 * made an outbox row the drain could not read, so the requester was never told.
 */
function quote(text: string): string {
  const t = text.trim();
  if (t.length > QUOTED_MAX) return `${t.slice(0, QUOTED_MAX).trimEnd()}… (cut short).`;
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/**
 * The notifications for one accepted transition. `hr` is told when a decision becomes
 * implementable, so recruitment can start.
 */
export function notificationsFor(
  reference: string,
  state: WorkflowState,
  audit: AuditEntry,
  events: readonly WorkflowEvent[],
  people: { scrutinyOfficer?: Person } = {},
): Notification[] {
  const out: Notification[] = [];
  const requester = state.requester;
  const tell = (to: Person | undefined, text: string) => {
    if (to) out.push({ kind: 'tell', to, text });
  };
  const who = audit.onBehalfOf ? `${audit.actor.name} (on behalf of ${audit.onBehalfOf.name})` : audit.actor.name;
  for (const event of events) {
    switch (event.type) {
      case 'review_requested':
        for (const to of event.to) out.push({ kind: 'card', to });
        break;
      case 'decision_requested':
        out.push({ kind: 'card', to: event.to });
        break;
      case 'comment_added': {
        const remaining = DISCIPLINES.filter((d) => !state.reviews[d]).map((d) => DISCIPLINE_LABELS[d]);
        tell(
          requester,
          `${DISCIPLINE_LABELS[event.discipline]} comment on ${reference} added by ${who}.${remaining.length ? ` Still to comment: ${remaining.join(', ')}.` : ' All comments are in: it has gone to the decision maker.'}`,
        );
        break;
      }
      case 'requester_notified':
        tell(
          requester,
          `${reference}: ${quote(event.message)}${state.status === 'returned' ? ` Type **revise ${reference}** to change it and resubmit.` : ''}`,
        );
        break;
      case 'decision_recorded':
        if (event.outcome === 'approved')
          tell(
            requester,
            `${reference} was approved by ${who}.${state.openToCallIn ? ' It will now be published; it is open to call-in before it can be implemented.' : ''}`,
          );
        break;
      case 'publish_requested':
        out.push({ kind: 'system', command: 'publish' });
        break;
      case 'decision_published':
        out.push({ kind: 'channel_post' });
        if (state.publication?.deadline) {
          tell(
            requester,
            `${reference} was published on ${formatLongDate(state.publication.publishedOn as CalendarDate)}. The call-in period ends on ${formatLongDate(state.publication.deadline as CalendarDate)}; it can be implemented from ${formatLongDate(state.publication.implementableFrom as CalendarDate)} unless it is called in.`,
          );
        }
        break;
      case 'call_in_recorded':
        if (event.count < event.needed) out.push({ kind: 'channel_update', reply: `A call-in request was made (${event.count} of ${event.needed} needed).` });
        break;
      case 'decision_called_in':
        out.push({ kind: 'channel_update', reply: 'This decision has been called in by scrutiny and is suspended.' });
        tell(requester, `${reference} has been called in by scrutiny: it cannot be implemented until scrutiny decides.`);
        tell(decider(state), `Your decision on ${reference} has been called in by scrutiny.`);
        // The scrutiny officer records the outcome from their own card.
        if (people.scrutinyOfficer) out.push({ kind: 'card', to: people.scrutinyOfficer });
        break;
      case 'decision_implementable':
        out.push({ kind: 'channel_update', reply: `${STATUS_LABELS.implementable}.` });
        tell(requester, `${reference} can now be implemented: you can proceed to recruitment.`);
        if (state.approvers && !isSamePerson(state.approvers.hr, requester))
          tell(state.approvers.hr, `${reference} can now be implemented: recruitment can proceed.`);
        break;
      case 'referred_to_council':
        out.push({ kind: 'channel_update', reply: 'Scrutiny has referred this decision to full Council.' });
        tell(requester, `${reference} has been referred to full Council by scrutiny${audit.reason?.trim() ? `: ${quote(audit.reason)}` : '.'}`);
        break;
      case 'notice_published': {
        const plan = state.forwardPlan;
        if (event.to && !isSamePerson(event.to, requester)) out.push({ kind: 'card', to: event.to });
        if (plan) {
          const n = plan.notice;
          out.push({
            kind: 'channel_notice',
            text: `Forward plan: notice of a key decision. ${reference}: ${n.matter.slice(0, 300)}. Decision maker: ${n.decisionMaker.slice(0, 300)}. To be decided on or after ${formatLongDate(earliestLawfulDate(plan))}.`,
          });
          tell(
            requester,
            `${reference} is a key decision: its notice is on the forward plan from ${formatLongDate(plan.notice.publishedOn as CalendarDate)}, so it can be decided from ${formatLongDate(earliestLawfulDate(plan))} unless democratic services record an exception.`,
          );
        }
        break;
      }
      case 'request_withdrawn':
      case 'request_submitted':
        break;
    }
  }
  if (audit.action === 'submit' || audit.action === 'resubmit') out.push({ kind: 'system', command: 'start_review' });
  if (audit.action === 'refer_back') {
    out.push({ kind: 'channel_update', reply: 'Scrutiny has referred this decision back to the decision maker to reconsider.' });
    tell(requester, `${reference} has been referred back to the decision maker by scrutiny${audit.reason?.trim() ? `: ${quote(audit.reason)}` : '.'}`);
  }
  // Every card already posted shows the new state (who did what, when).
  if (audit.action !== 'submit') out.push({ kind: 'update_cards' });
  return out;
}
