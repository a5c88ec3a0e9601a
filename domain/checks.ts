import { CASE_SECTIONS } from './case-sections';
import { compareDates } from './calendar-date';
import { costRequest, termEnd, type RequestCosts } from './costs';
import { currentDocuments } from './documents';
import { formatPounds } from './money';
import { missingFields } from './quick-entry';
import { completeLine, type ChangeLine, type RequestContent } from './request';

export type CheckSeverity = 'error' | 'warning';
export interface Check {
  code:
    | 'TITLE_MISSING'
    | 'DIRECTORATE_MISSING'
    | 'CONTACT_MISSING'
    | 'NO_LINES'
    | 'LINE_INCOMPLETE'
    | 'END_BEFORE_START'
    | 'FTE_ZERO'
    | 'NO_FUNDING'
    | 'SECTION_MISSING'
    | 'DECISION_FACTS_MISSING'
    | 'KEY_DECISION_NOT_MARKED'
    | 'KEY_DECISION_NOT_CALLED_IN'
    | 'COLLECTIVE_CONSULTATION'
    | 'SENIOR_PAY'
    | 'FUNDING_SHORTFALL'
    | 'COST_ESTIMATED'
    | 'DOCUMENT_EXEMPTION_MISSING';
  severity: CheckSeverity;
  message: string;
}

export interface CheckOptions {
  /** Total above which a decision is a key decision; £500,000 unless configured. */
  keyDecisionThresholdPence: number;
}

export const DEFAULT_CHECK_OPTIONS: CheckOptions = { keyDecisionThresholdPence: 50_000_000 };

const SENIOR_PAY_PENCE = 10_000_000;
const COLLECTIVE_CONSULTATION_FTE = 2_000;

function lineName(index: number, title: string | undefined): string {
  return `Change ${index + 1}${title ? ` (${title})` : ''}`;
}

/**
 * Everything that stops a request being submitted (errors) or that the officer and the
 * decision maker should see (warnings). Pure: the same draft always gives the same list.
 */
export function checkDraft(
  draft: RequestContent,
  options: CheckOptions = DEFAULT_CHECK_OPTIONS,
): { checks: Check[]; costs: RequestCosts; lines: ChangeLine[] } {
  const checks: Check[] = [];
  const error = (code: Check['code'], message: string) => checks.push({ code, severity: 'error', message });
  const warn = (code: Check['code'], message: string) => checks.push({ code, severity: 'warning', message });

  if (!draft.title) error('TITLE_MISSING', 'The request needs a title.');
  if (!draft.directorate || !draft.service) error('DIRECTORATE_MISSING', 'Say which directorate and service the posts sit in.');
  if (!draft.contactOfficer) error('CONTACT_MISSING', 'Name the contact officer for enquiries.');
  if (draft.lines.length === 0) error('NO_LINES', 'Add at least one change (a post to establish, disestablish or regrade, or a one-off payment).');

  const lines: ChangeLine[] = [];
  draft.lines.forEach((line, i) => {
    if (line.fteHundredths === 0) error('FTE_ZERO', `${lineName(i, line.jobTitle)}: FTE must be more than zero.`);
    if (line.effectiveDate && line.term?.type === 'temporary') {
      const end = termEnd(line.effectiveDate, line.term);
      if (end && compareDates(end, line.effectiveDate) < 0) {
        error('END_BEFORE_START', `${lineName(i, line.jobTitle)}: the end date is before the start date.`);
        return;
      }
    }
    const complete = completeLine(line);
    if (!complete) {
      error('LINE_INCOMPLETE', `${lineName(i, line.jobTitle)} still needs: ${missingFields(line).join(', ') || 'a closer look'}.`);
      return;
    }
    lines.push(complete);
    if (complete.kind !== 'one_off_payment') {
      if (complete.annualCostPerFtePence >= SENIOR_PAY_PENCE)
        warn(
          'SENIOR_PAY',
          `${lineName(i, complete.jobTitle)} costs ${formatPounds(complete.annualCostPerFtePence)} a year: senior pay rules and the pay policy statement apply.`,
        );
      if (complete.costIsEstimate) warn('COST_ESTIMATED', `${lineName(i, complete.jobTitle)}: the cost is an estimate until job evaluation fixes the grade.`);
    }
  });

  const costs = costRequest(lines, draft.funding);
  if (draft.lines.length > 0 && draft.funding.length === 0) error('NO_FUNDING', 'Say how the changes are funded (existing budget, grant, traded income, …).');
  else if (costs.funding.status === 'shortfall') warn('FUNDING_SHORTFALL', `Funding falls ${formatPounds(-costs.funding.differencePence)} short of the cost.`);

  for (const section of CASE_SECTIONS) {
    if (section.required && !draft.case[section.key]) error('SECTION_MISSING', `The report needs "${section.label}".`);
  }
  const facts = draft.decisionFacts;
  if (facts.keyDecision === undefined || facts.openToCallIn === undefined || facts.exempt === undefined) {
    error('DECISION_FACTS_MISSING', 'Say whether this is a key decision, whether it is open to call-in and whether any of it is exempt.');
  }
  currentDocuments(draft.documents).forEach((d, i) => {
    if (d.exempt === undefined)
      error(
        'DOCUMENT_EXEMPTION_MISSING',
        `Document ${i + 1} (${d.title}): say whether it is exempt (**mark document ${i + 1} not exempt**, or **mark document ${i + 1} exempt 3** with its Schedule 12A paragraph).`,
      );
  });
  if (costs.totalPence >= options.keyDecisionThresholdPence && facts.keyDecision !== true) {
    error(
      'KEY_DECISION_NOT_MARKED',
      `The total of ${formatPounds(costs.totalPence)} is at or above the key decision threshold of ${formatPounds(options.keyDecisionThresholdPence)}: mark it as a key decision.`,
    );
  }
  // Key decisions are subject to call-in; only urgency (with its reason in the report) excludes one.
  if (facts.keyDecision === true && facts.openToCallIn === false) {
    warn(
      'KEY_DECISION_NOT_CALLED_IN',
      'A key decision is subject to call-in unless it is urgent: if it is, give the reason for the urgency in the report; if not, make it open to call-in.',
    );
  }
  const disestablished = lines.reduce((sum, l) => sum + (l.kind === 'disestablish' ? l.fteHundredths : 0), 0);
  if (disestablished >= COLLECTIVE_CONSULTATION_FTE) {
    warn(
      'COLLECTIVE_CONSULTATION',
      `${disestablished / 100} fte are disestablished: if 20 or more employees may be dismissed, collective consultation under s.188 TULRCA 1992 is required.`,
    );
  }
  return { checks, costs, lines };
}
