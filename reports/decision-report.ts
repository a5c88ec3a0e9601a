import { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatLongDate } from '../domain/calendar-date';
import type { CaseSectionKey } from '../domain/case-sections';
import { describeFunding, describeTerm, type RequestCosts } from '../domain/costs';
import { formatPounds } from '../domain/money';
import { caseSectionText, exemptNotice, isPartExempt, publicText, sectionLabel, type RecordOfDecision, type RecordText } from '../domain/record-of-decision';
import { FUNDING_KIND_LABELS, type RequestContent } from '../domain/request';
import { appendixBlocks } from './appendices';

/**
 * The decision report as a Word document, laid out like the seed council reports: a
 * title block, the case in the reports' headings, the financial tables, the reviewers'
 * comments ("Financial Comments (SAS 07/05/19)") and the record of decision.
 *
 * Exempt information never appears in the body: the body names the Schedule 12A
 * paragraph and points to a final confidential appendix. The public version has no
 * appendix at all.
 */

export const APPENDIX_HEADING = 'Confidential appendix — not for publication';

/** The body's headings, in the seeds' words, for the sections every report has. */
export const REPORT_HEADINGS = {
  purpose: 'Purpose of the Report',
  background: 'Information',
  proposal: 'Proposals',
  optionsConsidered: 'Other Options Considered',
  reasons: 'Reason/s for Recommendation/s',
  financialImplications: 'Financial Implications',
  hrImplications: 'Human Resources Implications',
  legalImplications: 'Legal Implications',
  recommendation: 'Recommendation/s',
  comments: 'Comments of the reviewing officers',
  record: 'Record of Decision',
} as const;

/** Sections printed only when the officer wrote something, under their own labels. */
const OPTIONAL_SECTIONS: readonly CaseSectionKey[] = ['risks', 'equalityImplications', 'consultation'];

type Block = Paragraph | Table;

const yesNo = (b: boolean): string => (b ? 'Yes' : 'No');

function heading(text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel] = HeadingLevel.HEADING_1): Paragraph {
  return new Paragraph({ text, heading: level, spacing: { before: 240, after: 120 } });
}

/** Free text as paragraphs, one per line the officer wrote. */
function paragraphs(text: string): Paragraph[] {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.length ? lines : ['None.']).map((line) => {
    const bullet = /^[-•*]\s+/.test(line);
    return new Paragraph({ text: bullet ? line.replace(/^[-•*]\s+/, '') : line, ...(bullet ? { bullet: { level: 0 } } : {}), spacing: { after: 120 } });
  });
}

function cell(text: string, options: { bold?: boolean; right?: boolean } = {}): TableCell {
  return new TableCell({
    children: text
      .split('\n')
      .map(
        (line) =>
          new Paragraph({ children: [new TextRun({ text: line, bold: !!options.bold })], ...(options.right ? { alignment: AlignmentType.RIGHT } : {}) }),
      ),
  });
}

function table(rows: string[][], options: { header?: boolean; numericFrom?: number } = {}): Table {
  const numericFrom = options.numericFrom ?? Number.POSITIVE_INFINITY;
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row, r) =>
        new TableRow({
          tableHeader: !!options.header && r === 0,
          children: row.map((text, c) => cell(text, { bold: !!options.header && r === 0, right: c >= numericFrom && !(options.header && r === 0) })),
        }),
    ),
  });
}

/** Label/value pairs: the title block and the record of decision. */
function facts(rows: Array<[string, string]>): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: {
      top: { style: BorderStyle.SINGLE, size: 4, color: '999999' },
      bottom: { style: BorderStyle.SINGLE, size: 4, color: '999999' },
      left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
      insideHorizontal: { style: BorderStyle.SINGLE, size: 2, color: 'CCCCCC' },
      insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
    },
    rows: rows.map(([label, value]) => new TableRow({ children: [cell(label, { bold: true }), cell(value)] })),
  });
}

