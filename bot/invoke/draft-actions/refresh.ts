import { DraftVerbs } from '../../../cards/verbs';
import { noticeCard } from '../../dialogs/summary-cards';
import { cardAction } from '../card-action-router';
import { cardResponse } from '../invoke-response';
import { isAnswer, loadDraft, SummaryData, summaryAnswer, type DraftActionDeps } from './load-draft';

/**
 * Teams refreshes a summary card when the officer looks at it; "No, keep it" (after
 * Discard) asks the same. Only reads: the current summary, or a superseded or closed notice.
 */
export const refreshDraft = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.refresh,
    data: SummaryData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, async ({ draft }) =>
        ctx.trigger === 'automatic'
          ? cardResponse(noticeCard('superseded', draft.content.title))
          : summaryAnswer(deps, ctx, draft, { text: 'Kept. Here is the draft as it stands now.', style: 'good' }),
      );
      if (isAnswer(loaded)) return loaded;
      if (ctx.trigger === 'automatic') return summaryAnswer(deps, ctx, loaded.draft);
      return summaryAnswer(deps, ctx, loaded.draft, { text: `Kept the draft "${loaded.draft.content.title ?? 'untitled'}".`, style: 'good' });
    },
  });
