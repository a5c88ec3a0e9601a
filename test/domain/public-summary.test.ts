import { checkDraft } from '../../domain/checks';
import { WorkflowStateSchema, type WorkflowState } from '../../domain/lifecycle';
import { formatPounds } from '../../domain/money';
import { AMOUNT_WITHHELD, PUBLIC_LIMITS, publicDecisionSummary, publishableText } from '../../domain/public-summary';
import { RequestContentSchema, type RequestContent } from '../../domain/request';

const T = '00000000-0000-0000-0000-000000000001';
const p = (id: string, name: string) => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name });
const officer = p('a1', 'Olivia Requester');
const director = p('c1', 'Dana Director');
const scrutiny = p('d1', 'Sam Scrutiny');

const content = (overrides: Partial<Record<keyof RequestContent, unknown>> = {}): RequestContent =>
  RequestContentSchema.parse({
    title: 'Commissioning team restructure',
    directorate: "Children's Services",
    service: 'Commissioning',
    team: 'Placements',
    contactOfficer: { name: 'Connie Contact', email: 'connie.contact@council.example', phone: '01234 567890' },
    lines: [
      {
        kind: 'establish',
        fteHundredths: 200,
        jobTitle: 'Commissioning Manager',
        grade: 'PO4',
        annualCostPerFtePence: 5_558_800,
        term: { type: 'temporary', endDate: '2025-03-31' },
        effectiveDate: '2024-05-01',
      },
      {
        kind: 'establish',
        fteHundredths: 100,
        jobTitle: 'Commissioning Officer',
        grade: 'subject to job evaluation',
        annualCostPerFtePence: 4_483_200,
        term: { type: 'permanent' },
        effectiveDate: '2024-05-01',
      },
      {
        kind: 'disestablish',
        fteHundredths: 150,
        jobTitle: 'Commissioning Assistant',
        grade: 'Grade 3',
        annualCostPerFtePence: 2_394_000,
        term: { type: 'permanent' },
        effectiveDate: '2024-05-01',
      },
      { kind: 'one_off_payment', description: 'Honorarium for Jane Individual', amountPence: 316_100, effectiveDate: '2024-05-01' },
    ],
    funding: [{ kind: 'government_grant', description: 'OAWY grant', amountPence: 10_042_000 }],
    case: {
      purpose: 'To establish posts for the new commissioning model.',
      background: 'Background naming Mr Secret Person.',
      financialImplications: 'Funded from the OAWY grant of £100,420.',
      hrImplications: 'Consultation with UNISON.',
      recommendation: 'Approve the changes.',
    },
    decisionFacts: { keyDecision: true, openToCallIn: true },
    ...overrides,
  });

const workflow = (patch: Partial<Record<keyof WorkflowState, unknown>> = {}): WorkflowState =>
  WorkflowStateSchema.parse({
    status: 'published',
    version: 7,
    requester: officer,
    openToCallIn: true,
    approvers: { finance: p('b1', 'Fiona Finance'), hr: p('b2', 'Harry Hr'), legal: p('b3', 'Lena Legal'), decision: { kind: 'director', person: director } },
    reviews: { finance: { by: p('b1', 'Fiona Finance'), at: '2024-04-20T10:00:00Z', text: 'Finance comment text', signature: 'FF 20/04/24' } },
    decision: { by: director, at: '2024-04-26T23:30:00Z', outcome: 'approved', reasons: 'Reasons mentioning Mr Secret Person' },
    publication: { publishedOn: '2024-04-29', deadline: '2024-05-07', implementableFrom: '2024-05-08' },
    callIns: [{ by: scrutiny, at: '2024-04-30T09:00:00Z', grounds: 'Grounds from Sam' }],
    ...patch,
  });

const summarise = (c: RequestContent, w: WorkflowState = workflow()) =>
  publicDecisionSummary({ reference: 'ECR-2024-0042', content: c, workflow: w, costs: checkDraft(c).costs, minimumMembersToCallIn: 2 });

