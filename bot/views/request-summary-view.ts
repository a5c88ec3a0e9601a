import { CardRenderError, truncate } from '../../cards/render';
import { requestSummaryCard, type RequestSummaryCardData } from '../../cards/request-summary';
import { CASE_SECTIONS, SCHEDULE_12A } from '../../domain/case-sections';
import { checkDraft, type CheckOptions } from '../../domain/checks';
import { currentDocuments } from '../../domain/documents';
import { costLine, describeFunding, describeTerm } from '../../domain/costs';
import { formatPounds } from '../../domain/money';
import { EDITABLE } from '../../domain/questionnaire';
import { describeLine } from '../../domain/quick-entry';
import { completeLine, FUNDING_KIND_LABELS, type RequestContent } from '../../domain/request';

export interface SummaryOptions {
  key: string;
  version: number;
  statusLabel: string;
  editable: boolean;
  discardable: boolean;
  checks: CheckOptions;
  banner?: RequestSummaryCardData['banner'];
  /** Discard was clicked: ask "are you sure?" with only yes and no. */
  confirmDiscard?: boolean;
  /** Teams user ids whose client refreshes the card when shown (the officer, in their own chat). */
  refreshUserIds?: string[];
}

/** How much of each part a card shows: the compact budget keeps the largest drafts under Teams' limit. */
const BUDGETS = {
  normal: { lines: 50, lineChars: 400, sectionChars: 600, funding: 20, checks: 20 },
  compact: { lines: 12, lineChars: 140, sectionChars: 200, funding: 8, checks: 8 },
};

/** The summary card, shrinking what it shows (never the totals) when a draft is very large: the compact layout first, then (defineCard) cutting. */
export function renderRequestSummary(draft: RequestContent, options: SummaryOptions) {
  try {
    return requestSummaryCard.render(requestSummaryView(draft, options), { cutToFit: false });
  } catch (error) {
    if (!(error instanceof CardRenderError) || error.code !== 'CARD_TOO_LARGE') throw error;
    return requestSummaryCard.render(requestSummaryView(draft, options, 'compact'));
  }
}

/** What the officer's summary card shows: computed here (typed text only cut, never escaped: the card escapes every string), bound by the template. */
export function requestSummaryView(draft: RequestContent, options: SummaryOptions, size: keyof typeof BUDGETS = 'normal'): RequestSummaryCardData {
  const budget = BUDGETS[size];
  const { checks, costs } = checkDraft(draft, options.checks);
  const lines = draft.lines.map((line, i) => {
    const complete = completeLine(line);
    const cost = complete ? costLine(complete) : undefined;
    const parts: string[] = [];
    if (cost) {
      if (cost.oneOffPence) parts.push(`${formatPounds(cost.oneOffPence)} once`);
      else parts.push(`${formatPounds(cost.fullYearPence)} a full year`);
      const term = describeTerm(cost);
      if (cost.termPence !== null && term) parts.push(`${formatPounds(cost.termPence)} over the term (${term})`);
    } else parts.push('not yet complete');
    return { number: String(i + 1), description: truncate(describeLine(line), budget.lineChars), costs: parts.join(' · ') };
  });
  const hiddenLines = lines.length - budget.lines;
  const shownLines =
    hiddenLines > 0
      ? [...lines.slice(0, budget.lines), { number: '…', description: `and ${hiddenLines} more changes (all are in the totals)`, costs: '' }]
      : lines;
  const costFacts = [
    { label: 'Full-year cost', amount: formatPounds(costs.fullYearPence) },
    ...(costs.oneOffPence ? [{ label: 'One-off payments', amount: formatPounds(costs.oneOffPence) }] : []),
    { label: 'Total (full year + one-off)', amount: formatPounds(costs.totalPence) },
    ...(costs.temporaryTermPence !== null ? [{ label: 'Temporary posts over their terms', amount: formatPounds(costs.temporaryTermPence) }] : []),
    ...costs.byFinancialYear.map((y) => ({ label: `Falls in ${y.label}`, amount: formatPounds(y.pence) })),
  ];
  const facts = draft.decisionFacts;
  const yesNo = (v: boolean | undefined) => (v === undefined ? 'Not yet answered' : v ? 'Yes' : 'No');
  return {
    title: truncate(draft.title ?? 'New establishment change', 200),
    subtitle: truncate(
      [draft.directorate, draft.service, draft.team].filter(Boolean).join(' · ') + (draft.contactOfficer ? ` — contact ${draft.contactOfficer.name}` : ''),
      400,
    ),
    statusLabel: options.statusLabel,
    lines: shownLines,
    costs: costFacts,
    funding: draft.funding.slice(0, budget.funding).map((f) => ({
      label: truncate(f.description ? `${FUNDING_KIND_LABELS[f.kind]}: ${f.description}` : FUNDING_KIND_LABELS[f.kind], 120),
      amount: formatPounds(f.amountPence),
    })),
    fundingStatus: draft.funding.length ? describeFunding(costs.funding) : 'No funding given yet.',
    fundingStatusColor: !draft.funding.length ? 'Attention' : costs.funding.status === 'shortfall' ? 'Attention' : 'Good',
    sections: CASE_SECTIONS.filter((s) => draft.case[s.key]).map((s) => ({ label: s.label, text: truncate(draft.case[s.key]!, budget.sectionChars) })),
    decisionFacts: [
      { label: 'Key decision', value: yesNo(facts.keyDecision) },
      { label: 'Open to call-in', value: yesNo(facts.openToCallIn) },
      {
        label: 'Exempt information',
        value:
          facts.exempt === undefined
            ? 'Not yet answered'
            : facts.exempt === null
              ? 'None'
              : `Schedule 12A paragraph ${facts.exempt.paragraph} (${SCHEDULE_12A[facts.exempt.paragraph]}): ${facts.exempt.sections.join(', ')}`,
      },
      ...documentFacts(draft),
    ],
    checks: checks.slice(0, budget.checks).map((c) => ({ icon: c.severity === 'error' ? '✖' : '⚠', message: truncate(c.message, 300) })),
    editChoices: EDITABLE.map((e) => ({ title: e.title, value: e.value })),
    draftKey: options.key,
    version: options.version,
    editable: options.editable,
    canSubmit: !checks.some((c) => c.severity === 'error'),
    discardable: options.discardable,
    confirmDiscard: options.confirmDiscard ?? false,
    banner: options.banner ?? null,
    refreshUserIds: options.refreshUserIds ?? [],
  };
}

/** The draft's supporting documents in one fact (the officer's card: no links, the files are theirs). */
function documentFacts(draft: RequestContent): Array<{ label: string; value: string }> {
  const documents = currentDocuments(draft.documents);
  if (!documents.length) return [];
  const exempt = (d: (typeof documents)[number]) =>
    d.exempt === undefined ? 'exempt or not: not yet said' : d.exempt === false ? 'not exempt' : `exempt, paragraph ${d.exempt.paragraph}`;
  return [{ label: 'Supporting documents', value: truncate(documents.map((d, i) => `${i + 1}. ${d.title} (${exempt(d)})`).join('; '), 1500) }];
}
