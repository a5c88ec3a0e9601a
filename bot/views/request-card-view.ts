import { statusColor } from '../../cards/status-color';
import { CardRenderError, md, TOKENS, truncate, type Markdown } from '../../cards/render';
import { requestCard, type RequestCardData } from '../../cards/request-card';
import { formatLongDate, type CalendarDate } from '../../domain/calendar-date';
import type { CheckOptions } from '../../domain/checks';
import { formatDay } from '../../domain/format-date';
import { lastActOf } from '../../domain/last-act';
import { releasedOn } from '../../domain/release';
import { availableActions, DISCIPLINES, STATUS_LABELS, type Person, type Rules, type WorkflowState } from '../../domain/lifecycle';
import type { RequestContent } from '../../domain/request';
import { cardDocuments, type DocumentLink } from './document-views';
import { forwardPlanFacts } from './forward-plan-facts';
import { requestSummaryView } from './request-summary-view';

export interface RequestCardOptions {
  /** Who the card is rendered for; undefined renders the read-only view. */
  viewer?: Person;
  rules: Rules;
  now: Date;
  checks: CheckOptions;
  banner?: RequestCardData['banner'];
  /** What the viewer typed, put back into the inputs when a click was refused. */
  inputs?: Partial<Record<string, string>>;
  refreshUserIds?: string[];
  /** Where each supporting document is downloaded; without it none is listed. */
  documentLink?: DocumentLink;
}

const DISCIPLINE = {
  finance: { name: 'Finance', heading: 'Financial Comments' },
  hr: { name: 'HR', heading: 'HR Comments' },
  legal: { name: 'Legal', heading: 'Legal Comments' },
} as const;

const day = formatDay;
const long = (date: string) => formatLongDate(date as CalendarDate);

/**
 * Publication and where the call-in stands. Called in, referred back or to Council, a
 * decision has no date from which it can be implemented, so none is given.
 */
function publicationText(workflow: WorkflowState, rules: Rules): string | undefined {
  const pub = workflow.publication;
  if (!pub) return undefined;
  const published = `Published ${long(pub.publishedOn)}`;
  if (!pub.deadline) return `${published}: not open to call-in, so it can be implemented now.`;
  const released = releasedOn(workflow, rules.minimumMembersToCallIn);
  switch (workflow.status) {
    case 'published':
      return `${published}. Call-in period ends ${long(pub.deadline)}; can be implemented from ${long(pub.implementableFrom)}.`;
    case 'called_in':
      return `${published}. Called in: it cannot be implemented while the scrutiny committee considers it.`;
    case 'implementable':
      return released
        ? `${published}. Released from call-in by the scrutiny officer on ${long(released)}: it can be implemented from ${long(pub.implementableFrom)}.`
        : `${published}. Call-in period ended ${long(pub.deadline)}; can be implemented from ${long(pub.implementableFrom)}.`;
    case 'referred_to_council':
      return `${published}. Called in and referred to full Council: it cannot be implemented.`;
    default:
      return `${published}. Called in and referred back to the decision maker: it cannot be implemented.`;
  }
}

/**
 * The workflow card for one viewer, shrinking long text (never the totals) to fit Teams:
 * the compact layout first, then (defineCard) cutting whatever is still too long.
 */
export function renderRequestCard(reference: string, content: RequestContent, workflow: WorkflowState, options: RequestCardOptions) {
  try {
    return requestCard.render(requestCardView(reference, content, workflow, options, 'normal'), { cutToFit: false });
  } catch (error) {
    if (!(error instanceof CardRenderError) || error.code !== 'CARD_TOO_LARGE') throw error;
    return requestCard.render(requestCardView(reference, content, workflow, options, 'compact'));
  }
}

