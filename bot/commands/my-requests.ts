import type { TurnContext } from 'botbuilder';
import { formatDay } from '../../domain/format-date';
import type { ActivitySender } from '../actor';
import { RequestService } from '../requests/request-service';

/** The sender's drafts and requests, from their own list rows (one partition). */
export async function listMyRequests(context: TurnContext, service: RequestService, sender: ActivitySender): Promise<void> {
  const { drafts, requests } = await service.drafts.listForOwner(RequestService.owner(sender));
  if (!drafts.length && !requests.length) {
    await context.sendActivity('You have no requests yet. Type **new request** to raise one.');
    return;
  }
  const lines = [
    ...requests.sort((a, b) => b.key.localeCompare(a.key)).map((r) => `- **${r.key}** ${r.title} — ${r.status.replace(/_/g, ' ')}`),
    ...drafts.map((d) => `- Draft: ${d.title} (last saved ${formatDay(d.updatedAt)})`),
  ];
  await context.sendActivity(`Your requests:\n\n${lines.join('\n')}\n\nType **status ECR-…** for one of them, or **continue** for your latest draft.`);
}
