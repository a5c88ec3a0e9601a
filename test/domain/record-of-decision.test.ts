import { checkDraft } from '../../domain/checks';
import { costRequest } from '../../domain/costs';
import { decide, newWorkflow, SYSTEM, type Person, type ApproversOnRequest, type Command, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { buildRecordOfDecision, exemptNotice, NONE_DECLARED, publicText } from '../../domain/record-of-decision';
import { RequestContentSchema, type RequestContent } from '../../domain/request';
import { workingCalendar } from '../../domain/working-days';

/** Seed 004: two PO4 Commissioning Managers (one fixed term to 31/03/2025) and a PO2 Commissioning Officer. */
const T = '00000000-0000-0000-0000-000000000004';
const p = (id: string, name: string, initials?: string) => ({
  tenantId: T,
  aadObjectId: `00000000-0000-0000-0000-0000000000${id}`,
  name,
  ...(initials ? { initials } : {}),
});
const officer = p('a1', 'Jo Turner');
const finance = p('b1', 'Sarah Ann Smith', 'SAS');
const hr = p('b2', 'Bob Clark', 'BC');
const legal = p('b3', 'Emma Patel', 'EP');
const director = p('c1', 'Julie Longworth');
const deputy = p('c2', 'Dan Deputy');
const democratic = p('c3', 'Derek Democratic');

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
    linesComplete: true,
    funding: [
      { kind: 'traded_income', description: 'OAWY', amountPence: 10_042_000 },
      { kind: 'government_grant', description: 'SAFE Taskforce', amountPence: 5_558_800 },
    ],
    fundingComplete: true,
    case: {
      purpose: 'This report requests the creation of three new positions in the Children and Families Commissioning and Market Management team.',
      background: 'The Commissioning Team has been supporting OAWY for a number of years.',
      proposal: 'It is proposed that three new staffing positions are created to meet the combined requirements of this new traded activity.',
      optionsConsidered: 'Various options were considered including creation of a part-time PO6 post but these were considered less suitable.',
      reasons: 'The proposal will enable the service to adequately resource essential areas of commissioning activity.',
      hrImplications: 'These proposals have been cleared with finance and unions.',
      financialImplications:
        'The three posts, with a total value of approximately £156,008 per annum, will be funded by OAWY (£100,420) and SAFE Taskforce (£55,588).',
      legalImplications: 'There are no specific legal implications of this decision.',
      consultation: 'Budget holders who fund this traded activity have been consulted; the trade unions raised no objection.',
      wardsAffected: 'All',
      recommendation:
        'The Director of Children and Families is recommended to approve the creation of two new PO4 Commissioning Managers and one new PO2 Commissioning Officer.',
    },
    decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 4, sections: ['consultation'] } },
    ...overrides,
  });

const approvers: ApproversOnRequest = { finance, hr, legal, decision: { kind: 'director', person: director } };
const rules: Rules = {
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [],
  deputies: [{ for: director, deputy, from: '2022-11-01', to: '2022-11-30' }],
};

/** Drives the real state machine; every step must be accepted. */
function run(
  steps: Array<[Command | ((s: WorkflowState) => Command), Person, string]>,
  start: WorkflowState = newWorkflow(officer),
  withRules = rules,
): WorkflowState {
  let state = start;
  for (const [command, actor, at] of steps) {
    const c = typeof command === 'function' ? command(state) : command;
    const result = decide(state, c, actor, new Date(at), withRules);
    if (!result.ok) throw new Error(`${c.type}: ${result.message}`);
    state = result.state;
  }
  return state;
}

const comment =
  (discipline: 'finance' | 'hr' | 'legal', text: string) =>
  (s: WorkflowState): Command => ({ type: 'add_comment', expectedVersion: s.version, discipline, text });
