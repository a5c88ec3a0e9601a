import JSZip from 'jszip';
import { checkDraft } from '../../domain/checks';
import { WorkflowStateSchema, type WorkflowState } from '../../domain/lifecycle';
import { buildRecordOfDecision, type RecordOfDecision } from '../../domain/record-of-decision';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import type { RequestCosts } from '../../domain/costs';
import { APPENDIX_HEADING, REPORT_HEADINGS, renderDecisionReport, renderPublicDecisionReport } from '../../reports/decision-report';

/** Seed 004 as a request: two PO4 Commissioning Managers (one fixed term to 31/03/2025) and a PO2 Commissioning Officer. */
const CONSULTATION = 'The trade unions were consulted on the grading of the posts and raised no objection.';
const seed004 = (overrides: Partial<RequestContent> = {}): RequestContent =>
  RequestContentSchema.parse({
    title: 'Request to create traded Childrens Commissioning posts',
    directorate: 'Children and Families',
    service: 'Commissioning and Market Management',
    contactOfficer: { name: 'Jo Turner', jobTitle: 'Head of Commissioning', email: 'jo.turner@example.gov.uk' },
    lines: [
      {
        kind: 'establish',
        fteHundredths: 100,
        jobTitle: 'Commissioning Manager',
        grade: 'PO4',
        annualCostPerFtePence: 5_558_800,
        term: { type: 'permanent' },
        effectiveDate: '2022-12-01',
      },
      {
        kind: 'establish',
        fteHundredths: 100,
        jobTitle: 'Commissioning Officer',
        grade: 'PO2',
        annualCostPerFtePence: 4_483_200,
        term: { type: 'permanent' },
        effectiveDate: '2022-12-01',
      },
      {
        kind: 'establish',
        fteHundredths: 100,
        jobTitle: 'Commissioning Manager',
        grade: 'PO4',
        annualCostPerFtePence: 5_558_800,
        term: { type: 'temporary', endDate: '2025-03-31' },
        effectiveDate: '2022-12-01',
      },
    ],
    funding: [
      { kind: 'traded_income', description: 'OAWY', amountPence: 10_042_000 },
      { kind: 'government_grant', description: 'SAFE Taskforce', amountPence: 5_558_800 },
    ],
    case: {
      purpose: 'This report requests the creation of three new positions in the Children and Families Commissioning and Market Management team.',
      background: 'The Commissioning Team has been supporting OAWY for a number of years.\n- One Adoption West Yorkshire (OAWY)\n- Leeds SAFE Taskforce',
      proposal: 'It is proposed that three new staffing positions are created to meet the combined requirements of this new traded activity.',
      optionsConsidered: 'Various options were considered including creation of a part-time PO6 post but these were considered less suitable.',
      reasons: 'The proposal will enable the service to adequately resource essential areas of commissioning activity.',
      hrImplications: 'Recruitment will follow the usual procedures.',
      financialImplications:
        'The three posts, with a total value of approximately £156,008 per annum, will be funded by OAWY (£100,420) and SAFE Taskforce (£55,588).',
      legalImplications: 'There are no specific legal implications of this decision.',
      consultation: CONSULTATION,
      wardsAffected: 'All',
      recommendation:
        'The Director of Children and Families is recommended to approve the creation of two new PO4 Commissioning Managers and one new PO2 Commissioning Officer.',
    },
    decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 4, sections: ['consultation'] } },
    ...overrides,
  });

