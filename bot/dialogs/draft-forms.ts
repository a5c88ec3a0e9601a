import { changeLineFormCard } from '../../cards/change-line-form';
import { fundingFormCard } from '../../cards/funding-form';
import { formatLongDate } from '../../domain/calendar-date';
import { formatFte, formatPounds } from '../../domain/money';
import { describeLine } from '../../domain/quick-entry';
import type { DraftLine, RequestContent } from '../../domain/request';
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

/** A recorded change as the form's boxes, so the form saves it back unchanged unless corrected. */
export function formValues(line: DraftLine): Values {
  const pounds = (pence: number | undefined) => (pence === undefined ? '' : formatPounds(pence));
  const term = !line.term
    ? ''
    : line.term.type === 'permanent'
      ? 'permanent'
      : 'endDate' in line.term
        ? `until ${formatLongDate(line.term.endDate)}`
        : `${line.term.months} months`;
  if (line.kind === 'one_off_payment')
    return {
      kind: line.kind,
      jobTitle: line.description ?? '',
      cost: pounds(line.amountPence),
      effectiveDate: line.effectiveDate ? formatLongDate(line.effectiveDate) : '',
    };
  return {
    kind: line.kind ?? 'establish',
    fte: line.fteHundredths === undefined ? '' : formatFte(line.fteHundredths),
    jobTitle: line.jobTitle ?? '',
    grade: line.grade ?? '',
    scp: line.scp === undefined ? '' : String(line.scp),
    cost: pounds(line.annualCostPerFtePence),
    previousCost: pounds(line.previousAnnualCostPerFtePence),
    term,
    effectiveDate: line.effectiveDate ? formatLongDate(line.effectiveDate) : '',
  };
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
