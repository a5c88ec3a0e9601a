import { personKey } from '../../domain/person';
import { formatDay } from '../../domain/format-date';
import type { ChatCommand } from './chat-command';

/** `my requests`: the sender's drafts and requests, from their own list rows (one partition). */
export const myRequests: ChatCommand<'my-requests'> = {
  name: 'my-requests',
  usage: 'my requests',
  description: 'Your drafts and requests and where each one is',
  words: ['my requests', 'requests'],
  argument: 'none',
  topics: ['my requests', 'list', 'drafts', 'all my'],
  midDialogue: 'ask-again',
  async run({ context, service, sender }) {
    const { drafts, requests } = await service.drafts.listForOwner(personKey(sender));
    if (!drafts.length && !requests.length) {
      await context.sendActivity('You have no requests yet. Type **new request** to raise one.');
      return;
    }
    const lines = [
      ...requests.sort((a, b) => b.key.localeCompare(a.key)).map((r) => `- **${r.key}** ${r.title} — ${r.status.replace(/_/g, ' ')}`),
      ...drafts.map((d) => `- Draft: ${d.title} (last saved ${formatDay(d.updatedAt)})`),
    ];
    await context.sendActivity(`Your requests:\n\n${lines.join('\n')}\n\nType **status ECR-…** for one of them, or **continue** for your latest draft.`);
  },
};