/** What the card shows. Text is bound raw: the card escapes every string; only `md` markdown is kept as markup. */
export function requestCardView(
  reference: string,
  content: RequestContent,
  workflow: WorkflowState,
  options: RequestCardOptions,
  size: 'normal' | 'compact' = 'normal',
): RequestCardData {
  const summary = requestSummaryView(
    content,
    { key: reference, version: workflow.version, statusLabel: '', editable: false, discardable: false, checks: options.checks },
    size,
  );
  const reviewChars = size === 'normal' ? 1500 : 300;
  const allowed = options.viewer ? availableActions(workflow, options.viewer, options.now, options.rules) : [];
  const has = (type: string) => allowed.some((a) => a.type === type);
  const commentAs = allowed.find((a) => a.type === 'add_comment')?.discipline;
  const a = workflow.approvers;
  const decisionMaker = a
    ? a.decision.kind === 'director'
      ? a.decision.person.name
      : `${a.decision.name} (recorded by ${a.decision.recordedBy.name})`
    : 'Not yet routed';
  const exempt = content.decisionFacts.exempt;

  const reviews: Array<{ label: string; text: string | Markdown; pending: boolean }> = DISCIPLINES.map((d) => {
    const r = workflow.reviews[d];
    if (r) {
      const behalf = r.onBehalfOf ? ` on behalf of ${r.onBehalfOf.name}` : '';
      return { label: `${DISCIPLINE[d].heading} (${r.signature})${behalf}`, text: truncate(r.text, reviewChars), pending: false };
    }
    const who = a ? a[d].name : 'the reviewer';
    return { label: DISCIPLINE[d].heading, text: `Awaiting ${DISCIPLINE[d].name} comment from ${who}.`, pending: true };
  });
  if (workflow.earlierReviews.length) {
    reviews.push({
      label: 'Earlier rounds',
      text: md`${workflow.earlierReviews.length} earlier round(s) of comments are kept in the history (type **history ${reference}**).`,
      pending: true,
    });
  }

  const outcome: Array<{ text: string | Markdown }> = [];
  if (workflow.returned && (workflow.status === 'returned' || workflow.earlierReviews.length)) {
    outcome.push({ text: `Returned for changes by ${workflow.returned.by.name} on ${day(workflow.returned.at)}: ${truncate(workflow.returned.reason, 1000)}` });
  }
  if (workflow.decision) {
    const d = workflow.decision;
    // Markdown is never cut to fit the card, so what goes into it is cut here.
    const rest = `by ${truncate(d.by.name, 200)}${d.onBehalfOf ? ` on behalf of ${truncate(d.onBehalfOf.name, 200)}` : ''} on ${day(d.at)}${d.reasons ? `: ${truncate(d.reasons, 1000)}` : '.'}`;
    outcome.push({ text: d.outcome === 'approved' ? md`**Approved** ${rest}` : md`**Rejected** ${rest}` });
  }
  const published = publicationText(workflow, options.rules);
  if (published) outcome.push({ text: published });
  for (const c of workflow.callIns) outcome.push({ text: `Called in by ${c.by.name} on ${day(c.at)}: ${truncate(c.grounds, size === 'normal' ? 600 : 150)}` });
  if (workflow.status === 'withdrawn')
    outcome.push({
      text: `Withdrawn by ${workflow.requester.name}${workflow.withdrawnAt ? ` on ${day(workflow.withdrawnAt)}` : ''}${workflow.withdrawnReason ? `: ${truncate(workflow.withdrawnReason, 500)}` : '.'}`,
    });

  return {
    reference,
    version: workflow.version,
    title: summary.title,
    subtitle: summary.subtitle,
    statusLabel: STATUS_LABELS[workflow.status],
    statusColor: statusColor(workflow.status),
    banner: options.banner ?? null,
    // What this viewer last did: it stays when the card is updated after their click.
    yourPart: (options.viewer && lastActOf(workflow, options.viewer, options.rules)) ?? null,
    facts: [
      { label: 'Requested by', value: workflow.requester.name || 'the requesting officer' },
      ...(workflow.submittedAt ? [{ label: 'Submitted', value: day(workflow.submittedAt) }] : []),
      { label: 'Decision maker', value: decisionMaker },
      // Routing put someone else in a part (its usual holder raised the request, or holds another part): say so.
      ...(a?.reroutes ?? []).map((r) => ({
        label: r.part === 'decision' ? 'Rerouted decision' : `Rerouted ${DISCIPLINE[r.part].name} review`,
        value: `in place of ${r.instead.name}: ${r.reason.replace(`${r.instead.name} `, 'they ')}`,
      })),
      { label: 'Key decision', value: content.decisionFacts.keyDecision ? 'Yes' : 'No' },
      ...forwardPlanFacts(workflow),
      { label: 'Open to call-in', value: workflow.openToCallIn ? 'Yes' : 'No' },
      ...(exempt
        ? [{ label: 'Exempt information', value: `Schedule 12A paragraph ${exempt.paragraph}: ${exempt.sections.join(', ')} (not for publication)` }]
        : []),
    ],
    lines: summary.lines,
    costs: summary.costs.map((c) => ({ label: c.label, amount: c.amount })),
    funding: summary.funding,
    fundingStatus: summary.fundingStatus,
    fundingStatusColor: summary.fundingStatusColor,
    sections: summary.sections,
    documents: cardDocuments(reference, content.documents, options.documentLink),
    reviews,
    outcome,
    commentLabel: commentAs ? `Your formal ${DISCIPLINE[commentAs].name} comment (your initials and today's date are added)` : 'Your comment',
    actions: {
      comment: has('add_comment'),
      returnForChanges: has('return_for_changes'),
      approve: has('approve'),
      reject: has('reject'),
      committee: has('record_committee_resolution'),
      callIn: has('call_in'),
      release: has('release'),
      referBack: has('refer_back'),
      referToCouncil: has('refer_to_council'),
      declareInterest: has('approve') || has('reject') || has('record_committee_resolution'),
      forwardPlanException: has('record_forward_plan_exception'),
    },
    inputs: Object.fromEntries(Object.entries(options.inputs ?? {}).map(([k, v]) => [k, v ?? ''])),
    // An id the card would refuse is left out: it is only a refresh, never worth failing the card for.
    refreshUserIds: (options.refreshUserIds ?? []).filter((id) => TOKENS.teamsUserId.test(id)).slice(0, 60),
  };
}
