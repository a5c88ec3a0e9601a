import { z } from 'zod';
import { formatLongDate, isCalendarDate } from './calendar-date';
import { SCHEDULE_12A, type CaseSectionKey } from './case-sections';
import type { RequestCosts } from './costs';
import { STATUSES, STATUS_LABELS, type Status, type WorkflowState } from './lifecycle';
import { publicDocumentTitles } from './documents';
import { formatDay } from './format-date';
import { formatFte, formatPounds } from './money';
import { releasedOn } from './release';
import { CHANGE_KIND_LABELS, JOB_EVALUATION, type RequestContent, type DraftLine } from './request';

/**
 * What may be published about a decision in a Teams channel, and nothing else.
 *
 * This is an ALLOW-LIST: every field is built here from named, public facts. Nothing of
 * the request is copied wholesale, so a new field on the request (or a new kind of
 * comment) can never reach the channel by accident. Never here: personal names (the
 * requester, reviewers, the decision maker, the contact officer, scrutiny members and
 * the scrutiny officer: a release is by the role),
 * reviewers' comments, the decision's reasons, call-in grounds, funding descriptions,
 * one-off payment descriptions, any case section other than a non-exempt purpose, and
 * any supporting document but the titles of those marked not exempt.
 * Exempt information (Schedule 12A) is named by paragraph and left out; when the costs
 * are exempt no amount in pounds appears anywhere, typed text included.
 */

/** Longest text of each kind that is published (in characters, before the card escapes it). */
export const PUBLIC_LIMITS = {
  reference: 40,
  title: 200,
  organisation: 120,
  decisionMaker: 120,
  change: 150,
  changesShown: 8,
  purpose: 300,
  documentTitle: 200,
  documentsShown: 20,
} as const;

/**
 * String fields allow twice their published length: cards neutralise markdown by adding
 * a zero-width space after some characters, and re-validate the escaped text with this
 * schema. The bound still keeps a card well inside Teams' size limit.
 */
const publicText = (max: number) => z.string().max(2 * max);
const optionalText = (max: number) => publicText(max).nullable();

export const PublicDecisionSummarySchema = z.strictObject({
  reference: publicText(PUBLIC_LIMITS.reference).min(1),
  title: publicText(PUBLIC_LIMITS.title),
  directorate: optionalText(PUBLIC_LIMITS.organisation),
  service: optionalText(PUBLIC_LIMITS.organisation),
  status: z.enum(STATUSES),
  statusLabel: z.string().max(60),
  /** One sentence on where the decision stands (call-in, implementation). */
  statusLine: z.string().max(400),
  outcome: z.enum(['Approved', 'Rejected']).nullable(),
  /** "Director" or the committee's name: never a person's name. */
  decisionMaker: optionalText(PUBLIC_LIMITS.decisionMaker),
  decisionDate: z.string().max(40).nullable(),
  /** "Establish 3 FTE Service Organiser (Grade 5) from 1 May 2022", one per line shown. */
  changes: z.array(publicText(PUBLIC_LIMITS.change)).max(PUBLIC_LIMITS.changesShown),
  /** How many further changes are not listed. */
  moreChanges: z.number().int().nonnegative(),
  /** Null when the costs are exempt (or there are none). */
  fullYearCost: z.string().max(40).nullable(),
  totalCost: z.string().max(40).nullable(),
  keyDecision: z.boolean().nullable(),
  openToCallIn: z.boolean(),
  callInDeadline: z.string().max(40).nullable(),
  implementableFrom: z.string().max(40).nullable(),
  callInCount: z.number().int().nonnegative(),
  /** "Scrutiny officer" once scrutiny has released a called-in decision: the role, never the person. */
  releasedBy: z.string().max(60).nullable(),
  releasedOn: z.string().max(40).nullable(),
  /** "Contains exempt information under paragraph 3 of Schedule 12A (…): not published". */
  exemption: z.string().max(300).nullable(),
  purpose: optionalText(PUBLIC_LIMITS.purpose),
  /** The titles of the supporting documents that are not exempt: never their content, never an exempt one's title. */
  documents: z.array(publicText(PUBLIC_LIMITS.documentTitle)).max(PUBLIC_LIMITS.documentsShown),
});
export type PublicDecisionSummary = z.infer<typeof PublicDecisionSummarySchema>;