const reviewed = (decisionApprovers: ApproversOnRequest = approvers) =>
  run([
    [{ type: 'submit', approvers: decisionApprovers, openToCallIn: true }, officer, '2022-11-10T09:00:00Z'],
    [{ type: 'start_review' }, SYSTEM, '2022-11-10T09:01:00Z'],
    [comment('legal', 'The recommendations fall within the remit of the Director.'), legal, '2022-11-10T11:00:00Z'],
    [comment('finance', 'The full-year cost of £156,008 is met by OAWY and SAFE Taskforce funding.'), finance, '2022-11-11T10:00:00Z'],
    [comment('hr', 'The staffing implications are contained within the body of the report.'), hr, '2022-11-11T12:00:00Z'],
  ]);

const approvedAndPublished = () =>
  run(
    [
      [(s) => ({ type: 'approve', interest: { kind: 'none' }, expectedVersion: s.version }), director, '2022-11-14T16:00:00Z'],
      [{ type: 'publish' }, SYSTEM, '2022-11-15T08:00:00Z'],
    ],
    reviewed(),
  );

describe('record of decision: seed 004 approved by the director and published', () => {
  const content = seed004();
  const { costs, checks } = checkDraft(content);
  const workflow = approvedAndPublished();
  const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow, costs });

  it('comes from a request that passes its checks and a workflow the machine produced', () => {
    expect(checks.filter((c) => c.severity === 'error')).toEqual([]);
    expect(workflow.status).toBe('published');
  });

  it('names the request, the decision maker and the outcome', () => {
    expect(record.reference).toBe('ECR-2022-0042');
    expect(record.title).toBe('Request to create traded Childrens Commissioning posts');
    expect(record.decisionMaker).toEqual({
      kind: 'director',
      name: 'Julie Longworth',
      role: 'Director',
      actedBy: 'Julie Longworth',
      description: 'Julie Longworth, Director',
    });
    expect(record.outcome).toBe('approved');
  });

  it('states the decision in words: the recommendation and each post, with its cost', () => {
    expect(record.decision.text).toBe(`Approved the recommendation: ${content.case.recommendation}`);
    expect(record.decision.exempt).toBe(false);
    expect(record.changes.map((c) => c.text.text)).toEqual(
      [
        'Commissioning Manager (PO4, £55,588 with on-costs), permanent, with effect from 1 December 2022',
        'Commissioning Officer (PO2, £44,832 with on-costs), permanent, with effect from 1 December 2022',
        'Commissioning Manager (PO4, £55,588 with on-costs), temporary until 31 March 2025, with effect from 1 December 2022',
      ].map((s) => `1 fte ${s}`),
    );
    expect(record.changes.map((c) => c.publicText)).toEqual([
      '1 fte Commissioning Manager (PO4), permanent, with effect from 1 December 2022',
      '1 fte Commissioning Officer (PO2), permanent, with effect from 1 December 2022',
      '1 fte Commissioning Manager (PO4), temporary until 31 March 2025, with effect from 1 December 2022',
    ]);
    expect(record.changes.map((c) => c.cost.fullYearPence)).toEqual([5_558_800, 4_483_200, 5_558_800]);
    expect(record.costSummary.text).toContain('Full-year cost £156,008');
    expect(record.costSummary.text).toContain('funding £156,008');
    expect(record.costSummary.text).not.toContain('shortfall');
  });

  it('carries reasons, alternative options, wards, lead officer and key decision / call-in facts', () => {
    expect(record.reasons).toEqual({ text: content.case.reasons, exempt: false });
    expect(record.alternativeOptions).toEqual({ text: content.case.optionsConsidered, exempt: false });
    expect(record.wardsAffected).toEqual({ text: 'All', exempt: false });
    expect(record.leadOfficer).toBe('Jo Turner, Head of Commissioning, jo.turner@example.gov.uk');
    expect(record.keyDecision).toBe(false);
    expect(record.subjectToCallIn).toBe(true);
    expect(record.conflictsOfInterest).toEqual({ text: NONE_DECLARED, exempt: false });
  });

  it('dates the decision and its publication, with the five-working-day call-in period', () => {
    expect(record.dateOfDecision).toBe('2022-11-14');
    expect(record.publishedOn).toBe('2022-11-15');
    expect(record.callInDeadline).toBe('2022-11-22'); // Tue 15 → Wed, Thu, Fri, Mon, Tue
    expect(record.implementableFrom).toBe('2022-11-23');
  });

  it("carries the reviewers' comments in the seeds' order, headed with their signatures", () => {
    expect(record.reviews.map((r) => r.heading)).toEqual([
      'Constitutional Comments (EP 10/11/22)',
      'Financial Comments (SAS 11/11/22)',
      'HR Comments (BC 11/11/22)',
    ]);
    expect(record.reviews[1]).toMatchObject({
      discipline: 'finance',
      signature: 'SAS 11/11/22',
      by: 'Sarah Ann Smith',
      text: { text: 'The full-year cost of £156,008 is met by OAWY and SAFE Taskforce funding.', exempt: false },
    });
  });

  it('marks the exempt section and names the Schedule 12A paragraph', () => {
    expect(record.exempt).toEqual({
      paragraph: 4,
      paragraphText: 'Information relating to consultations or negotiations on labour relations matters',
      parts: ['consultation'],
      labels: ['Consultation'],
    });
    // Nothing in the record itself comes from the consultation section, and costs are not exempt.
    expect(record.changes.every((c) => !c.text.exempt)).toBe(true);
    expect(record.costSummary.exempt).toBe(false);
    expect(publicText(record, record.reasons)).toBe(content.case.reasons);
  });
});

