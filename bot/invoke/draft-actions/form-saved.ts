import type { QuestionKey } from '../../../domain/questionnaire';
import { carryOnAfterForm, REQUEST_DIALOG } from '../../dialogs/request-dialog';
import { dialogueDraft } from '../../dialogs/officer-chat';
import { draftNoticeCard } from '../../../cards/draft-notice';
import type { CardActionContext } from '../card-action-router';
import { cardResponse } from '../invoke-response';
import type { Answer, Draft, DraftActionDeps } from './load-draft';

/**
 * A form's answer was saved to its own draft (never to whichever draft the dialogue is on).
 * The form becomes a note of what was saved, and the conversation goes on: the dialogue on
 * that draft asks its next question; a dialogue on another draft asks its question again;
 * with none, the form's draft is picked up where it stands.
 */
export async function formSaved(deps: DraftActionDeps, ctx: CardActionContext, key: QuestionKey, before: Draft, saved: Draft, reply: string): Promise<Answer> {
  const dc = await deps.chat.dialogue(ctx.turn);
  const onDialogue = dialogueDraft(dc);
  const title = saved.content.title ?? 'your draft';
  if (onDialogue === saved.draftId) {
    await carryOnAfterForm(dc, { key, before: { lines: before.content.lines.length, funding: before.content.funding.length }, saved });
  } else if (onDialogue) {
    await ctx.turn.sendActivity(`Saved to "${title}". Now back to the draft we were on:`);
    await dc.repromptDialog();
  } else {
    await dc.beginDialog(REQUEST_DIALOG, { draftId: saved.draftId });
  }
  return cardResponse(draftNoticeCard.render({ title: title.slice(0, 200), statusLabel: 'Saved', statusColor: 'Good', text: reply.slice(0, 600) }));
}
