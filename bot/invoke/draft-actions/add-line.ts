import { DraftVerbs } from '../../../cards/verbs';
import { REQUEST_DIALOG } from '../../dialogs/request-dialog';
import { cardAction } from '../card-action-router';
import { isAnswer, loadDraft, staleSummary, SummaryData, summaryAnswer, type DraftActionDeps } from './load-draft';

/** Add a change: the dialogue asks for it (typed, or on the form) and then shows the new totals. */
export const addLine = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.addLine,
    data: SummaryData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, staleSummary(deps, ctx));
      if (isAnswer(loaded)) return loaded;
      const { draft, owner } = loaded;
      const saved = draft.content.linesComplete ? await deps.service.drafts.save(owner, draft, { ...draft.content, linesComplete: false }) : draft;
      const dc = await deps.chat.dialogue(ctx.turn);
      await dc.cancelAllDialogs();
      await dc.beginDialog(REQUEST_DIALOG, { draftId: saved.draftId, focus: 'moreLines' });
      return summaryAnswer(deps, ctx, saved, { text: 'Adding a change: describe it below.', style: 'accent' });
    },
  });
