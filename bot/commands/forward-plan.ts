import type { TurnContext } from 'botbuilder';
import { formatLongDate, type CalendarDate } from '../../domain/calendar-date';
import { ROUTE_LABELS } from '../../domain/forward-plan';
import { isForthcoming } from '../../domain/forward-plan-listing';
import type { RequestService } from '../../app/request-service';
import { activityTenantId } from '../actor';
import type { ChatCommand } from './chat-command';

/** `forward plan`: the council's forthcoming key decisions, public facts only (the notice as published). */
export const forwardPlan: ChatCommand<'forward-plan'> = {
  name: 'forward-plan',
  usage: 'forward plan',
  description: 'The forward plan: forthcoming key decisions, when each was given notice and the earliest date it may be decided',
  words: ['forward plan', 'key decisions'],
  argument: 'none',
  topics: ['forward plan', 'key decision', 'forthcoming', 'notice'],
  midDialogue: 'ask-again',
  run: ({ context, service }) => listForwardPlan(context, service),
};

const long = (d: string) => formatLongDate(d as CalendarDate);

/** The asker's own council's forthcoming key decisions, soonest earliest date first. */
export async function listForwardPlan(context: TurnContext, service: RequestService): Promise<void> {
  // The council the asker belongs to, from the activity Teams sent: never another council's.
  const tenantId = activityTenantId(context.activity);
  const entries = tenantId && service.forwardPlan ? (await service.forwardPlan.list(tenantId)).filter(isForthcoming) : [];
  if (!entries.length) return void (await context.sendActivity('No key decisions are on the forward plan just now.'));
  const lines = entries
    .sort((a, b) => a.earliest.localeCompare(b.earliest) || a.reference.localeCompare(b.reference))
    .map(
      (e) =>
        `- **${e.reference}** ${e.matter} — decision maker: ${e.decisionMaker}; notice published ${long(e.noticeOn)}; to be decided on or after ${long(e.earliest)}${e.route === 'standard' ? '' : ` (${ROUTE_LABELS[e.route]})`}`,
    );
  await context.sendActivity(`Forthcoming key decisions (the forward plan):\n\n${lines.join('\n')}`);
}
