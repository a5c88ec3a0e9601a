import { personKey } from '../../../domain/person';
import type { Person, PersonKey } from '../../../domain/person';
import type { InvokeResponse } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { z } from 'zod';
import { cardVersion } from '../../../cards/action-data';
import type { RequestContent } from '../../../domain/request';
import { isDraftId, type DraftRecord } from '../../../storage/draft-repository';

import { dialogueDraft, type OfficerChat } from '../../dialogs/officer-chat';
import { closedDraftCard, liveSummary, makeLive, type Banner } from '../../dialogs/summary-cards';
import { RequestService } from '../../../app/request-service';
import { surfaceOf } from '../../surface';
import type { CardActionContext } from '../card-action-router';
import { cardResponse, errorResponse, type AdaptiveCardInvokeBody } from '../invoke-response';

export type Draft = DraftRecord<RequestContent>;
export type Answer = InvokeResponse<AdaptiveCardInvokeBody>;

export interface DraftActionDeps {
  service: RequestService;
  chat: OfficerChat;
}

/** What every summary button sends: the draft and the revision the card showed. */
export const SummaryData = z.strictObject({ draft: z.string().max(100), version: cardVersion });

export interface LoadedDraft {
  sender: Person;
  owner: PersonKey;
  draft: Draft;
}

/**
 * The gate every draft click goes through. The draft is looked up in the clicker's own
 * partition (so another person's draft key finds nothing), and the click counts only if
 * the card showed the draft's current revision. Otherwise the answer to give: the card
 * of a closed draft, or `stale(current)` for a card older than the draft.
 */
export async function loadDraft(
  deps: DraftActionDeps,
  ctx: CardActionContext,
  data: { draft: string; version: number },
  stale: (loaded: LoadedDraft) => Promise<Answer>,
): Promise<LoadedDraft | Answer> {
  if (surfaceOf(ctx.turn.activity) !== 'personal') return errorResponse(403, 'NOT_PERSONAL', 'Drafts are only shown in your 1:1 chat with me.');
  const owner = personKey(ctx.sender);
  const draft = isDraftId(data.draft) ? await deps.service.drafts.get(owner, data.draft) : undefined;
  if (!draft) return cardResponse(await closedDraftCard(deps.service, owner, data.draft));
  const loaded = { sender: ctx.sender, owner, draft };
  if (draft.revision !== data.version) {
    ctx.log.info({ event: 'draft.stale_card', shown: data.version, current: draft.revision }, 'a click on an older card of a draft');
    return stale(loaded);
  }
  return loaded;
}

export const isAnswer = (value: LoadedDraft | Answer): value is Answer => 'status' in value;

/** A summary card older than its draft: nothing is done; the card becomes the current summary, saying so. */
export function staleSummary(deps: DraftActionDeps, ctx: CardActionContext) {
  return async ({ draft }: LoadedDraft): Promise<Answer> =>
    summaryAnswer(deps, ctx, draft, {
      text: 'This card showed an older version of the draft, so nothing was changed. Here it is as it stands now.',
      style: 'attention',
    });
}

/** The clicked card becomes the draft's live summary (the one before it says it is superseded). */
export async function summaryAnswer(deps: DraftActionDeps, ctx: CardActionContext, draft: Draft, banner?: Banner, confirmDiscard = false): Promise<Answer> {
  const clicked = ctx.turn.activity.replyToId;
  if (clicked) await makeLive(deps.chat, ctx.turn, draft, clicked);
  return cardResponse(await liveSummary(ctx.turn, deps.service, draft, { ...(banner ? { banner } : {}), confirmDiscard }));
}

/** Stops the dialogue if it is about this draft (a dialogue about another draft carries on). */
export async function endDialogueOn(dc: DialogContext, draftId: string): Promise<void> {
  if (dialogueDraft(dc) === draftId) await dc.cancelAllDialogs();
}
