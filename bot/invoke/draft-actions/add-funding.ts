import { FundingFormAction } from '../../../cards/funding-form';
import { DraftVerbs } from '../../../cards/verbs';
import { fundingForm } from '../../dialogs/draft-forms';
import { saveAnswer } from '../../dialogs/save-answer';
import { cardAction } from '../card-action-router';
import { cardResponse } from '../invoke-response';
import { formSaved } from './form-saved';
import { isAnswer, loadDraft, type DraftActionDeps } from './load-draft';

const CHANGED = 'The draft has changed since this form was shown, so nothing was saved from it. Check the source below and click "Add this source" again.';

/** The funding form: adds one source to the draft it names, at the revision it was shown with. */
export const addFunding = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.addFunding,
    data: FundingFormAction,
    async handle(ctx, data) {
      const { draft: _key, version: _version, ...values } = data;
      const loaded = await loadDraft(deps, ctx, data, async ({ draft }) => cardResponse(fundingForm(draft, values, CHANGED)));
      if (isAnswer(loaded)) return loaded;
      const { draft, owner, sender } = loaded;
      const key = draft.content.funding.length ? 'moreFunding' : 'funding';
      const outcome = await saveAnswer(deps.service, owner, sender.name, draft, key, { form: values }, deps.chat.quickEntry);
      if (outcome === 'gone' || outcome === 'conflict') {
        const latest = await deps.service.drafts.get(owner, draft.draftId);
        return cardResponse(fundingForm(latest ?? draft, values, latest ? CHANGED : 'That draft no longer exists, so nothing was saved.'));
      }
      if (!('saved' in outcome)) return cardResponse(fundingForm(draft, values, outcome.invalid));
      return formSaved(deps, ctx, key, draft, outcome.saved, outcome.reply ?? 'Saved.');
    },
  });
