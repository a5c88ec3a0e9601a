import { z } from 'zod';
import { cardVersion } from '../../../cards/action-data';
import { DraftVerbs } from '../../../cards/verbs';
import { closeSummary, noticeCard } from '../../dialogs/summary-cards';
import { cardAction } from '../card-action-router';
import { cardResponse } from '../invoke-response';
import { endDialogueOn, isAnswer, loadDraft, staleSummary, summaryAnswer, type DraftActionDeps } from './load-draft';

const DiscardData = z.strictObject({ draft: z.string().max(100), version: cardVersion, confirmed: z.boolean().optional() });

/** Discard asks first, on the card itself; "Yes, discard it" discards the revision it showed. */
export const discardDraft = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.discard,
    data: DiscardData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, staleSummary(deps, ctx));
      if (isAnswer(loaded)) return loaded;
      const { draft, owner } = loaded;
      const title = draft.content.title ?? 'untitled';
      if (!data.confirmed) return summaryAnswer(deps, ctx, draft, { text: `Discard the draft "${title}"? It cannot be undone.`, style: 'warning' }, true);
      await endDialogueOn(await deps.chat.dialogue(ctx.turn), draft.draftId);
      await deps.service.drafts.discard(owner, draft.draftId);
      ctx.log.info({ event: 'draft.discarded' }, 'draft discarded');
      const card = noticeCard('discarded', title);
      await closeSummary(deps.chat, ctx.turn, draft.draftId, card, ctx.turn.activity.replyToId);
      return cardResponse(card);
    },
  });
