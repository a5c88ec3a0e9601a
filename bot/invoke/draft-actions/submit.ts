import { DraftVerbs } from '../../../cards/verbs';
import { closeSummary, noticeCard, submittedSummary } from '../../dialogs/summary-cards';
import { cardAction } from '../card-action-router';
import { cardResponse } from '../invoke-response';
import { endDialogueOn, isAnswer, loadDraft, staleSummary, SummaryData, summaryAnswer, type DraftActionDeps } from './load-draft';

/** Submit on the summary: submits exactly the revision the card showed, or nothing. */
export const submitDraft = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.submit,
    data: SummaryData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, staleSummary(deps, ctx));
      if (isAnswer(loaded)) return loaded;
      const { draft } = loaded;
      await endDialogueOn(await deps.chat.dialogue(ctx.turn), draft.draftId);
      const result = await deps.service.submit(loaded.sender, draft);
      if (!result.ok) return summaryAnswer(deps, ctx, draft, { text: result.message, style: 'attention' });
      const { reference } = result.value;
      ctx.log.info({ event: 'draft.submitted', reference }, 'draft submitted');
      await closeSummary(deps.chat, ctx.turn, draft.draftId, noticeCard('submitted', draft.content.title, reference), ctx.turn.activity.replyToId);
      await ctx.turn.sendActivity(
        draft.resubmits
          ? `Resubmitted **${reference}** with your changes: review starts again. I'll tell you here as it moves on. Type **status ${reference}** at any time.`
          : `Submitted as **${reference}**. I'll tell you here as it moves through review and decision. Type **status ${reference}** at any time.`,
      );
      return cardResponse(await submittedSummary(deps.service, draft, reference, loaded.sender.tenantId));
    },
  });
