import { ChangeLineFormAction } from '../../../cards/change-line-form';
import { DraftVerbs } from '../../../cards/verbs';
import type { QuestionKey } from '../../../domain/questionnaire';
import { changeForm } from '../../dialogs/draft-forms';
import { saveAnswer } from '../../dialogs/save-answer';
import { cardAction } from '../card-action-router';
import { cardResponse } from '../invoke-response';
import { formSaved } from './form-saved';
import { isAnswer, loadDraft, type Draft, type DraftActionDeps } from './load-draft';

const CHANGED = 'The draft has changed since this form was shown, so nothing was saved from it. Check the change below and click "Save this change" again.';

/**
 * The change form: adds a change, or replaces the change it was opened for, on the draft
 * it names and only at the revision it was shown with. A refused or stale form comes back
 * with everything typed in it.
 */
export const saveLine = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.saveLine,
    data: ChangeLineFormAction,
    async handle(ctx, data) {
      const { draft: _key, version: _version, line, ...values } = data;
      const target = line === 'new' ? 'new' : Number(line);
      // Shown again: the change it was for if that is still there (its heading says which), else a new one.
      const again = (draft: Draft, error: string) => cardResponse(changeForm(draft, target, values, error));
      const loaded = await loadDraft(deps, ctx, data, async ({ draft }) => again(draft, CHANGED));
      if (isAnswer(loaded)) return loaded;
      const { draft, owner, sender } = loaded;
      if (target !== 'new' && !draft.content.lines[target]) return again(draft, CHANGED);
      const key: QuestionKey = target === 'new' ? 'line' : `lineField:${target}:kind`;
      const outcome = await saveAnswer(deps.service, owner, sender.name, draft, key, { form: values }, deps.chat.quickEntry);
      if (outcome === 'gone' || outcome === 'conflict') {
        const latest = await deps.service.drafts.get(owner, draft.draftId);
        return again(latest ?? draft, latest ? CHANGED : 'That draft no longer exists, so nothing was saved.');
      }
      if (!('saved' in outcome)) return again(draft, outcome.invalid);
      return formSaved(deps, ctx, key, draft, outcome.saved, outcome.reply ?? 'Saved.');
    },
  });
