import { z } from 'zod';
import { cardVersion } from '../../../cards/action-data';
import { DraftVerbs } from '../../../cards/verbs';
import { describeLine } from '../../../domain/quick-entry';
import { cardAction } from '../card-action-router';
import { isAnswer, loadDraft, staleSummary, summaryAnswer, type DraftActionDeps } from './load-draft';

const RemoveData = z.strictObject({ draft: z.string().max(100), version: cardVersion, line: z.string().max(4).optional() });

/** Remove a change: the one numbered on the card, which is the draft's line only because the revision matches. */
export const removeLine = (deps: DraftActionDeps) =>
  cardAction({
    verb: DraftVerbs.removeLine,
    data: RemoveData,
    async handle(ctx, data) {
      const loaded = await loadDraft(deps, ctx, data, staleSummary(deps, ctx));
      if (isAnswer(loaded)) return loaded;
      const { draft, owner } = loaded;
      const index = Number(data.line) - 1;
      const line = Number.isInteger(index) && index >= 0 ? draft.content.lines[index] : undefined;
      if (!line) return summaryAnswer(deps, ctx, draft, { text: 'Choose which change to remove.', style: 'warning' });
      const lines = draft.content.lines.filter((_, i) => i !== index);
      const saved = await deps.service.drafts.save(owner, draft, {
        ...draft.content,
        lines,
        linesComplete: lines.length > 0 ? draft.content.linesComplete : false,
      });
      return summaryAnswer(deps, ctx, saved, { text: `Removed change ${index + 1} (${describeLine(line)}).`, style: 'good' });
    },
  });
