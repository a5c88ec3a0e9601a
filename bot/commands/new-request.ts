import { REQUEST_DIALOG } from '../dialogs/request-dialog';
import type { ChatCommand } from './chat-command';

/** `new request`: a fresh draft, asked one question at a time. */
export const newRequest: ChatCommand<'new-request'> = {
  name: 'new-request',
  usage: 'new request',
  description: 'Raise a staffing establishment change, step by step',
  words: ['new request', 'new', 'raise a request'],
  argument: 'none',
  topics: ['new', 'raise', 'start', 'request a', 'create', 'submit'],
  midDialogue: 'takes-over',
  async run({ context, dc, service, sender }) {
    if (context.activity.conversation.conversationType !== 'personal') {
      await context.sendActivity(
        'Requests are raised in a 1:1 chat with me, so their details stay private: open a chat with the bot and type **new request**.',
      );
      return;
    }
    await dc.cancelAllDialogs();
    const draft = await service.startDraft(sender);
    if (!draft.ok) {
      await context.sendActivity(draft.message);
      return;
    }
    await context.sendActivity(
      "Let's raise a staffing establishment change. I save every answer as you go: type **save** to stop and **continue** to pick up later.",
    );
    await dc.beginDialog(REQUEST_DIALOG, { draftId: draft.value.draftId });
  },
};
