import { personKey } from '../../domain/person';
import { REQUEST_DIALOG } from '../dialogs/request-dialog';
import type { ChatCommand } from './chat-command';

/** `continue`: the questions of the latest draft, from where they stopped. */
export const continueDraft: ChatCommand<'continue'> = {
  name: 'continue',
  usage: 'continue',
  description: 'Carry on with your latest draft, after a break or days later',
  words: ['continue', 'resume'],
  argument: 'none',
  topics: ['continue', 'resume', 'carry on', 'pick up'],
  midDialogue: 'takes-over',
  async run({ context, dc, service, sender }) {
    await dc.cancelAllDialogs();
    const latest = await service.drafts.latest(personKey(sender));
    if (!latest) {
      await context.sendActivity('You have no drafts. Type **new request** to start one.');
      return;
    }
    await context.sendActivity(`Carrying on with "${latest.content.title ?? 'your draft'}".`);
    await dc.beginDialog(REQUEST_DIALOG, { draftId: latest.draftId });
  },
};