/** The cost table: each change, its full-year and term cost and its financial-year split, then the totals. */
function costBlocks(record: RecordOfDecision, content: RequestContent, costs: RequestCosts): Block[] {
  const years = costs.byFinancialYear.map((y) => y.label);
  const header = ['Change', 'Full-year cost', 'Cost over term', ...years];
  const rows = record.changes.map((change) => {
    const c = change.cost;
    const fullYear = change.line.kind === 'one_off_payment' ? `${formatPounds(c.oneOffPence)} (one-off)` : formatPounds(c.fullYearPence);
    const term =
      change.line.kind === 'one_off_payment' ? '—' : c.termPence === null ? 'Permanent' : `${formatPounds(c.termPence)}\n${describeTerm(c) ?? ''}`.trim();
    const byYear = years.map((label) => {
      const y = c.byFinancialYear.find((x) => x.label === label);
      return y ? formatPounds(y.pence) : '—';
    });
    return [change.text.text, fullYear, term, ...byYear];
  });
  const totals = [
    'Total',
    formatPounds(costs.fullYearPence),
    costs.temporaryTermPence === null ? '—' : formatPounds(costs.temporaryTermPence),
    ...costs.byFinancialYear.map((y) => formatPounds(y.pence)),
  ];

  const funding = content.funding.map((f) => [
    f.description ? `${FUNDING_KIND_LABELS[f.kind]}: ${f.description}` : FUNDING_KIND_LABELS[f.kind],
    formatPounds(f.amountPence),
  ]);
  const fundingRows = [['Funding source', 'Amount'], ...funding, ['Total funding', formatPounds(costs.fundingPence)]];
  if (costs.funding.status === 'shortfall') fundingRows.push(['Shortfall', formatPounds(-costs.funding.differencePence)]);
  if (costs.funding.status === 'surplus') fundingRows.push(['Funding exceeding the cost', formatPounds(costs.funding.differencePence)]);

  const summary: Array<[string, string]> = [['Full-year cost', formatPounds(costs.fullYearPence)]];
  if (costs.oneOffPence) {
    summary.push(['One-off payments', formatPounds(costs.oneOffPence)]);
    summary.push(['Total (full year + one-off)', formatPounds(costs.totalPence)]);
  }
  if (costs.temporaryTermPence !== null) summary.push(['Temporary posts over their terms', formatPounds(costs.temporaryTermPence)]);

  return [
    new Paragraph({ children: [new TextRun({ text: 'Cost of the changes (with on-costs)', bold: true })], spacing: { before: 120, after: 120 } }),
    table([header, ...rows, totals], { header: true, numericFrom: 1 }),
    new Paragraph({ text: '' }),
    facts(summary),
    new Paragraph({ children: [new TextRun({ text: 'Funding', bold: true })], spacing: { before: 240, after: 120 } }),
    table(fundingRows, { header: true, numericFrom: 1 }),
    new Paragraph({ text: describeFunding(costs.funding), spacing: { before: 120, after: 120 } }),
  ];
}

