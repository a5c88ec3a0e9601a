import { DraftVerbs } from '../../../cards/verbs';
import { cardAction } from '../card-action-router';
import { endDialogueOn, isAnswer, loadDraft, staleSummary, SummaryData, summaryAnswer, type DraftActionDeps } from './load-draft';

/** Save for later: every answer is already saved; the dialogue about this draft stops. */
export const saveDraft = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.save,
    data: SummaryData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, staleSummary(deps, ctx));
      if (isAnswer(loaded)) return loaded;
      await endDialogueOn(await deps.chat.dialogue(ctx.turn), loaded.draft.draftId);
      return summaryAnswer(deps, ctx, loaded.draft, { text: 'Saved for later. Type "continue" to carry on, today or another day.', style: 'good' });
    },
  });