describe('record of decision: other decision makers, dates and exemptions', () => {
  it('notes a deputy acting on behalf of the director', () => {
    const workflow = run(
      [
        [
          (s) => ({ type: 'approve', interest: { kind: 'none' }, expectedVersion: s.version, reasons: 'Funding confirmed for two years.' }),
          deputy,
          '2022-11-14T16:00:00Z',
        ],
      ],
      reviewed(),
    );
    const content = seed004();
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow, costs: checkDraft(content).costs });
    expect(record.decisionMaker).toMatchObject({ name: 'Julie Longworth', role: 'Director', actedBy: 'Dan Deputy', onBehalfOf: 'Julie Longworth' });
    expect(record.decisionMaker.description).toBe('Julie Longworth, Director (taken by Dan Deputy on behalf of Julie Longworth)');
    expect(record.reasons).toEqual({ text: 'Funding confirmed for two years.', exempt: false });
    // Approved, not yet published.
    expect(record.publishedOn).toBeUndefined();
    expect(record.implementableFrom).toBeUndefined();
    expect(record.callInDeadline).toBeUndefined();
  });

  it('names the committee when a committee decided, and its minute as the reasons', () => {
    const committee: ApproversOnRequest = {
      ...approvers,
      decision: { kind: 'committee', name: "Children and Young People's Committee", recordedBy: democratic },
    };
    const workflow = run(
      [
        [
          (s) => ({
            type: 'record_committee_resolution',
            interest: { kind: 'none' },
            expectedVersion: s.version,
            resolution: 'reject',
            minute: 'Minute 12: not affordable this year.',
          }),
          democratic,
          '2022-11-21T18:00:00Z',
        ],
      ],
      reviewed(committee),
    );
    const content = seed004();
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0043', content, workflow, costs: checkDraft(content).costs });
    expect(record.decisionMaker).toMatchObject({
      kind: 'committee',
      name: "Children and Young People's Committee",
      role: 'Committee',
      description: "Children and Young People's Committee",
    });
    expect(record.outcome).toBe('rejected');
    expect(record.decision.text).toMatch(/^Rejected the recommendation: /);
    expect(record.reasons.text).toBe('Minute 12: not affordable this year.');
  });

  it('takes the date of decision in Europe/London, not UTC', () => {
    const workflow: WorkflowState = { ...approvedAndPublished(), decision: { by: director, at: '2022-06-30T23:30:00Z', outcome: 'approved' } };
    const content = seed004();
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow, costs: checkDraft(content).costs });
    expect(record.dateOfDecision).toBe('2022-07-01'); // 00:30 BST
  });

  it('marks every money figure exempt when costs are exempt, and gives figure-free wording for the posts', () => {
    const content = seed004({ decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 3, sections: ['costs'] } } });
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: approvedAndPublished(), costs: checkDraft(content).costs });
    expect(record.changes.every((c) => c.text.exempt && !/£/.test(c.publicText))).toBe(true);
    expect(record.costSummary.exempt).toBe(true);
    expect(publicText(record, record.costSummary)).toBe(exemptNotice(3));
    expect(exemptNotice(3)).toBe('See confidential appendix (exempt under paragraph 3 of Schedule 12A)');
    // The finance comment quotes a figure; the legal one does not.
    expect(record.reviews.find((r) => r.discipline === 'finance')!.text.exempt).toBe(true);
    expect(record.reviews.find((r) => r.discipline === 'legal')!.text.exempt).toBe(false);
    expect(record.decision.exempt).toBe(false);
    expect(record.exempt?.labels).toEqual(['Costs']);
  });

  it('recognises money figures however they are typed', () => {
    const base = seed004({ decisionFacts: { exempt: { paragraph: 3, sections: ['costs'] } } });
    const withReasons = (reasons: string) => ({ ...base, case: { ...base.case, reasons } });
    const exempt = (reasons: string) => {
      const content = withReasons(reasons);
      return buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: approvedAndPublished(), costs: checkDraft(content).costs }).reasons.exempt;
    };
    for (const figure of ['£3,161', '£ 19.5m', '£85k', 'GBP 1,000', 'gbp 5']) expect(exempt(`Saves ${figure} a year.`)).toBe(true);
    for (const plain of ['Saves money.', 'Three posts from 1 December 2022.']) expect(exempt(plain)).toBe(false);
  });

  it('marks a field exempt when its section is, and a reviewer comment with its implications section', () => {
    const content = seed004({
      decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 1, sections: ['optionsConsidered', 'hrImplications'] } },
    });
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: approvedAndPublished(), costs: checkDraft(content).costs });
    expect(record.alternativeOptions.exempt).toBe(true);
    expect(publicText(record, record.alternativeOptions)).toBe('See confidential appendix (exempt under paragraph 1 of Schedule 12A)');
    expect(record.reviews.find((r) => r.discipline === 'hr')!.text.exempt).toBe(true);
    expect(record.reviews.find((r) => r.discipline === 'finance')!.text.exempt).toBe(false);
    expect(record.reasons.exempt).toBe(false);
  });

  it('reports a conflict of interest the case mentions', () => {
    const base = seed004();
    const content = {
      ...base,
      case: {
        ...base.case,
        consultation: 'Budget holders were consulted. The Head of Service declared an interest as a trustee of a provider. No other issues arose.',
      },
    };
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: approvedAndPublished(), costs: checkDraft(content).costs });
    expect(record.conflictsOfInterest).toEqual({ text: 'The Head of Service declared an interest as a trustee of a provider.', exempt: true });
    const none = { ...base, case: { ...base.case, consultation: 'No conflicts of interest were declared.' } };
    expect(
      buildRecordOfDecision({ reference: 'ECR-2022-0042', content: none, workflow: approvedAndPublished(), costs: checkDraft(none).costs }).conflictsOfInterest
        .text,
    ).toBe(NONE_DECLARED);
  });

  it('refuses a request that has not been decided, or costs worked out from other lines', () => {
    const content = seed004();
    const costs = checkDraft(content).costs;
    expect(() => buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: reviewed(), costs })).toThrow(/has not been decided/);
    expect(() => buildRecordOfDecision({ reference: 'ECR-2022-0042', content, workflow: approvedAndPublished(), costs: costRequest([], []) })).toThrow(
      /costs cover 0 change/,
    );
  });
});