const T = '00000000-0000-0000-0000-000000000004';
const p = (id: string, name: string, initials?: string) => ({
  tenantId: T,
  aadObjectId: `00000000-0000-0000-0000-0000000000${id}`,
  name,
  ...(initials ? { initials } : {}),
});
const director = p('c1', 'Julie Longworth');
const workflow: WorkflowState = WorkflowStateSchema.parse({
  status: 'published',
  version: 9,
  requester: p('a1', 'Jo Turner'),
  openToCallIn: true,
  approvers: {
    finance: p('b1', 'Sarah Ann Smith', 'SAS'),
    hr: p('b2', 'Bob Clark', 'BC'),
    legal: p('b3', 'Emma Patel', 'EP'),
    decision: { kind: 'director', person: director },
  },
  reviews: {
    legal: {
      by: p('b3', 'Emma Patel', 'EP'),
      at: '2022-11-10T11:00:00Z',
      text: 'The recommendations fall within the remit of the Director.',
      signature: 'EP 10/11/22',
    },
    finance: {
      by: p('b1', 'Sarah Ann Smith', 'SAS'),
      at: '2022-11-11T10:00:00Z',
      text: 'The full-year cost of £156,008 is met by OAWY and SAFE Taskforce funding.',
      signature: 'SAS 11/11/22',
    },
    hr: {
      by: p('b2', 'Bob Clark', 'BC'),
      at: '2022-11-11T12:00:00Z',
      text: 'The staffing implications are contained within the body of the report.',
      signature: 'BC 11/11/22',
    },
  },
  decision: { by: director, at: '2022-11-14T16:00:00Z', outcome: 'approved' },
  publication: { publishedOn: '2022-11-15', deadline: '2022-11-22', implementableFrom: '2022-11-23' },
});

/** The document's paragraphs as plain text, in order (table cells are paragraphs too). */
async function paragraphsOf(docx: Buffer): Promise<string[]> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  return xml
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => decode(m[1]!)).join(''))
    .filter((t) => t.length > 0);
}

function build(content: RequestContent): { record: RecordOfDecision; costs: RequestCosts } {
  const { costs } = checkDraft(content);
  return { record: buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow, costs }), costs };
}

/** The value printed beside a label in a facts table. */
const factOf = (paras: string[], label: string): string | undefined => {
  const i = paras.indexOf(label);
  return i < 0 ? undefined : paras[i + 1];
};

