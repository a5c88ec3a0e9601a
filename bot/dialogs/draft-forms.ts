import { changeLineFormCard } from '../../cards/change-line-form';
import { fundingFormCard } from '../../cards/funding-form';
import { describeLine } from '../../domain/quick-entry';
import type { RequestContent } from '../../domain/request';
import type { DraftRecord } from '../../storage/draft-repository';

type Draft = DraftRecord<RequestContent>;
type Values = Record<string, string | undefined>;

/**
 * The change form for change `line` of `draft` (its index, or `new` to add one), at the
 * draft's current revision. `kept` are values typed into it before, shown again with
 * `error` when they were refused, so nothing typed is lost.
 */
export function changeForm(draft: Draft, line: number | 'new', kept: Values = {}, error = ''): object {
  const existing = line === 'new' ? undefined : draft.content.lines[line];
  const lineIndex = existing ? line : 'new';
  return changeLineFormCard.render({
    heading: existing ? `Change ${Number(line) + 1}: ${describeLine(existing)}` : 'Describe a change',
    error,
    kind: kept.kind ?? existing?.kind ?? 'establish',
    fte: kept.fte ?? '',
    jobTitle: kept.jobTitle ?? '',
    grade: kept.grade ?? '',
    scp: kept.scp ?? '',
    cost: kept.cost ?? '',
    previousCost: kept.previousCost ?? '',
    term: kept.term ?? '',
    effectiveDate: kept.effectiveDate ?? '',
    draftKey: draft.draftId,
    version: draft.revision,
    lineIndex: String(lineIndex),
  });
}

/** The funding form at the draft's current revision, with values typed before kept. */
export function fundingForm(draft: Draft, kept: Values = {}, error = ''): object {
  return fundingFormCard.render({
    heading: 'Add a funding source',
    hint: 'One source at a time; the amount is per year.',
    error,
    kind: kept.kind ?? 'existing_budget',
    description: kept.description ?? '',
    amount: kept.amount ?? '',
    draftKey: draft.draftId,
    version: draft.revision,
  });
}