export interface PublicDecisionInput {
  reference: string;
  content: RequestContent;
  workflow: WorkflowState;
  costs: RequestCosts;
  /**
   * How many members must call a decision in (the rules): it tells a release by scrutiny
   * from the end of the call-in period. Without it no release is shown.
   */
  minimumMembersToCallIn?: number;
}

// Control, format (zero-width, bidi override) and line/paragraph separator characters:
// a channel card shows plain one-line text, and a zero-width space could split "£5" so
// it escapes the amount filter below.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/** Typed text made safe to publish: one line, no invisible characters, cut to `max`. */
export function publishableText(value: string | undefined, max: number): string | null {
  if (value === undefined) return null;
  const clean = value.replace(INVISIBLE, ' ').replace(/\s+/g, ' ').trim();
  if (!clean) return null;
  if (clean.length <= max) return clean;
  let cut = clean.slice(0, max - 1);
  // Never leave half a surrogate pair behind.
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Sums of money in typed text ("£28,376", "£ 3.5m", "GBP 1,000"), for when the costs are exempt. */
const AMOUNT = /(?:£|\bGBP\b|\bUKP\b)\s*-?\s*\d[\d,]*(?:\.\d+)?(?:\s*(?:k|m|bn|million|billion|thousand)\b)?/gi;
export const AMOUNT_WITHHELD = '[amount withheld]';

function withholdAmounts(text: string): string {
  // Any pound sign left over is dropped too: with the costs exempt, the card shows none.
  return text.replace(AMOUNT, AMOUNT_WITHHELD).replace(/£/g, '');
}

function longDate(value: string | undefined): string | null {
  return value && isCalendarDate(value) ? formatLongDate(value) : null;
}

function dateOfDecision(at: string | undefined): string | null {
  return at && !Number.isNaN(new Date(at).getTime()) ? formatDay(at) : null;
}

/** A line as the public sees it: what happens to which posts, never to whom or for how much. */
function describeLine(line: DraftLine): string {
  if (line.kind === 'one_off_payment') {
    // The payment's description often names the person it is for: it is not published.
    return line.effectiveDate ? `One-off payment from ${formatLongDate(line.effectiveDate)}` : 'One-off payment';
  }
  const parts: string[] = [line.kind ? CHANGE_KIND_LABELS[line.kind] : 'Change to'];
  if (line.fteHundredths !== undefined) parts.push(`${formatFte(line.fteHundredths)} FTE`);
  parts.push(line.jobTitle ?? 'post');
  if (line.grade) parts.push(line.grade.toLowerCase() === JOB_EVALUATION ? '(grade subject to job evaluation)' : `(${line.grade})`);
  const term = line.term;
  if (term?.type === 'temporary')
    parts.push('endDate' in term ? `temporary to ${formatLongDate(term.endDate)}` : `temporary for ${term.months} month${term.months === 1 ? '' : 's'}`);
  if (line.effectiveDate) parts.push(`from ${formatLongDate(line.effectiveDate)}`);
  return parts.join(' ');
}

/** Where the decision stands, in one sentence; dates are already written out. */
function statusLine(status: Status, openToCallIn: boolean, deadline: string | null, implementableFrom: string | null, released: string | null): string {
  switch (status) {
    case 'approved':
      return 'Approved: not yet published.';
    case 'rejected':
      return 'Rejected: the establishment does not change.';
    case 'published':
      if (!openToCallIn) return implementableFrom ? `Not subject to call-in: can be implemented from ${implementableFrom}.` : 'Not subject to call-in.';
      return deadline && implementableFrom
        ? `Open to call-in until the end of ${deadline}. Unless it is called in, it can be implemented from ${implementableFrom}.`
        : 'Open to call-in: it cannot be implemented until the call-in period ends.';
    case 'called_in':
      return 'Called in by scrutiny: it cannot be implemented while the scrutiny committee considers it.';
    case 'implementable':
      if (released) return `Released from call-in by the scrutiny officer on ${released}: it can be implemented from ${implementableFrom ?? released}.`;
      return implementableFrom ? `Can be implemented from ${implementableFrom}.` : 'Can be implemented.';
    case 'referred_to_council':
      return 'Referred to full Council: implementation is suspended.';
    case 'awaiting_decision':
      return 'Referred back to the decision maker: implementation is suspended.';
    default:
      return `${STATUS_LABELS[status]}.`;
  }
}

export function publicDecisionSummary(input: PublicDecisionInput): PublicDecisionSummary {
  const { reference, content, workflow, costs, minimumMembersToCallIn } = input;
  const exempt = content.decisionFacts.exempt ?? null;
  const exemptSections = new Set<CaseSectionKey | 'costs'>(exempt?.sections ?? []);
  const costsExempt = exemptSections.has('costs');
  // Every piece of typed text goes through here: when the costs are exempt, so is any sum typed into it.
  const typed = (value: string | undefined, max: number) => {
    const text = publishableText(value, max);
    return text !== null && costsExempt ? publishableText(withholdAmounts(text), max) : text;
  };

  const decisionMaker = workflow.approvers?.decision;
  const deadline = workflow.openToCallIn ? longDate(workflow.publication?.deadline) : null;
  // Called in, referred back or to Council, it has no date from which it can be implemented.
  const implementableFrom = workflow.status === 'published' || workflow.status === 'implementable' ? longDate(workflow.publication?.implementableFrom) : null;
  const released = minimumMembersToCallIn === undefined ? null : longDate(releasedOn(workflow, minimumMembersToCallIn));
  const described = content.lines.map((line) => typed(describeLine(line), PUBLIC_LIMITS.change) ?? 'Change');
  const changes = described.slice(0, PUBLIC_LIMITS.changesShown);
  const hasCosts = content.lines.length > 0 && !costsExempt;

  const summary: PublicDecisionSummary = {
    reference: publishableText(reference, PUBLIC_LIMITS.reference) ?? 'Unknown reference',
    title: typed(content.title, PUBLIC_LIMITS.title) ?? 'Staffing establishment change',
    directorate: typed(content.directorate, PUBLIC_LIMITS.organisation),
    service: typed(content.service, PUBLIC_LIMITS.organisation),
    status: workflow.status,
    statusLabel: STATUS_LABELS[workflow.status],
    statusLine: statusLine(workflow.status, workflow.openToCallIn, deadline, implementableFrom, released),
    outcome: workflow.decision ? (workflow.decision.outcome === 'approved' ? 'Approved' : 'Rejected') : null,
    decisionMaker: !decisionMaker
      ? null
      : decisionMaker.kind === 'director'
        ? 'Director'
        : (typed(decisionMaker.name, PUBLIC_LIMITS.decisionMaker) ?? 'Committee'),
    decisionDate: dateOfDecision(workflow.decision?.at),
    changes,
    moreChanges: described.length - changes.length,
    fullYearCost: hasCosts ? formatPounds(costs.fullYearPence) : null,
    totalCost: hasCosts ? formatPounds(costs.totalPence) : null,
    keyDecision: content.decisionFacts.keyDecision ?? null,
    openToCallIn: workflow.openToCallIn,
    callInDeadline: deadline,
    implementableFrom,
    callInCount: workflow.callIns.length,
    releasedBy: released ? 'Scrutiny officer' : null,
    releasedOn: released,
    exemption: exempt
      ? `Contains exempt information under paragraph ${exempt.paragraph} of Schedule 12A (${SCHEDULE_12A[exempt.paragraph] ?? 'Local Government Act 1972'}): not published`
      : null,
    purpose: exemptSections.has('purpose') ? null : typed(content.case.purpose, PUBLIC_LIMITS.purpose),
    documents: publicDocumentTitles(content.documents)
      .slice(0, PUBLIC_LIMITS.documentsShown)
      .map((title) => typed(title, PUBLIC_LIMITS.documentTitle) ?? 'Document'),
  };
  return PublicDecisionSummarySchema.parse(summary);
}

/** A published decision as the public listing holds it (`decisions`, the weekly digest). */
export interface DecisionListing {
  reference: string;
  /** The public title (an exempt request's listing already hides its own). */
  title: string;
  status: string;
  publishedOn: string;
  deadline?: string;
  implementableFrom: string;
}
