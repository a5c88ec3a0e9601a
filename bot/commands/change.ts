import { personKey } from '../../domain/person';
import { CHANGEABLE, changeTarget, fieldLabel } from '../../domain/corrections';
import { REQUEST_DIALOG } from '../dialogs/request-dialog';
import type { ChatCommand } from './chat-command';

/** `change <field>`: mid-dialogue the dialogue jumps there; otherwise the latest draft opens at it. */
export const change: ChatCommand<'change'> = {
  name: 'change',
  usage: 'change service',
  description: "Change one answer of your draft (title, directorate, service, team, funding, a section, or a change's fte, grade, cost …), then carry on",
  words: ['change'],
  argument: 'required',
  topics: ['change', 'edit', 'correct', 'fix', 'mistake', 'wrong'],
  midDialogue: 'answer',
  async run({ context, dc, service, sender }, argument) {
    const latest = await service.drafts.latest(personKey(sender));
    if (!latest) return void (await context.sendActivity('You have no drafts. Type **new request** to start one.'));
    const key = changeTarget(argument, latest.content);
    if (!key) return void (await context.sendActivity(`I can't tell which answer "${argument.slice(0, 60)}" is. You can change: ${CHANGEABLE}.`));
    await context.sendActivity(`Changing the ${fieldLabel(key)} of "${latest.content.title ?? 'your draft'}".`);
    await dc.beginDialog(REQUEST_DIALOG, { draftId: latest.draftId, focus: key });
  },
};
