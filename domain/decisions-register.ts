import { CASE_SECTIONS } from './case-sections';
import { costRequest } from './costs';
import { toCsv } from './csv';
import { isPublished } from './access';
import { formatDay } from './format-date';
import type { WorkflowState } from './lifecycle';
import { publicDecisionSummary } from './public-summary';
import { completeLine, type ChangeLine, type RequestContent } from './request';

/**
 * The decisions register democratic services keep: one row per published decision over a
 * period. Every public column comes from the channel's allow-list (public-summary.ts), so
 * the register publishes exactly what the decisions channel does. The exempt columns (the
 * title, costs and case sections a Schedule 12A exemption withholds, and the reasons) are
 * filled only for a viewer the access policy entitles to the whole request; for anyone
 * else they are blank.
 */
export const REGISTER_HEADER = [
  'Reference',
  'Title',
  'Directorate',
  'Service',
  'Decision maker',
  'Decision',
  'Date of decision',
  'Published on',
  'Key decision',
  'Open to call-in',
  'Call-in deadline',
  'Implementable from',
  'Status',
  'Changes',
  'Full-year cost',
  'Total cost',
  'Purpose',
  'Exempt information',
  'Reasons for the decision (restricted)',
  'Exempt sections (restricted)',
] as const;

export interface RegisterEntry {
  reference: string;
  content: RequestContent;
  workflow: WorkflowState;
  /** Whether the person exporting may see the whole request (domain/access.ts's isEntitled). */
  entitled: boolean;
}

const yesNo = (b: boolean | null) => (b === null ? '' : b ? 'Yes' : 'No');
const EXEMPT_TITLE = 'Establishment change (contains exempt information)';

export function registerRow(entry: RegisterEntry): string[] {
  const { reference, content, workflow, entitled } = entry;
  const lines = content.lines.map(completeLine).filter((l): l is ChangeLine => !!l);
  const costs = costRequest(lines, content.funding);
  const exempt = content.decisionFacts.exempt ?? null;
  const s = publicDecisionSummary({ reference, content, workflow, costs });
  // The entitled see the figures an exemption withholds from the public columns.
  const full =
    entitled && exempt
      ? publicDecisionSummary({ reference, content: { ...content, decisionFacts: { ...content.decisionFacts, exempt: null } }, workflow, costs })
      : s;
  const sections = entitled && exempt ? CASE_SECTIONS.filter((c) => exempt.sections.includes(c.key) && content.case[c.key]) : [];
  return [
    s.reference,
    exempt && !entitled ? EXEMPT_TITLE : full.title,
    s.directorate ?? '',
    s.service ?? '',
    s.decisionMaker ?? '',
    s.outcome ?? '',
    s.decisionDate ?? '',
    workflow.publication?.publishedOn ? formatDay(workflow.publication.publishedOn) : '',
    yesNo(s.keyDecision),
    yesNo(s.openToCallIn),
    s.callInDeadline ?? '',
    s.implementableFrom ?? '',
    s.statusLabel,
    [...full.changes, ...(full.moreChanges ? [`and ${full.moreChanges} more`] : [])].join('; '),
    full.fullYearCost ?? '',
    full.totalCost ?? '',
    full.purpose ?? '',
    s.exemption ?? '',
    entitled ? (workflow.decision?.reasons ?? '') : '',
    sections.map((c) => `${c.label}: ${content.case[c.key]}`).join('\n'),
  ];
}

/** The decisions published from `from` to `to` (inclusive), oldest first, as a spreadsheet-safe CSV. */
export function decisionsRegisterCsv(entries: readonly RegisterEntry[], from: string, to: string): string {
  const rows = entries
    .filter((e) => isPublished(e.workflow) && e.workflow.publication && e.workflow.publication.publishedOn >= from && e.workflow.publication.publishedOn <= to)
    .sort((a, b) => a.workflow.publication!.publishedOn.localeCompare(b.workflow.publication!.publishedOn) || a.reference.localeCompare(b.reference))
    .map(registerRow);
  return toCsv(REGISTER_HEADER, rows);
}
