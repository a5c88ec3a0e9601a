import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { z } from 'zod';
import { REQUEST_DIALOG, sendDraftSummary } from '../dialogs/request-dialog';
import { editableKey } from '../domain/questionnaire';
import { isDraftId } from '../storage/request-repository';
import type { ActivitySender } from './actor';
import { RequestService } from './requests/request-service';

/** What an officer's summary card sends back (Action.Submit): a draft key and the action. */
export const SummaryAction = z.object({
  action: z.enum(['draft.submit', 'draft.addLine', 'draft.edit', 'draft.removeLine', 'draft.save', 'draft.discard']),
  draft: z.string().max(60),
  version: z.union([z.string(), z.number()]).optional(),
  field: z.string().max(60).optional(),
  line: z.string().max(4).optional(),
});
export const FormAction = z.object({ action: z.enum(['line.form', 'funding.form']), draft: z.string().max(60) }).passthrough();
export type SummaryActionValue = z.infer<typeof SummaryAction>;

/** A button on the officer's summary card, on the draft it names (never the newest by default). */
export async function runSummaryAction(context: TurnContext, dc: DialogContext, service: RequestService, sender: ActivitySender, action: SummaryActionValue): Promise<void> {
  const owner = RequestService.owner(sender);
  const draft = isDraftId(action.draft) ? await service.drafts.get(owner, action.draft) : undefined;
  if (!draft) {
    await context.sendActivity('That draft no longer exists: it may already have been submitted or discarded. Type **my requests** to see your requests.');
    return;
  }
  switch (action.action) {
    case 'draft.submit': {
      const result = await service.submit(sender, draft.draftId);
      if (!result.ok) {
        await context.sendActivity(result.message);
        await sendDraftSummary(context, service, draft);
        return;
      }
      await context.sendActivity(`Submitted as **${result.value.reference}**. I'll tell you here as it moves through review and decision. Type **status ${result.value.reference}** at any time.`);
      return;
    }
    case 'draft.save':
      await context.sendActivity('Saved. Type **continue** to carry on, today or another day.');
      return;
    case 'draft.discard':
      await service.drafts.discard(owner, draft.draftId);
      await context.sendActivity(`Discarded the draft "${draft.content.title ?? 'untitled'}".`);
      return;
    case 'draft.addLine': {
      const saved = await service.drafts.save(owner, draft, { ...draft.content, linesComplete: false });
      await dc.beginDialog(REQUEST_DIALOG, { draftId: saved.draftId, focus: 'moreLines' });
      return;
    }
    case 'draft.removeLine': {
      const index = Number(action.line) - 1;
      if (!Number.isInteger(index) || index < 0 || index >= draft.content.lines.length) {
        await context.sendActivity('Choose which change to remove.');
        return;
      }
      const lines = draft.content.lines.filter((_, i) => i !== index);
      const saved = await service.drafts.save(owner, draft, { ...draft.content, lines, linesComplete: lines.length > 0 ? draft.content.linesComplete : false });
      await context.sendActivity(`Removed change ${index + 1}.`);
      await sendDraftSummary(context, service, saved);
      return;
    }
    case 'draft.edit': {
      const key = editableKey(action.field);
      if (!key) {
        await context.sendActivity('Choose what to change.');
        return;
      }
      await dc.beginDialog(REQUEST_DIALOG, { draftId: draft.draftId, focus: key === 'funding' ? 'moreFunding' : key });
      return;
    }
  }
}
