import { CASE_SECTIONS, SCHEDULE_12A, type CaseSectionKey } from './case-sections';
import { formatLongDate, londonDate, type CalendarDate } from './calendar-date';
import { currentDocuments, publicDocumentTitles } from './documents';
import type { RequestCosts } from './costs';
import type { Discipline, WorkflowState } from './lifecycle';
import { formatPounds } from './money';
import { earliestLawfulDate, ROUTE_LABELS, routeOf } from './forward-plan';
import { interestText } from './interest';
import { describeLine } from './quick-entry';
import { completeLine, type ChangeLine, type RequestContent, type DraftLine } from './request';

export type { DecisionMaker, ExemptInfo, ExemptPart, RecordAppendix, RecordChange, RecordOfDecision, RecordReview, RecordText } from './record-model';
import type { DecisionMaker, ExemptPart, RecordChange, RecordOfDecision, RecordReview, RecordText } from './record-model';

// The record of decision (its shape: record-model.ts), built from the request's content,
// its workflow state and its costs, so the card, the channel post and the Word report all
// say the same thing; and what of it may be published.

/** The order the seed reports print the reviewers' comments in, and what they call them. */
export const REVIEW_ORDER: readonly Discipline[] = ['legal', 'finance', 'hr'];
export const REVIEW_HEADINGS: Record<Discipline, string> = {
  legal: 'Constitutional Comments',
  finance: 'Financial Comments',
  hr: 'HR Comments',
};
/** The section whose exemption also covers that reviewer's comment. */
const REVIEW_SECTION: Record<Discipline, CaseSectionKey> = {
  legal: 'legalImplications',
  finance: 'financialImplications',
  hr: 'hrImplications',
};

export const NONE_DECLARED = 'None declared';

/** Where a decision cannot be implemented: it has no date to be implemented from. */
const SUSPENDED: Partial<Record<WorkflowState['status'], string>> = {
  called_in: 'Not while it is called in: the scrutiny committee is considering it',
  referred_to_council: 'Not while it is referred to full Council',
};

/** A money figure in free text: "£3,161", "£ 19.5m", "£85k", "GBP 1,000". */
const MONEY = /(?:£|\bGBP\b|\bUKP\b)\s*-?\s*\d/i;
const INTEREST = /\b(conflicts? of interest|declared? (?:an |a |their |his |her )?(?:personal |pecuniary |prejudicial )?interest|declarations? of interest)\b/i;

export function sectionLabel(part: ExemptPart): string {
  if (part === 'costs') return 'Costs';
  return CASE_SECTIONS.find((s) => s.key === part)?.label ?? part;
}

/** "See confidential appendix (exempt under paragraph 1 of Schedule 12A)". */
export function exemptNotice(paragraph: number): string {
  return `See confidential appendix (exempt under paragraph ${paragraph} of Schedule 12A)`;
}

/** Text as the public may see it: the text itself, or the notice naming the paragraph. */
export function publicText(record: RecordOfDecision, field: RecordText): string {
  return field.exempt && record.exempt ? exemptNotice(record.exempt.paragraph) : field.text;
}

/** Whether `text`, drawn from `sections`, is exempt given the parts marked exempt. */
export function isExemptText(parts: readonly ExemptPart[], text: string, sections: readonly CaseSectionKey[] = []): boolean {
  return sections.some((s) => parts.includes(s)) || (parts.includes('costs') && MONEY.test(text));
}

/** A case section's text as a RecordText (undefined when the officer left it empty). */
export function caseSectionText(record: RecordOfDecision, content: RequestContent, key: CaseSectionKey): RecordText | undefined {
  const text = content.case[key]?.trim();
  return text ? { text, exempt: isExemptText(record.exempt?.parts ?? [], text, [key]) } : undefined;
}

export function isPartExempt(record: RecordOfDecision, part: ExemptPart): boolean {
  return !!record.exempt?.parts.includes(part);
}

function withoutFigures(line: DraftLine): string {
  if (line.kind === 'one_off_payment') {
    return `${line.description ?? 'One-off payment'}${line.effectiveDate ? `, paid ${formatLongDate(line.effectiveDate)}` : ''}`;
  }
  return describeLine({ ...line, annualCostPerFtePence: undefined, previousAnnualCostPerFtePence: undefined, costIsEstimate: undefined });
}

