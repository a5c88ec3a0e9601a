import { DraftConflictError } from '../../../storage/draft-repository';
import { isStorageUnavailable } from '../../../storage/errors';
import type { CardActionHandler } from '../card-action-router';
import { errorResponse } from '../invoke-response';
import { addFunding } from './add-funding';
import { addLine } from './add-line';
import { discardDraft } from './discard';
import { editDraft } from './edit';
import { fixLine } from './fix-line';
import type { DraftActionDeps } from './load-draft';
import { refreshDraft } from './refresh';
import { removeLine } from './remove-line';
import { saveDraft } from './save';
import { saveLine } from './save-line';
import { submitDraft } from './submit';

export type { DraftActionDeps } from './load-draft';

/** The officer's draft cards, one handler per verb (cards/verbs.ts DraftVerbs). */
export function draftActionHandlers(deps: DraftActionDeps): CardActionHandler[] {
  return [refreshDraft, submitDraft, addLine, editDraft, removeLine, saveDraft, discardDraft, saveLine, addFunding, fixLine].map((make) => guarded(make(deps)));
}

/** What every draft click answers when storage does not, or the draft changed under it. */
function guarded(handler: CardActionHandler): CardActionHandler {
  return {
    ...handler,
    async handle(ctx, data) {
      try {
        return await handler.handle(ctx, data);
      } catch (error) {
        if (error instanceof DraftConflictError)
          return errorResponse(409, 'DRAFT_CHANGED', `${error.message} Nothing was changed: type "continue" to see it as it is now.`);
        if (!isStorageUnavailable(error)) throw error;
        ctx.log.warn({ event: 'draft.storage_unavailable', verb: handler.verb, err: error }, 'storage did not answer a draft click');
        return errorResponse(
          503,
          'STORAGE_UNAVAILABLE',
          'Your draft could not be read or saved just now: storage is not answering. Please try again in a moment.',
        );
      }
    },
  };
}