describe('decision report (.docx): seed 004 with an exempt consultation section', () => {
  const content = seed004();
  const { record, costs } = build(content);
  let full: string[];
  let pub: string[];
  let fullText: string;
  let pubText: string;
  beforeAll(async () => {
    const buffer = await renderDecisionReport(record, content, costs);
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
    full = await paragraphsOf(buffer);
    pub = await paragraphsOf(await renderPublicDecisionReport(record, content, costs));
    fullText = full.join('\n');
    pubText = pub.join('\n');
  });

  it('opens with the title block', () => {
    expect(full[0]).toBe('Request to create traded Childrens Commissioning posts');
    expect(factOf(full, 'Reference')).toBe('ECR-2022-0042');
    expect(factOf(full, 'Decision maker')).toBe('Julie Longworth, Director');
    expect(factOf(full, 'Date of decision')).toBe('14 November 2022');
    expect(factOf(full, 'Key decision')).toBe('No');
    expect(factOf(full, 'Subject to call-in')).toBe('Yes');
    expect(factOf(full, 'Contains exempt information')).toBe(
      'Yes: paragraph 4 of Schedule 12A (Information relating to consultations or negotiations on labour relations matters): Consultation',
    );
  });

  it('prints every section heading in the seeds’ order', () => {
    const headings = [
      REPORT_HEADINGS.purpose,
      REPORT_HEADINGS.background,
      REPORT_HEADINGS.proposal,
      REPORT_HEADINGS.optionsConsidered,
      REPORT_HEADINGS.reasons,
      REPORT_HEADINGS.financialImplications,
      REPORT_HEADINGS.hrImplications,
      REPORT_HEADINGS.legalImplications,
      'Consultation',
      REPORT_HEADINGS.recommendation,
      REPORT_HEADINGS.comments,
      'Constitutional Comments (EP 10/11/22)',
      'Financial Comments (SAS 11/11/22)',
      'HR Comments (BC 11/11/22)',
      REPORT_HEADINGS.record,
      APPENDIX_HEADING,
    ];
    const positions = headings.map((h) => full.indexOf(h));
    expect(positions.every((i) => i > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(full[full.indexOf(REPORT_HEADINGS.purpose) + 1]).toBe(content.case.purpose);
    // The officer's bullets stay separate paragraphs.
    expect(full).toContain('Leeds SAFE Taskforce');
  });

  it('lists the posts and prints the cost table, financial-year split and funding', () => {
    expect(full).toContain('1 fte Commissioning Officer (PO2, £44,832 with on-costs), permanent, with effect from 1 December 2022');
    const fin = full.indexOf(REPORT_HEADINGS.financialImplications);
    const hr = full.indexOf(REPORT_HEADINGS.hrImplications);
    const money = full.slice(fin, hr);
    // Header row, with a column per financial year.
    const header = money.indexOf('Change');
    expect(money.slice(header, header + 6)).toEqual(['Change', 'Full-year cost', 'Cost over term', '2022/23', '2023/24', '2024/25']);
    // A permanent post: its full year, "Permanent", then Dec–Mar of 2022/23 and two full years.
    const po2 = money.indexOf('1 fte Commissioning Officer (PO2, £44,832 with on-costs), permanent, with effect from 1 December 2022');
    expect(money.slice(po2 + 1, po2 + 6)).toEqual(['£44,832', 'Permanent', '£14,944', '£44,832', '£44,832']);
    // The fixed-term PO4: Dec 2022 – Mar 2025 is 28 months of £55,588.
    expect(money).toContain('£129,705.33');
    expect(money).toContain('1 December 2022 to 31 March 2025');
    // Totals.
    expect(money[money.lastIndexOf('Full-year cost') + 1]).toBe('£156,008');
    expect(factOf(money, 'Temporary posts over their terms')).toBe('£129,705.33');
    const total = money.indexOf('Total');
    expect(money.slice(total + 1, total + 6)).toEqual(['£156,008', '£129,705.33', '£52,002.66', '£156,008', '£156,008']);
    // Funding.
    expect(factOf(money, 'Traded income / recharge: OAWY')).toBe('£100,420');
    expect(factOf(money, 'Government grant: SAFE Taskforce')).toBe('£55,588');
    expect(factOf(money, 'Total funding')).toBe('£156,008');
    expect(money).toContain('Funding exactly covers the cost.');
    expect(money).not.toContain('Shortfall');
  });

  it("prints the reviewers' comments under their signatures", () => {
    const i = full.indexOf('Financial Comments (SAS 11/11/22)');
    expect(full[i + 1]).toBe('The full-year cost of £156,008 is met by OAWY and SAFE Taskforce funding.');
    expect(full[full.indexOf('HR Comments (BC 11/11/22)') + 1]).toBe('The staffing implications are contained within the body of the report.');
  });

  it('ends the public part with the record of decision facts', () => {
    const rec = full.slice(full.indexOf(REPORT_HEADINGS.record));
    expect(factOf(rec, 'Outcome')).toBe('Approved');
    expect(factOf(rec, 'Reasons for the decision')).toBe(content.case.reasons);
    expect(factOf(rec, 'Alternative options considered')).toBe(content.case.optionsConsidered);
    expect(factOf(rec, 'Publication date')).toBe('15 November 2022');
    expect(factOf(rec, 'Call-in period ends')).toBe('22 November 2022');
    expect(factOf(rec, 'Can be implemented from')).toBe('23 November 2022');
    expect(factOf(rec, 'Lead officer')).toBe('Jo Turner, Head of Commissioning, jo.turner@example.gov.uk');
    expect(factOf(rec, 'Wards affected')).toBe('All');
    expect(factOf(rec, 'Declared conflicts of interest')).toBe('None declared');
    expect(factOf(rec, 'Decision')).toMatch(/^Approved the recommendation: The Director of Children and Families/);
  });

  it('keeps the exempt section out of the body: only after the confidential appendix heading', () => {
    const appendix = full.indexOf(APPENDIX_HEADING);
    expect(full.indexOf(CONSULTATION)).toBeGreaterThan(appendix);
    expect(full.filter((p) => p === CONSULTATION)).toHaveLength(1);
    expect(full[full.indexOf('Consultation') + 1]).toBe('See confidential appendix (exempt under paragraph 4 of Schedule 12A)');
    expect(full[appendix + 1]).toBe(
      'Exempt under paragraph 4 of Schedule 12A to the Local Government Act 1972: Information relating to consultations or negotiations on labour relations matters.',
    );
  });

  it('leaves the exempt section and the appendix out of the public version entirely', () => {
    expect(pubText).not.toContain('trade unions were consulted');
    expect(pubText).not.toContain('Confidential appendix');
    expect(pub[pub.indexOf('Consultation') + 1]).toBe('See confidential appendix (exempt under paragraph 4 of Schedule 12A)');
    // Everything else is the same.
    expect(pub).toEqual(full.slice(0, full.indexOf(APPENDIX_HEADING)));
    expect(fullText.length).toBeGreaterThan(pubText.length);
  });
});

describe('decision report (.docx): variations', () => {
  it('moves every figure to the appendix when costs are exempt: the public version has no £ at all', async () => {
    const content = seed004({ decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 3, sections: ['costs'] } } });
    const { record, costs } = build(content);
    const full = await paragraphsOf(await renderDecisionReport(record, content, costs));
    const pub = await paragraphsOf(await renderPublicDecisionReport(record, content, costs));
    expect(pub.join('\n')).not.toContain('£');
    expect(pub).toContain('1 fte Commissioning Officer (PO2), permanent, with effect from 1 December 2022');
    expect(pub).toContain('Costs and funding: See confidential appendix (exempt under paragraph 3 of Schedule 12A)');
    const appendix = full.indexOf(APPENDIX_HEADING);
    expect(appendix).toBeGreaterThan(0);
    full.forEach((p, i) => {
      if (p.includes('£')) expect(i).toBeGreaterThan(appendix);
    });
    const after = full.slice(appendix);
    expect(after).toContain('£156,008');
    expect(after).toContain('£129,705.33');
    expect(after).toContain('The full-year cost of £156,008 is met by OAWY and SAFE Taskforce funding.');
    // The financial implications text quotes figures, so it went too.
    expect(after).toContain(content.case.financialImplications);
    // Each exempt text appears once.
    expect(after.filter((p) => p === content.case.financialImplications)).toHaveLength(1);
  });

  it('has no appendix when nothing is exempt, and shows a shortfall', async () => {
    const content = seed004({
      decisionFacts: { keyDecision: true, openToCallIn: true, exempt: null },
      funding: [{ kind: 'traded_income', description: 'OAWY', amountPence: 10_042_000 }],
    });
    const { record, costs } = build(content);
    const full = await paragraphsOf(await renderDecisionReport(record, content, costs));
    expect(full).not.toContain(APPENDIX_HEADING);
    expect(full).toContain(CONSULTATION);
    expect(factOf(full, 'Key decision')).toBe('Yes');
    expect(factOf(full, 'Contains exempt information')).toBe('No');
    expect(factOf(full, 'Shortfall')).toBe('£55,588');
    expect(full).toContain('Shortfall: funding falls £55,588 short of the cost.');
  });

  it('gives no date it can be implemented from while the decision is called in', async () => {
    const content = seed004();
    const calledIn = WorkflowStateSchema.parse({
      ...workflow,
      status: 'called_in',
      callIns: [{ by: p('d1', 'Sam Scrutiny'), at: '2022-11-17T10:00:00Z', grounds: 'Funding beyond 2025.' }],
    });
    const { costs } = checkDraft(content);
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: calledIn, costs });
    expect(record.implementableFrom).toBeUndefined();
    const paras = await paragraphsOf(await renderPublicDecisionReport(record, content, costs));
    expect(factOf(paras, 'Can be implemented from')).toBe('Not while it is called in: the scrutiny committee is considering it');
    expect(paras.join('\n')).not.toContain('23 November 2022');
  });
});