function describeCosts(costs: RequestCosts): string {
  const parts = [`Full-year cost ${formatPounds(costs.fullYearPence)}`];
  if (costs.oneOffPence) parts.push(`one-off payments ${formatPounds(costs.oneOffPence)}`, `total ${formatPounds(costs.totalPence)}`);
  if (costs.temporaryTermPence !== null) parts.push(`temporary posts over their terms ${formatPounds(costs.temporaryTermPence)}`);
  parts.push(`funding ${formatPounds(costs.fundingPence)}`);
  if (costs.funding.status === 'shortfall') parts.push(`shortfall ${formatPounds(-costs.funding.differencePence)}`);
  return `${parts.join('; ')}.`;
}

/** The sentence that mentions an interest, if any section of the case does. */
function findInterest(content: RequestContent): { text: string; section: CaseSectionKey } | undefined {
  for (const { key } of CASE_SECTIONS) {
    const body = content.case[key];
    if (!body) continue;
    const sentence = body.split(/(?<=[.!?])\s+|\n+/).find((s) => INTEREST.test(s) && !/\bno (?:conflicts?|declarations?|interests?)\b|\bnone\b/i.test(s));
    if (sentence) return { text: sentence.trim(), section: key };
  }
  return undefined;
}

/**
 * Builds the record of decision for a decided request. Throws if the request has not
 * been decided, or if the costs were not worked out from this request's lines.
 */
