import { z } from 'zod';
import { cardVersion } from '../../../cards/action-data';
import { DraftVerbs } from '../../../cards/verbs';
import { fieldLabel } from '../../../domain/corrections';
import { editableKey } from '../../../domain/questionnaire';
import { REQUEST_DIALOG } from '../../dialogs/request-dialog';
import { cardAction } from '../card-action-router';
import { isAnswer, loadDraft, staleSummary, summaryAnswer, type DraftActionDeps } from './load-draft';

const EditData = z.strictObject({ draft: z.string().max(100), version: cardVersion, field: z.string().max(60).optional() });

/** Edit one part: only a choice the card offers; the dialogue asks that one question, then shows the summary. */
export const editDraft = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.edit,
    data: EditData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, staleSummary(deps, ctx));
      if (isAnswer(loaded)) return loaded;
      const { draft } = loaded;
      const key = editableKey(data.field);
      if (!key) return summaryAnswer(deps, ctx, draft, { text: 'Choose what to change.', style: 'warning' });
      const dc = await deps.chat.dialogue(ctx.turn);
      await dc.cancelAllDialogs();
      await dc.beginDialog(REQUEST_DIALOG, { draftId: draft.draftId, focus: key === 'funding' ? 'moreFunding' : key });
      return summaryAnswer(deps, ctx, draft, { text: `Changing the ${fieldLabel(key)}: answer below.`, style: 'accent' });
    },
  });