describe('publicDecisionSummary', () => {
  it('publishes the public facts of a decision that is not exempt', () => {
    const c = content();
    const costs = checkDraft(c).costs;
    const s = summarise(c);
    expect(s).toMatchObject({
      reference: 'ECR-2024-0042',
      title: 'Commissioning team restructure',
      directorate: "Children's Services",
      service: 'Commissioning',
      status: 'published',
      statusLabel: 'Published: call-in period',
      outcome: 'Approved',
      decisionMaker: 'Director',
      // 23:30 UTC on 26 April is 00:30 on 27 April in London (BST).
      decisionDate: '27 April 2024',
      keyDecision: true,
      openToCallIn: true,
      callInDeadline: '7 May 2024',
      implementableFrom: '8 May 2024',
      callInCount: 1,
      exemption: null,
      purpose: 'To establish posts for the new commissioning model.',
      moreChanges: 0,
      fullYearCost: formatPounds(costs.fullYearPence),
      totalCost: formatPounds(costs.totalPence),
    });
    expect(s.fullYearCost).toBe('£120,098'); // 2 × £55,588 + £44,832 − 1.5 × £23,940
    expect(s.totalCost).toBe('£123,259'); // plus the £3,161 honorarium
    expect(s.changes).toEqual([
      'Establish 2 FTE Commissioning Manager (PO4) temporary to 31 March 2025 from 1 May 2024',
      'Establish 1 FTE Commissioning Officer (grade subject to job evaluation) from 1 May 2024',
      'Disestablish 1.5 FTE Commissioning Assistant (Grade 3) from 1 May 2024',
      'One-off payment from 1 May 2024',
    ]);
    expect(s.statusLine).toBe('Open to call-in until the end of 7 May 2024. Unless it is called in, it can be implemented from 8 May 2024.');
  });

  it('never carries names, comments, reasons, grounds, contact details or unpublished sections', () => {
    const json = JSON.stringify(summarise(content()));
    for (const secret of [
      'Olivia',
      'Dana',
      'Fiona',
      'Harry',
      'Lena',
      'Sam',
      'Connie',
      'connie.contact',
      '01234',
      'Finance comment',
      'Secret Person',
      'Grounds from',
      'Jane Individual',
      'OAWY',
      'UNISON',
      'Approve the changes',
      'Placements',
      '£100,420',
    ]) {
      expect(json).not.toContain(secret);
    }
  });

  it('names a committee, not the officer who recorded its resolution', () => {
    const s = summarise(
      content(),
      workflow({ approvers: { ...workflow().approvers, decision: { kind: 'committee', name: 'Cabinet', recordedBy: p('c2', 'Derek Democratic') } } }),
    );
    expect(s.decisionMaker).toBe('Cabinet');
    expect(JSON.stringify(s)).not.toContain('Derek');
  });

  it('leaves out exempt sections and names the paragraph relied on', () => {
    const c = content({ decisionFacts: { keyDecision: false, exempt: { paragraph: 1, sections: ['purpose', 'background'] } } });
    const s = summarise(c);
    expect(s.exemption).toBe('Contains exempt information under paragraph 1 of Schedule 12A (Information relating to any individual): not published');
    expect(s.purpose).toBeNull();
    expect(s.keyDecision).toBe(false);
    // Costs are not exempt here, so they are still published.
    expect(s.totalCost).toBe('£123,259');
    expect(JSON.stringify(s)).not.toContain('new commissioning model');
  });

  it('publishes no amount in pounds at all when the costs are exempt, even one typed into the text', () => {
    const c = content({
      title: 'Regrade to £45,000 (was £ 40k, GBP 3,161)',
      case: { purpose: 'To pay £3,161 and save £1.5m a year.' },
      decisionFacts: { exempt: { paragraph: 3, sections: ['costs'] } },
    });
    const s = summarise(c);
    const json = JSON.stringify(s);
    expect(s.fullYearCost).toBeNull();
    expect(s.totalCost).toBeNull();
    expect(json).not.toContain('£');
    expect(json).not.toMatch(/GBP\s*\d/);
    expect(s.title).toBe(`Regrade to ${AMOUNT_WITHHELD} (was ${AMOUNT_WITHHELD}, ${AMOUNT_WITHHELD})`);
    expect(s.purpose).toBe(`To pay ${AMOUNT_WITHHELD} and save ${AMOUNT_WITHHELD} a year.`);
    expect(s.exemption).toContain('paragraph 3 of Schedule 12A (Information relating to the financial or business affairs of any particular person)');
    const costs = checkDraft(c).costs;
    for (const pence of [costs.fullYearPence, costs.totalPence, costs.oneOffPence, costs.fundingPence]) expect(json).not.toContain(formatPounds(pence));
  });

  it('cuts the purpose to about 300 characters and lists at most a few changes', () => {
    const line = {
      kind: 'establish',
      fteHundredths: 100,
      jobTitle: 'Support Worker',
      grade: 'Grade 4',
      annualCostPerFtePence: 3_000_000,
      term: { type: 'permanent' },
      effectiveDate: '2024-05-01',
    };
    const s = summarise(content({ case: { purpose: 'x'.repeat(5000) }, lines: Array.from({ length: 20 }, () => line) }));
    expect(s.purpose!.length).toBeLessThanOrEqual(PUBLIC_LIMITS.purpose);
    expect(s.purpose!.endsWith('…')).toBe(true);
    expect(s.changes).toHaveLength(PUBLIC_LIMITS.changesShown);
    expect(s.moreChanges).toBe(20 - PUBLIC_LIMITS.changesShown);
  });

  it('says where the decision stands when it is not open to call-in, called in, or not yet decided', () => {
    const notOpen = summarise(
      content(),
      workflow({ status: 'implementable', openToCallIn: false, callIns: [], publication: { publishedOn: '2024-04-29', implementableFrom: '2024-04-29' } }),
    );
    expect(notOpen).toMatchObject({
      openToCallIn: false,
      callInDeadline: null,
      implementableFrom: '29 April 2024',
      statusLine: 'Can be implemented from 29 April 2024.',
    });
    const calledIn = summarise(
      content(),
      workflow({
        status: 'called_in',
        callIns: [
          { by: scrutiny, at: '2024-04-30T09:00:00Z', grounds: 'a' },
          { by: p('d2', 'Sara'), at: '2024-04-30T10:00:00Z', grounds: 'b' },
        ],
      }),
    );
    // Called in, it has no date from which it can be implemented.
    expect(calledIn).toMatchObject({ statusLabel: 'Called in', callInCount: 2, implementableFrom: null, releasedBy: null });
    expect(calledIn.statusLine).toBe('Called in by scrutiny: it cannot be implemented while the scrutiny committee considers it.');
    expect(summarise(content(), workflow({ status: 'referred_to_council' })).implementableFrom).toBeNull();
    const referredBack = summarise(content(), workflow({ status: 'awaiting_decision', decision: undefined, publication: undefined, callIns: [] }));
    expect(referredBack).toMatchObject({ outcome: null, decisionDate: null, callInDeadline: null, implementableFrom: null });
  });

  it('says who released a called-in decision, by role, and from when it can be implemented', () => {
    const callIns = [
      { by: scrutiny, at: '2024-04-30T09:00:00Z', grounds: 'a' },
      { by: p('d2', 'Sara Scrutiny'), at: '2024-04-30T10:00:00Z', grounds: 'b' },
    ];
    const released = summarise(
      content(),
      workflow({ status: 'implementable', callIns, publication: { publishedOn: '2024-04-29', deadline: '2024-05-07', implementableFrom: '2024-05-02' } }),
    );
    expect(released).toMatchObject({ releasedBy: 'Scrutiny officer', releasedOn: '2 May 2024', implementableFrom: '2 May 2024' });
    expect(released.statusLine).toBe('Released from call-in by the scrutiny officer on 2 May 2024: it can be implemented from 2 May 2024.');
    // One call-in of the two needed, then the period ended: nobody released it.
    const ended = summarise(content(), workflow({ status: 'implementable' }));
    expect(ended).toMatchObject({ releasedBy: null, releasedOn: null, implementableFrom: '8 May 2024', statusLine: 'Can be implemented from 8 May 2024.' });
  });

  it('publishes typed text as one plain line', () => {
    expect(publishableText('  a\u0000b\u200B£5\u202Ec\n\nd  ', 100)).toBe('a b £5 c d');
    expect(publishableText('   ', 100)).toBeNull();
    expect(publishableText(undefined, 100)).toBeNull();
    expect(publishableText('😀'.repeat(10), 6)).toBe('😀😀…');
  });
});
