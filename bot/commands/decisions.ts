import type { TurnContext } from 'botbuilder';
import { formatLongDate, londonDate, type CalendarDate } from '../../domain/calendar-date';
import { STATUS_LABELS, type Status } from '../../domain/lifecycle';
import type { RequestService } from '../../app/request-service';
import { activityTenantId } from '../actor';
import type { ChatCommand } from './chat-command';

/** `decisions`: public facts only, so group chats and channels are answered it too (group-messages.ts). */
export const decisions: ChatCommand<'decisions'> = {
  name: 'decisions',
  usage: 'decisions',
  description: 'Recent published decisions and open call-in periods',
  words: ['decisions'],
  argument: 'none',
  topics: ['decisions', 'published', 'decided'],
  midDialogue: 'ask-again',
  run: ({ context, service }) => listDecisions(context, service),
};

/** Recent published decisions: public facts only (the listing holds the public title). */
export async function listDecisions(context: TurnContext, service: RequestService): Promise<void> {
  // The council the asker belongs to, from the activity Teams sent: never another council's.
  const tenantId = activityTenantId(context.activity);
  const rows = tenantId ? await service.decisions.newest(tenantId, 20) : [];
  if (!rows.length) return void (await context.sendActivity('No decisions have been published yet.'));
  const today = londonDate(service.workflow.now());
  const lines = rows.map((d) => {
    const open = d.status === 'published' && d.deadline && d.deadline >= today;
    return `- **${d.reference}** ${d.title} — ${STATUS_LABELS[d.status as Status] ?? d.status}; published ${formatLongDate(d.publishedOn as CalendarDate)}${open ? `; call-in open until the end of ${formatLongDate(d.deadline as CalendarDate)}` : ''}`;
  });
  await context.sendActivity(`Recent decisions:\n\n${lines.join('\n')}`);
}