describe('record of decision: every field of the Openness Regulations 2014, reg. 7, for a key decision under special urgency', () => {
  it('gives the date, decision, reasons, options rejected, interests declared and dispensation, key decision, call-in, background papers and the forward plan route', () => {
    const key: ApproversOnRequest = { ...approvers, democraticServices: democratic };
    const documents = [
      {
        id: 'jd0000000001',
        file: 'f00000000001',
        title: 'Job description',
        fileName: 'JD.docx',
        kind: 'docx' as const,
        bytes: 10,
        exempt: false as const,
        addedIn: 1,
        addedAt: '2022-11-01T09:00:00Z',
      },
      {
        id: 'sc0000000001',
        file: 'f00000000002',
        title: 'Structure chart',
        fileName: 'SC.pdf',
        kind: 'pdf' as const,
        bytes: 10,
        exempt: { paragraph: 1 },
        addedIn: 1,
        addedAt: '2022-11-01T09:00:00Z',
      },
    ];
    const content = seed004({ decisionFacts: { keyDecision: true, openToCallIn: true, exempt: null }, documents });
    const workflow = run([
      [
        { type: 'submit', approvers: key, openToCallIn: true, notice: { matter: 'Posts', decisionMaker: 'Director', documents: ['Job description'] } },
        officer,
        '2022-11-07T09:00:00Z',
      ],
      [{ type: 'start_review' }, SYSTEM, '2022-11-07T09:01:00Z'],
      [comment('legal', 'Within remit.'), legal, '2022-11-07T11:00:00Z'],
      [comment('finance', 'Funded.'), finance, '2022-11-08T10:00:00Z'],
      [comment('hr', 'Contained.'), hr, '2022-11-08T12:00:00Z'],
      [
        (s) => ({
          type: 'record_forward_plan_exception',
          expectedVersion: s.version,
          route: 'special_urgency',
          reasons: 'Grant lapses on 30 November.',
          chair: 'Cllr Chris Chair',
        }),
        democratic,
        '2022-11-09T09:00:00Z',
      ],
      [
        (s) => ({
          type: 'approve',
          expectedVersion: s.version,
          reasons: 'Needed to keep the traded service.',
          interest: {
            kind: 'declared',
            nature: 'My spouse is a school governor buying the service.',
            prejudicial: false,
            dispensation: 'Granted by the Monitoring Officer on 1 November 2022.',
          },
        }),
        director,
        '2022-11-09T15:00:00Z',
      ],
      [{ type: 'publish' }, SYSTEM, '2022-11-10T08:00:00Z'],
    ]);
    const record = buildRecordOfDecision({ reference: 'ECR-2022-0050', content, workflow, costs: checkDraft(content).costs });
    expect(record.dateOfDecision).toBe('2022-11-09');
    expect(record.decision.text).toMatch(/^Approved the recommendation: /);
    expect(record.reasons.text).toBe('Needed to keep the traded service.');
    expect(record.alternativeOptions.text).toContain('part-time PO6 post');
    expect(record.conflictsOfInterest.text).toBe(NONE_DECLARED);
    expect(record.decisionMakerInterest).toBe(
      'Julie Longworth: An interest declared: My spouse is a school governor buying the service. Dispensation: Granted by the Monitoring Officer on 1 November 2022.',
    );
    expect(record.dispensation).toBe('Granted by the Monitoring Officer on 1 November 2022.');
    expect(record.keyDecision).toBe(true);
    expect(record.subjectToCallIn).toBe(true);
    expect(record.backgroundPapers).toEqual(['Job description']);
    expect(record.forwardPlan).toBe(
      'Special urgency: the scrutiny chair agreed it cannot wait (reg. 11). Notice published on the forward plan on 7 November 2022; earliest decision date 9 November 2022. Recorded by Derek Democratic on 9 November 2022; chair: Cllr Chris Chair; reasons: Grant lapses on 30 November. To be reported to the council (reg. 11).',
    );
  });
});