function render(record: RecordOfDecision, content: RequestContent, costs: RequestCosts, withAppendix: boolean): Promise<Buffer> {
  const notice = record.exempt ? exemptNotice(record.exempt.paragraph) : '';
  const costsExempt = isPartExempt(record, 'costs');
  const appendix: Block[] = [];
  const inAppendix = new Set<string>();
  const toAppendix = (title: string, blocks: Block[], key: string = title) => {
    if (inAppendix.has(key)) return;
    inAppendix.add(key);
    appendix.push(heading(title, HeadingLevel.HEADING_2), ...blocks);
  };
  /** Public text, sending exempt text to the appendix under `title`. */
  const show = (title: string, field: RecordText | undefined, fallback = 'None.'): Paragraph[] => {
    if (!field) return paragraphs(fallback);
    if (!field.exempt || !record.exempt) return paragraphs(field.text);
    toAppendix(title, paragraphs(field.text), field.text);
    return paragraphs(notice);
  };
  const section = (key: CaseSectionKey, title: string = REPORT_HEADINGS[key as keyof typeof REPORT_HEADINGS] ?? sectionLabel(key)): Block[] => [
    heading(title),
    ...show(title, caseSectionText(record, content, key)),
  ];

  const body: Block[] = [];

  // Title block.
  body.push(new Paragraph({ text: record.title, heading: HeadingLevel.TITLE, spacing: { after: 240 } }));
  const titleFacts: Array<[string, string]> = [['Reference', record.reference]];
  if (content.directorate || content.service)
    titleFacts.push(['Directorate / service', [content.directorate, content.service, content.team].filter(Boolean).join(', ')]);
  titleFacts.push(
    ['Decision maker', record.decisionMaker.description],
    ['Date of decision', formatLongDate(record.dateOfDecision)],
    ['Key decision', yesNo(record.keyDecision)],
    ['Subject to call-in', yesNo(record.subjectToCallIn)],
    [
      'Contains exempt information',
      record.exempt ? `Yes: paragraph ${record.exempt.paragraph} of Schedule 12A (${record.exempt.paragraphText}): ${record.exempt.labels.join(', ')}` : 'No',
    ],
  );
  body.push(facts(titleFacts));

  // The case.
  body.push(...section('purpose'), ...section('background'));
  body.push(...section('proposal'));
  if (record.changes.length) {
    body.push(new Paragraph({ text: 'The changes to the staffing establishment:', spacing: { before: 120, after: 120 } }));
    for (const change of record.changes) {
      body.push(new Paragraph({ text: change.text.exempt ? change.publicText : change.text.text, bullet: { level: 0 } }));
    }
  }
  body.push(...section('optionsConsidered'), ...section('reasons'));

  body.push(...section('financialImplications'));
  if (costsExempt && record.exempt) {
    body.push(new Paragraph({ text: `Costs and funding: ${notice}`, spacing: { after: 120 } }));
    toAppendix('Costs and funding', [
      ...record.changes.map((c) => new Paragraph({ text: c.text.text, bullet: { level: 0 } })),
      ...costBlocks(record, content, costs),
    ]);
  } else {
    body.push(...costBlocks(record, content, costs));
  }

  body.push(...section('hrImplications'), ...section('legalImplications'));
  for (const key of OPTIONAL_SECTIONS) if (content.case[key]?.trim()) body.push(...section(key));
  body.push(...section('recommendation'));
  const appendices = appendixBlocks(record);
  body.push(...appendices.body);
  if (appendices.confidential.length) toAppendix('Exempt appendices', appendices.confidential);

  // The reviewers' comments, in the seeds' style.
  body.push(heading(REPORT_HEADINGS.comments));
  if (!record.reviews.length) body.push(...paragraphs('No comments recorded.'));
  for (const review of record.reviews) {
    body.push(heading(review.heading, HeadingLevel.HEADING_2), ...show(review.heading, review.text));
    if (review.onBehalfOf) body.push(new Paragraph({ children: [new TextRun({ text: `${review.by} on behalf of ${review.onBehalfOf}`, italics: true })] }));
  }

  // The record of decision.
  body.push(heading(REPORT_HEADINGS.record));
  const publicOrNotice = (title: string, field: RecordText): string => {
    if (field.exempt && record.exempt) toAppendix(title, paragraphs(field.text), field.text);
    return publicText(record, field);
  };
  const decisionText = [
    publicOrNotice('Decision', record.decision),
    ...record.changes.map((c) => `• ${c.text.exempt ? c.publicText : c.text.text}`),
    publicOrNotice('Cost summary', record.costSummary),
  ].join('\n');
  const recordFacts: Array<[string, string]> = [
    ['Reference', record.reference],
    ['Title', record.title],
    ['Decision maker', record.decisionMaker.description],
    ['Decision', decisionText],
    ['Outcome', record.outcome === 'approved' ? 'Approved' : 'Rejected'],
    ['Reasons for the decision', publicOrNotice('Reasons for the decision', record.reasons)],
    ['Alternative options considered', publicOrNotice(sectionLabel('optionsConsidered'), record.alternativeOptions)],
    ['Key decision', yesNo(record.keyDecision)],
    ['Subject to call-in', yesNo(record.subjectToCallIn)],
    ['Date of decision', formatLongDate(record.dateOfDecision)],
    ['Publication date', record.publishedOn ? formatLongDate(record.publishedOn) : 'Not yet published'],
  ];
  if (record.subjectToCallIn) recordFacts.push(['Call-in period ends', record.callInDeadline ? formatLongDate(record.callInDeadline) : 'Not yet published']);
  recordFacts.push(
    ['Can be implemented from', record.implementableFrom ? formatLongDate(record.implementableFrom) : (record.suspended ?? 'Not yet published')],
    ['Lead officer', record.leadOfficer ?? 'Not stated'],
    ['Wards affected', publicOrNotice(sectionLabel('wardsAffected'), record.wardsAffected)],
    ['Declared conflicts of interest', publicOrNotice('Declared conflicts of interest', record.conflictsOfInterest)],
    ['Decision maker’s declaration of interests', record.decisionMakerInterest],
    ['Dispensation granted', record.dispensation],
    ['Forward plan (key decisions)', record.forwardPlan ?? 'Not a key decision'],
    ['Background papers', record.backgroundPapers.join('\n') || 'None'],
    [
      'Exempt information',
      record.exempt ? `Paragraph ${record.exempt.paragraph} of Schedule 12A to the Local Government Act 1972: ${record.exempt.labels.join(', ')}` : 'None',
    ],
  );
  body.push(facts(recordFacts));

  if (withAppendix && appendix.length) {
    const grounds = record.exempt
      ? `Exempt under paragraph ${record.exempt.paragraph} of Schedule 12A to the Local Government Act 1972: ${record.exempt.paragraphText}.`
      : 'Exempt under Schedule 12A to the Local Government Act 1972, under the paragraphs given below.';
    body.push(
      new Paragraph({ text: APPENDIX_HEADING, heading: HeadingLevel.HEADING_1, pageBreakBefore: true, spacing: { after: 120 } }),
      new Paragraph({ children: [new TextRun({ text: grounds, bold: true })], spacing: { after: 240 } }),
      ...appendix,
    );
  }

  const doc = new Document({
    creator: 'Establishment change approvals',
    title: `${record.reference}: ${record.title}`,
    description: withAppendix ? 'Record of decision with confidential appendix' : 'Record of decision (published version)',
    sections: [{ children: body }],
  });
  return Packer.toBuffer(doc);
}

/** The full report, exempt information in a confidential appendix at the end. */
export function renderDecisionReport(record: RecordOfDecision, content: RequestContent, costs: RequestCosts): Promise<Buffer> {
  return render(record, content, costs, true);
}

/** The report as published: exempt information left out entirely, the paragraph named. */
export function renderPublicDecisionReport(record: RecordOfDecision, content: RequestContent, costs: RequestCosts): Promise<Buffer> {
  return render(record, content, costs, false);
}
