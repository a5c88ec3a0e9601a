import { CardFactory } from 'botbuilder';
import { FixLineAction } from '../../../cards/understood';
import { DraftVerbs } from '../../../cards/verbs';
import { changeForm, formValues } from '../../dialogs/draft-forms';
import { cardAction } from '../card-action-router';
import { messageResponse } from '../invoke-response';
import { isAnswer, loadDraft, type Draft, type DraftActionDeps } from './load-draft';

const NEWER = 'The draft has changed since that card was sent: this is the change as it stands now.';

/**
 * "Fix" on quick entry's "I understood" card: the change form for that change, filled in
 * as recorded, sent below the card (which stays, with the words it read). Nothing is
 * changed until the form is saved, at the revision the form shows.
 */
export const fixLine = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.fixLine,
    data: FixLineAction,
    async handle(ctx, data) {
      const index = Number(data.line);
      const open = async (draft: Draft, note: string) => {
        const line = draft.content.lines[index];
        if (!line) return messageResponse(`Change ${index + 1} is no longer in the draft. Type "continue" to see the draft as it stands.`);
        await ctx.turn.sendActivity({ attachments: [CardFactory.adaptiveCard(changeForm(draft, index, formValues(line), note))] });
        return messageResponse(`Change ${index + 1} is on the form below: correct it there and click "Save this change".`);
      };
      const loaded = await loadDraft(deps, ctx, data, ({ draft }) => open(draft, NEWER));
      if (isAnswer(loaded)) return loaded;
      return open(loaded.draft, '');
    },
  });