export function buildRecordOfDecision(input: { reference: string; content: RequestContent; workflow: WorkflowState; costs: RequestCosts }): RecordOfDecision {
  const { reference, content, workflow, costs } = input;
  const decision = workflow.decision;
  const approvers = workflow.approvers;
  if (!decision || !approvers) throw new Error(`${reference} has not been decided: there is no record of decision yet.`);

  const exemption = content.decisionFacts.exempt ?? undefined;
  const exemptParts: readonly ExemptPart[] = exemption?.sections ?? [];
  const costsExempt = exemptParts.includes('costs');
  const field = (text: string, ...sections: CaseSectionKey[]): RecordText => ({ text, exempt: isExemptText(exemptParts, text, sections) });
  const section = (key: CaseSectionKey, fallback: string): RecordText => {
    const text = content.case[key]?.trim();
    return text ? field(text, key) : { text: fallback, exempt: false };
  };

  // The lines as decided: the complete ones, which are the ones the costs were worked out from.
  const lines = content.lines.map(completeLine).filter((l): l is ChangeLine => !!l);
  if (lines.length !== costs.lines.length) {
    throw new Error(`${reference}: the costs cover ${costs.lines.length} change(s) but the request has ${lines.length} complete change(s).`);
  }
  const changes: RecordChange[] = lines.map((line, i) => ({
    text: { text: describeLine(line), exempt: costsExempt },
    publicText: withoutFigures(line),
    cost: costs.lines[i]!,
    line,
  }));

  const d = approvers.decision;
  const actedBy = decision.by.name;
  const onBehalfOf = decision.onBehalfOf?.name;
  const decisionMaker: DecisionMaker =
    d.kind === 'director'
      ? {
          kind: 'director',
          name: d.person.name,
          role: 'Director',
          actedBy,
          ...(onBehalfOf ? { onBehalfOf } : {}),
          description: onBehalfOf ? `${d.person.name}, Director (taken by ${actedBy} on behalf of ${onBehalfOf})` : `${d.person.name}, Director`,
        }
      : {
          kind: 'committee',
          name: d.name,
          role: 'Committee',
          actedBy,
          ...(onBehalfOf ? { onBehalfOf } : {}),
          description: onBehalfOf ? `${d.name} (recorded by ${actedBy} on behalf of ${onBehalfOf})` : d.name,
        };

  const recommendation = content.case.recommendation?.trim();
  const verb = decision.outcome === 'approved' ? 'Approved' : 'Rejected';
  const decisionText = recommendation ? `${verb} the recommendation: ${recommendation}` : `${verb} the changes to the staffing establishment set out below.`;

  const reasons: RecordText = decision.reasons?.trim()
    ? field(decision.reasons.trim())
    : section('reasons', decision.outcome === 'approved' ? 'As set out in the report.' : 'No reasons recorded.');

  const interest = findInterest(content);
  const reviews: RecordReview[] = REVIEW_ORDER.flatMap((discipline) => {
    const r = workflow.reviews[discipline];
    if (!r) return [];
    return [
      {
        discipline,
        heading: `${REVIEW_HEADINGS[discipline]} (${r.signature})`,
        signature: r.signature,
        by: r.by.name,
        ...(r.onBehalfOf ? { onBehalfOf: r.onBehalfOf.name } : {}),
        text: field(r.text, REVIEW_SECTION[discipline]),
      },
    ];
  });

  const officer = content.contactOfficer;
  const leadOfficer = officer
    ? [officer.name, officer.jobTitle, officer.email, officer.phone].filter((s): s is string => !!s && !!s.trim()).join(', ')
    : undefined;

  const pub = workflow.publication;
  return {
    reference,
    title: content.title ?? 'Change to the staffing establishment',
    decisionMaker,
    outcome: decision.outcome,
    decision: field(decisionText, 'recommendation'),
    changes,
    costSummary: { text: describeCosts(costs), exempt: costsExempt },
    reasons,
    alternativeOptions: section('optionsConsidered', 'None.'),
    keyDecision: content.decisionFacts.keyDecision ?? false,
    subjectToCallIn: workflow.openToCallIn,
    dateOfDecision: londonDate(new Date(decision.at)),
    publishedOn: pub ? (pub.publishedOn as CalendarDate) : undefined,
    callInDeadline: pub?.deadline ? (pub.deadline as CalendarDate) : undefined,
    implementableFrom: pub && !SUSPENDED[workflow.status] ? (pub.implementableFrom as CalendarDate) : undefined,
    suspended: SUSPENDED[workflow.status],
    leadOfficer,
    wardsAffected: section('wardsAffected', 'Not stated'),
    conflictsOfInterest: interest ? field(interest.text, interest.section) : { text: NONE_DECLARED, exempt: false },
    decisionMakerInterest: [
      `${actedBy}: ${interestText(decision.interest)}`,
      ...workflow.stoodAside.map((a) => `${a.by.name} declared a prejudicial interest and took no part: ${a.nature}`),
    ].join('\n'),
    dispensation: decision.interest?.kind === 'declared' && decision.interest.dispensation ? decision.interest.dispensation : 'None',
    forwardPlan: forwardPlanText(workflow),
    reviews,
    exempt: exemption
      ? {
          paragraph: exemption.paragraph,
          paragraphText: SCHEDULE_12A[exemption.paragraph] ?? '',
          parts: [...exemption.sections],
          labels: exemption.sections.map(sectionLabel),
        }
      : undefined,
    appendices: currentDocuments(content.documents).map((d) => ({
      title: d.title,
      fileName: d.fileName,
      exempt: d.exempt === false ? false : { ...(d.exempt ? { paragraph: d.exempt.paragraph } : {}) },
    })),
    backgroundPapers: publicDocumentTitles(content.documents),
  };
}

/** The forward plan as the record states it: the notice, the route used and, for an exception, why. */
function forwardPlanText(workflow: WorkflowState): string | undefined {
  const plan = workflow.forwardPlan;
  if (!plan) return undefined;
  const notice = `Notice published on the forward plan on ${formatLongDate(plan.notice.publishedOn as CalendarDate)}; earliest decision date ${formatLongDate(earliestLawfulDate(plan))}.`;
  const e = plan.exception;
  const why = e ? ` Recorded by ${e.by.name} on ${formatLongDate(e.recordedOn as CalendarDate)}; chair: ${e.chair}; reasons: ${e.reasons}` : '';
  const reported = e?.route === 'special_urgency' ? ' To be reported to the council (reg. 11).' : '';
  return `${ROUTE_LABELS[routeOf(plan)]}. ${notice}${why}${reported}`;
}
