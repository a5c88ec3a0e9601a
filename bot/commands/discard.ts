import { personKey } from '../../domain/person';
import { dialogueDraft } from '../dialogs/officer-chat';
import type { ChatCommand } from './chat-command';
import { askDiscard } from './pending-answers';

/**
 * `discard`: the draft being asked about, else the latest; `discard <title>` the one draft
 * with that title (or the one whose title contains it). Either way only after a yes.
 */
export const discard: ChatCommand<'discard'> = {
  name: 'discard',
  usage: 'discard',
  description: 'Delete a draft, after you confirm (discard <title> for one of several)',
  words: ['discard'],
  argument: 'optional',
  topics: ['discard', 'delete', 'remove', 'throw away', 'get rid'],
  midDialogue: 'takes-over',
  async run({ context, dc, chat, service, sender }, argument) {
    const owner = personKey(sender);
    const named = argument.trim();
    if (named) {
      const { drafts } = await service.drafts.listForOwner(owner);
      const wanted = named.toLowerCase().replace(/^["'“]|["'”]$/g, '');
      const exact = drafts.filter((d) => d.title.toLowerCase() === wanted);
      const matches = exact.length ? exact : drafts.filter((d) => d.title.toLowerCase().includes(wanted));
      if (matches.length !== 1) {
        const list = drafts.map((d) => `- ${d.title}`).join('\n');
        await context.sendActivity(
          matches.length
            ? `More than one draft matches "${named}":\n${matches.map((d) => `- ${d.title}`).join('\n')}\n\nType **discard** and the whole title.`
            : drafts.length
              ? `You have no draft called "${named}". Your drafts:\n${list}`
              : 'You have no draft to discard.',
        );
        return;
      }
      return askDiscard(chat, context, matches[0]!.draftId, matches[0]!.title);
    }
    const inDialogue = dialogueDraft(dc);
    const draft = inDialogue ? await service.drafts.get(owner, inDialogue) : await service.drafts.latest(owner);
    if (!draft) return void (await context.sendActivity('You have no draft to discard.'));
    return askDiscard(chat, context, draft.draftId, draft.content.title ?? 'untitled');
  },
};
