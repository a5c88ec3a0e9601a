import { personKey } from '../../domain/person';
import { MessageFactory } from 'botbuilder';
import { dialogueDraft } from '../dialogs/officer-chat';
import type { ChatCommand } from './chat-command';

/** `cancel`: stops the questions, asking whether to keep the draft (answered in pending-answers.ts). */
export const cancel: ChatCommand<'cancel'> = {
  name: 'cancel',
  usage: 'cancel',
  description: 'Stop the questions: keep the draft for later or discard it',
  words: ['cancel', 'stop', 'quit', 'exit'],
  argument: 'none',
  topics: ['cancel', 'stop', 'quit'],
  midDialogue: 'takes-over',
  async run({ context, dc, chat, service, sender }) {
    const draftId = dialogueDraft(dc);
    const draft = draftId ? await service.drafts.get(personKey(sender), draftId) : undefined;
    if (!draft) {
      await dc.cancelAllDialogs();
      await context.sendActivity('Nothing to cancel. Type **help** to see what I can do.');
      return;
    }
    const title = draft.content.title ?? 'untitled';
    await chat.pending.set(context, { kind: 'cancel', draftId: draft.draftId, title });
    await context.sendActivity(
      MessageFactory.suggestedActions(
        ['keep it', 'discard it'],
        `Stop here. Keep the draft "${title}" to carry on later (**keep**, or yes), or **discard** it?`,
      ),
    );
  },
};
