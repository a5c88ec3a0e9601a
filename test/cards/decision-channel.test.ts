import fc from 'fast-check';
import { decisionChannelCard, renderDecisionChannelCard, MAX_REFRESH_USERS, type DecisionChannelOptions } from '../../cards/decision-channel';
import { CardRenderError, MAX_CARD_BYTES } from '../../cards/render';
import { Verbs } from '../../cards/verbs';
import { CASE_SECTION_KEYS, type CaseSectionKey } from '../../domain/case-sections';
import { costRequest } from '../../domain/costs';
import { WorkflowStateSchema, type WorkflowState } from '../../domain/lifecycle';
import { formatPounds } from '../../domain/money';
import { PUBLIC_LIMITS, publicDecisionSummary, type PublicDecisionInput, type PublicDecisionSummary } from '../../domain/public-summary';
import { completeLine, RequestContentSchema, type ChangeLine, type RequestContent } from '../../domain/request';

const T = '00000000-0000-0000-0000-000000000001';
const person = (id: number, name: string) => ({ tenantId: T, aadObjectId: `00000000-0000-0000-0000-${String(id).padStart(12, '0')}`, name });

const jsonOf = (card: object) => JSON.stringify(card);
const bytes = (card: object) => Buffer.byteLength(jsonOf(card), 'utf8');

/** Every Action in a card, however deeply nested in ShowCards. */
function actions(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(actions);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const self = typeof o.type === 'string' && o.type.startsWith('Action.') ? [o] : [];
  return [...self, ...Object.values(o).flatMap(actions)];
}
function inputs(node: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(node)) return node.flatMap(inputs);
  if (!node || typeof node !== 'object') return [];
  const o = node as Record<string, unknown>;
  const self = typeof o.type === 'string' && o.type.startsWith('Input.') ? [o] : [];
  return [...self, ...Object.values(o).flatMap(inputs)];
}

// ---------------------------------------------------------------------------------------
// A realistic decision, for the example-based tests.

const baseContent = (patch: Partial<Record<keyof RequestContent, unknown>> = {}): RequestContent =>
  RequestContentSchema.parse({
    title: 'Short Breaks: temporary posts',
    directorate: "Children's Services",
    service: 'Short Breaks',
    contactOfficer: { name: 'Connie Contact' },
    lines: [
      {
        kind: 'establish',
        fteHundredths: 300,
        jobTitle: 'Service Organiser',
        grade: 'subject to job evaluation',
        annualCostPerFtePence: 2_836_800,
        term: { type: 'permanent' },
        effectiveDate: '2022-05-01',
      },
      {
        kind: 'establish',
        fteHundredths: 100,
        jobTitle: 'Project Manager',
        grade: 'Grade 9',
        annualCostPerFtePence: 5_239_200,
        term: { type: 'temporary', months: 12 },
        effectiveDate: '2022-05-01',
      },
    ],
    case: { purpose: 'To establish posts to introduce the revised Short Breaks offer.', background: 'Background text about Mr Person.' },
    decisionFacts: { keyDecision: true },
    ...patch,
  });

const baseWorkflow = (patch: Partial<Record<keyof WorkflowState, unknown>> = {}): WorkflowState =>
  WorkflowStateSchema.parse({
    status: 'published',
    version: 9,
    requester: person(1, 'Olivia Requester'),
    openToCallIn: true,
    approvers: {
      finance: person(2, 'Fiona Finance'),
      hr: person(3, 'Harry Hr'),
      legal: person(4, 'Lena Legal'),
      decision: { kind: 'director', person: person(5, 'Dana Director') },
    },
    decision: { by: person(5, 'Dana Director'), at: '2022-04-21T10:00:00Z', outcome: 'approved' },
    publication: { publishedOn: '2022-04-22', deadline: '2022-04-29', implementableFrom: '2022-04-30' },
    ...patch,
  });

const costsOf = (content: RequestContent) =>
  costRequest(
    content.lines.map(completeLine).filter((l): l is ChangeLine => !!l),
    content.funding,
  );
const summaryOf = (content: RequestContent, workflow: WorkflowState = baseWorkflow()) =>
  publicDecisionSummary({ reference: 'ECR-2022-0007', content, workflow, costs: costsOf(content), minimumMembersToCallIn: 1 });
const options = (patch: Partial<DecisionChannelOptions> = {}): DecisionChannelOptions => ({ canCallIn: false, refreshUserIds: [], version: 9, ...patch });

describe('decision channel card', () => {
  it('shows the facts, the status line, the call-in deadline and the implementable date', () => {
    const card = renderDecisionChannelCard(summaryOf(baseContent()), options());
    const json = jsonOf(card);
    expect(card.version).toBe('1.5');
    for (const text of [
      'Short Breaks: temporary posts',
      'ECR-2022-0007',
      'Published: call-in period',
      'Director',
      '21 April 2022',
      'End of 29 April 2022',
      '30 April 2022',
      '£137,496',
      'Establish 3 FTE Service Organiser (grade subject to job evaluation) from 1 May 2022',
      'To establish posts',
    ]) {
      expect(json).toContain(text);
    }
    expect(json).toContain('Open to call-in until the end of 29 April 2022. Unless it is called in, it can be implemented from 30 April 2022.');
    expect(json).not.toContain('${');
    expect(json).not.toContain('Dana');
    expect(json).not.toContain('Background text');
    expect(card.refresh).toBeUndefined();
    expect(actions(card)).toEqual([]);
  });

  it('called in, gives no date it can be implemented from; released, says who released it (the role) and when', () => {
    const callIns = [{ by: person(7, 'Sam Scrutiny'), at: '2022-04-25T09:00:00Z', grounds: 'Grounds' }];
    const calledIn = jsonOf(renderDecisionChannelCard(summaryOf(baseContent(), baseWorkflow({ status: 'called_in', callIns })), options()));
    expect(calledIn).toContain('Called in by scrutiny: it cannot be implemented while the scrutiny committee considers it.');
    expect(calledIn).not.toContain('Can be implemented from');
    expect(calledIn).not.toContain('30 April 2022');
    const publication = { publishedOn: '2022-04-22', deadline: '2022-04-29', implementableFrom: '2022-05-03' };
    const released = renderDecisionChannelCard(summaryOf(baseContent(), baseWorkflow({ status: 'implementable', callIns, publication })), options());
    const facts = (released.body as Array<{ type: string; facts?: Array<{ title: string; value: string }> }>).find((b) => b.type === 'FactSet')!.facts!;
    expect(facts).toEqual(
      expect.arrayContaining([
        { title: 'Released by', value: 'Scrutiny officer' },
        { title: 'Released on', value: '3 May 2022' },
        { title: 'Can be implemented from', value: '3 May 2022' },
      ]),
    );
    expect(jsonOf(released)).not.toContain('Sam Scrutiny');
  });

  it('offers "Call in" with the grounds input and Action.Execute only when the viewer can call it in', () => {
    const card = renderDecisionChannelCard(summaryOf(baseContent()), options({ canCallIn: true, version: 9 }));
    const show = actions(card).find((a) => a.type === 'Action.ShowCard');
    expect(show).toMatchObject({ title: 'Call in' });
    const execute = actions(card).filter((a) => a.type === 'Action.Execute');
    expect(execute).toEqual([expect.objectContaining({ verb: Verbs.callIn, data: { reference: 'ECR-2022-0007', version: 9 } })]);
    expect(inputs(card)).toEqual([
      expect.objectContaining({ type: 'Input.Text', id: 'callInGrounds', isRequired: true, maxLength: 2000, errorMessage: expect.any(String) }),
    ]);

    // Not while the decision is not open to call-in, whatever the caller says.
    const implementable = summaryOf(baseContent(), baseWorkflow({ status: 'implementable' }));
    expect(actions(renderDecisionChannelCard(implementable, options({ canCallIn: true })))).toEqual([]);
    const notOpen = summaryOf(baseContent(), baseWorkflow({ openToCallIn: false }));
    expect(actions(renderDecisionChannelCard(notOpen, options({ canCallIn: true })))).toEqual([]);
  });

  it('asks Teams for a per-user refresh only when there are users to refresh for', () => {
    const ids = ['00000000-0000-0000-0000-00000000000a', '29:1abcDEF-ghi_jkl'];
    const card = renderDecisionChannelCard(summaryOf(baseContent()), options({ refreshUserIds: ids, version: 12 }));
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: Verbs.refresh, data: { reference: 'ECR-2022-0007', version: 12 } }, userIds: ids });
    expect('refresh' in renderDecisionChannelCard(summaryOf(baseContent()), options({ refreshUserIds: [] }))).toBe(false);
    expect(() =>
      renderDecisionChannelCard(summaryOf(baseContent()), options({ refreshUserIds: Array.from({ length: MAX_REFRESH_USERS + 1 }, (_, i) => `user${i}`) })),
    ).toThrow(CardRenderError);
  });

  it('names the exemption in place of the exempt parts, and shows no amounts when the costs are exempt', () => {
    const content = baseContent({ decisionFacts: { keyDecision: true, exempt: { paragraph: 3, sections: ['costs', 'purpose'] } } });
    const json = jsonOf(renderDecisionChannelCard(summaryOf(content), options()));
    expect(json).toContain(
      'Contains exempt information under paragraph 3 of Schedule 12A (Information relating to the financial or business affairs of any particular person): not published',
    );
    expect(json).not.toContain('£');
    expect(json).not.toContain('To establish posts');
    expect(json).not.toContain('Full-year cost');
  });

  it('neutralises markdown and template syntax typed into published text', () => {
    const content = baseContent({ title: 'Click [here](https://evil.example) *now* ${title}' });
    const json = jsonOf(renderDecisionChannelCard(summaryOf(content), options()));
    expect(json).not.toContain('](https');
    expect(json).not.toContain('${');
  });

  it('refuses card data that is not the public summary', () => {
    const summary = summaryOf(baseContent());
    expect(() => renderDecisionChannelCard({ ...summary, contactOfficer: 'Connie Contact' } as PublicDecisionSummary, options())).toThrow();
    expect(() => renderDecisionChannelCard({ ...summary, reference: 'ECR-1"}' }, options())).toThrow(CardRenderError);
    expect(() =>
      decisionChannelCard.render({ ...summary, canCallIn: false, refreshUserIds: [], version: 1, statusColor: 'Good', requester: 'x' } as never),
    ).toThrow(CardRenderError);
  });

  it('stays under the size limit with every field at its largest and most escaped', () => {
    const u = (n: number) => '_*'.repeat(n).slice(0, n);
    const line = {
      kind: 'regrade',
      fteHundredths: 99_999,
      jobTitle: u(200),
      grade: u(80),
      annualCostPerFtePence: 10_000_000_000,
      previousAnnualCostPerFtePence: 1,
      term: { type: 'temporary', months: 120 },
      effectiveDate: '2026-04-01',
    };
    const content = baseContent({
      title: u(200),
      directorate: u(120),
      service: u(120),
      lines: Array.from({ length: 50 }, () => line),
      case: Object.fromEntries(CASE_SECTION_KEYS.map((k) => [k, u(8000)])),
      decisionFacts: { keyDecision: true, exempt: { paragraph: 7, sections: ['background'] } },
    });
    const workflow = baseWorkflow({
      approvers: { ...baseWorkflow().approvers, decision: { kind: 'committee', name: u(5000), recordedBy: person(6, 'Rita Recorder') } },
    });
    const longIds = Array.from({ length: MAX_REFRESH_USERS }, (_, i) => `29:${String(i).padStart(125, 'x')}`);
    const card = renderDecisionChannelCard(summaryOf(content, workflow), options({ canCallIn: true, refreshUserIds: longIds, version: 1_000_000 }));
    expect(bytes(card)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(bytes(card)).toBeGreaterThan(MAX_CARD_BYTES / 2); // it really is the worst case
    expect(jsonOf(card)).not.toContain('${');
  });
});

// ---------------------------------------------------------------------------------------
// The property: whatever was typed, the channel card carries none of what must not be
// published. Every secret is a distinctive marker of letters and digits only, so neither
// markdown neutralising nor JSON escaping can split it and let a leak pass unseen.

const ALNUM = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''));
let serial = 0;
/**
 * "zq" + a tag + random letters + a serial + "Z": unique within a run, absent from the
 * template, and (thanks to the closing capital) never a prefix of another marker.
 */
const marker = (tag: string) => fc.string({ unit: ALNUM, minLength: 8, maxLength: 8 }).map((s) => `zq${tag}${s}${(serial++).toString(36)}Z`);
const HOSTILE = ['*', '_', '~', '`', '](https://x.example)', '${x}', '£1,234', '£ 5', 'GBP 7', '\u200B', '\u202E', '\n', '"', '\\', '<at>x</at>', '😀'];
const noise = fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 12, unit: 'grapheme' })), { maxLength: 6 }).map((parts) => parts.join(''));
/** Text that contains the marker (surrounded by noise); the marker comes first when it must survive cutting. */
const textWith = (m: fc.Arbitrary<string>, max: number, markerFirst = false) =>
  fc.tuple(noise, m, noise).map(([a, k, b]) => ({ marker: k, text: (markerFirst ? `${k} ${a}${b}` : `${a} ${k} ${b}`).slice(0, max) }));

const reviewArb = (tag: string) => fc.record({ name: marker(`${tag}n`), text: marker(`${tag}c`), initials: marker(`${tag}i`) });

const lineArb = fc.oneof(
  fc.record({
    kind: fc.constantFrom('establish', 'disestablish', 'regrade', 'extend_fixed_term', 'make_permanent'),
    fteHundredths: fc.integer({ min: 1, max: 99_999 }),
    jobTitle: textWith(marker('jt'), 200, true),
    grade: fc.oneof(
      fc.constantFrom('Grade 4', 'PO4', 'Hay Band A', 'subject to job evaluation'),
      noise.map((s) => `G ${s}`.slice(0, 80)),
    ),
    annualCostPerFtePence: fc.integer({ min: 0, max: 10_000_000_000 }),
    previousAnnualCostPerFtePence: fc.integer({ min: 0, max: 10_000_000 }),
    term: fc.oneof(
      fc.constant({ type: 'permanent' as const }),
      fc.record({ type: fc.constant('temporary' as const), months: fc.integer({ min: 1, max: 120 }) }),
    ),
  }),
  fc.record({
    kind: fc.constant('one_off_payment' as const),
    description: textWith(marker('oo'), 200),
    amountPence: fc.integer({ min: 0, max: 10_000_000_000 }),
  }),
);

const scenarioArb = fc.record({
  title: textWith(marker('ti'), 200, true),
  directorate: noise,
  team: marker('tm'),
  contact: fc.record({ name: marker('con'), jobTitle: marker('coj'), email: marker('coe'), phone: marker('cop') }),
  lines: fc.array(lineArb, { maxLength: 50 }),
  funding: fc.array(fc.record({ description: marker('fd'), amountPence: fc.integer({ min: 0, max: 10_000_000_000 }) }), { maxLength: 20 }),
  sections: fc.record(
    Object.fromEntries(CASE_SECTION_KEYS.map((k) => [k, textWith(marker(`s${CASE_SECTION_KEYS.indexOf(k)}x`), 8000, k === 'purpose')])) as Record<
      CaseSectionKey,
      fc.Arbitrary<{ marker: string; text: string }>
    >,
  ),
  exempt: fc.option(
    fc.record({ paragraph: fc.integer({ min: 1, max: 7 }), sections: fc.subarray([...CASE_SECTION_KEYS, 'costs' as const], { minLength: 1 }) }),
    { nil: null },
  ),
  keyDecision: fc.option(fc.boolean(), { nil: undefined }),
  status: fc.constantFrom('approved', 'rejected', 'published', 'called_in', 'implementable', 'referred_to_council', 'awaiting_decision' as const),
  openToCallIn: fc.boolean(),
  requester: marker('rq'),
  reviewers: fc.record({ finance: reviewArb('rf'), hr: reviewArb('rh'), legal: reviewArb('rl') }),
  decider: fc.oneof(
    fc.record({ kind: fc.constant('director' as const), name: marker('dn') }),
    fc.record({ kind: fc.constant('committee' as const), committee: marker('cm'), name: marker('dr') }),
  ),
  decisionReasons: marker('dx'),
  returnedReason: marker('rr'),
  callIns: fc.array(fc.record({ name: marker('ci'), grounds: textWith(marker('gr'), 4000) }), { maxLength: 4 }),
  canCallIn: fc.boolean(),
  refreshUserIds: fc.array(fc.uuid(), { maxLength: MAX_REFRESH_USERS }),
  version: fc.integer({ min: 1, max: 1_000_000 }),
});
type Scenario = typeof scenarioArb extends fc.Arbitrary<infer S> ? S : never;

function build(s: Scenario): { input: PublicDecisionInput; secrets: string[]; published: string[] } {
  const exemptSections = new Set<string>(s.exempt?.sections ?? []);
  const content = RequestContentSchema.parse({
    title: s.title.text,
    directorate: `Directorate ${s.directorate}`.slice(0, 120),
    service: 'A service',
    team: s.team,
    contactOfficer: s.contact,
    lines: s.lines.map((l) => ({
      ...l,
      ...('jobTitle' in l ? { jobTitle: l.jobTitle.text } : { description: l.description.text }),
      effectiveDate: '2026-04-01',
    })),
    funding: s.funding.map((f) => ({ kind: 'government_grant', ...f })),
    case: Object.fromEntries(CASE_SECTION_KEYS.map((k) => [k, s.sections[k].text])),
    decisionFacts: { keyDecision: s.keyDecision, openToCallIn: s.openToCallIn, exempt: s.exempt },
  });
  const reviewer = (id: number, r: Scenario['reviewers']['finance']) => ({ ...person(id, r.name), initials: r.initials.slice(0, 6) });
  const decided = s.status !== 'awaiting_decision';
  const decisionMaker =
    s.decider.kind === 'director'
      ? { kind: 'director', person: person(5, s.decider.name) }
      : { kind: 'committee', name: s.decider.committee, recordedBy: person(5, s.decider.name) };
  const published = ['published', 'called_in', 'implementable', 'referred_to_council'].includes(s.status);
  const workflow = WorkflowStateSchema.parse({
    status: s.status,
    version: s.version,
    requester: person(1, s.requester),
    openToCallIn: s.openToCallIn,
    approvers: { finance: reviewer(2, s.reviewers.finance), hr: reviewer(3, s.reviewers.hr), legal: reviewer(4, s.reviewers.legal), decision: decisionMaker },
    reviews: Object.fromEntries(
      (['finance', 'hr', 'legal'] as const).map((d, i) => [
        d,
        { by: reviewer(2 + i, s.reviewers[d]), at: '2026-03-01T10:00:00Z', text: s.reviewers[d].text, signature: s.reviewers[d].initials },
      ]),
    ),
    decision: decided
      ? { by: person(5, s.decider.name), at: '2026-03-10T10:00:00Z', outcome: s.status === 'rejected' ? 'rejected' : 'approved', reasons: s.decisionReasons }
      : undefined,
    returned: { by: reviewer(2, s.reviewers.finance), at: '2026-03-02T10:00:00Z', reason: s.returnedReason },
    publication: published
      ? { publishedOn: '2026-03-11', ...(s.openToCallIn ? { deadline: '2026-03-18' } : {}), implementableFrom: s.openToCallIn ? '2026-03-19' : '2026-03-11' }
      : undefined,
    callIns: s.callIns.map((c, i) => ({ by: person(100 + i, c.name), at: '2026-03-12T10:00:00Z', grounds: c.grounds.text })),
  });
  const costs = costsOf(content);

  const secrets = [
    s.team,
    ...Object.values(s.contact),
    s.requester,
    ...Object.values(s.reviewers).flatMap((r) => [r.name, r.text, r.initials]),
    s.decider.name,
    s.decisionReasons,
    s.returnedReason,
    ...s.callIns.flatMap((c) => [c.name, c.grounds.marker]),
    ...s.funding.map((f) => f.description),
    ...s.lines.flatMap((l) => ('description' in l ? [l.description.marker] : [])),
    // Only a non-exempt purpose may be published; no other section ever is.
    ...CASE_SECTION_KEYS.filter((k) => k !== 'purpose' || exemptSections.has('purpose')).map((k) => s.sections[k].marker),
  ];
  const shown = s.lines.slice(0, PUBLIC_LIMITS.changesShown);
  const mustShow = [
    s.title.marker,
    ...shown.flatMap((l) => ('jobTitle' in l ? [l.jobTitle.marker] : [])),
    ...(exemptSections.has('purpose') ? [] : [s.sections.purpose.marker]),
    ...(s.decider.kind === 'committee' ? [s.decider.committee] : []),
  ];
  return { input: { reference: 'ECR-2026-0123', content, workflow, costs, minimumMembersToCallIn: 1 }, secrets, published: mustShow };
}

/** Every amount of the request as formatPounds would show it. */
function amounts(input: PublicDecisionInput): string[] {
  const c = input.costs;
  const pence = [
    c.fullYearPence,
    c.oneOffPence,
    c.totalPence,
    c.fundingPence,
    c.funding.differencePence,
    -c.funding.differencePence,
    ...(c.temporaryTermPence === null ? [] : [c.temporaryTermPence]),
  ];
  pence.push(
    ...c.lines.flatMap((l) => [l.fullYearPence, l.oneOffPence, ...(l.termPence === null ? [] : [l.termPence]), ...l.byFinancialYear.map((y) => y.pence)]),
  );
  pence.push(...c.byFinancialYear.map((y) => y.pence));
  for (const line of input.content.lines)
    pence.push(...[line.annualCostPerFtePence, line.previousAnnualCostPerFtePence, line.amountPence].filter((x): x is number => x !== undefined));
  pence.push(...input.content.funding.map((f) => f.amountPence));
  return [...new Set(pence.map(formatPounds))];
}

/** What the card leaks, or fails to show; empty when it is right. */
function problems(summarise: (input: PublicDecisionInput) => PublicDecisionSummary, s: Scenario): string[] {
  const { input, secrets, published } = build(s);
  const card = renderDecisionChannelCard(summarise(input), { canCallIn: s.canCallIn, refreshUserIds: s.refreshUserIds, version: s.version });
  const json = jsonOf(card);
  const found: string[] = [];
  for (const secret of secrets) if (json.includes(secret)) found.push(`leaked ${secret}`);
  for (const text of published) if (!json.includes(text)) found.push(`did not show ${text}`);
  const exempt = new Set<string>(input.content.decisionFacts.exempt?.sections ?? []);
  if (exempt.has('costs')) {
    for (const amount of amounts(input)) if (json.includes(amount)) found.push(`leaked amount ${amount}`);
    if (/£\s*\d/.test(json)) found.push('leaked a £ figure');
  } else if (input.content.lines.length > 0 && !json.includes(formatPounds(input.costs.totalPence))) {
    found.push('did not show the total');
  }
  if (bytes(card) > MAX_CARD_BYTES) found.push(`card is ${bytes(card)} bytes`);
  if (json.includes('${')) found.push('unbound field');
  return found;
}

describe('decision channel card: what must not be published never is (property)', () => {
  it('leaks no exempt section, name, comment, ground or (when exempt) amount, and fits Teams (1,000 cases)', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(problems(publicDecisionSummary, s)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  // The property is only worth having if it can fail: break the summary in the ways a
  // careless change would, and it must notice.
  const broken: Array<[string, (input: PublicDecisionInput) => PublicDecisionSummary]> = [
    ['publishes the background section', (i) => ({ ...publicDecisionSummary(i), purpose: (i.content.case.background ?? '').slice(0, 300) })],
    ['publishes the purpose even when exempt', (i) => ({ ...publicDecisionSummary(i), purpose: (i.content.case.purpose ?? '').slice(0, 300) })],
    ['names the decision maker', (i) => ({ ...publicDecisionSummary(i), decisionMaker: i.workflow.decision?.by.name ?? 'x' })],
    ['shows the contact officer', (i) => ({ ...publicDecisionSummary(i), service: i.content.contactOfficer?.name ?? null })],
    ['shows call-in grounds', (i) => ({ ...publicDecisionSummary(i), statusLine: (i.workflow.callIns[0]?.grounds ?? '').slice(0, 300) })],
    ['shows costs although exempt', (i) => ({ ...publicDecisionSummary(i), totalCost: formatPounds(i.costs.totalPence) })],
  ];
  it.each(broken)('fails when the summary %s', (_name, summarise) => {
    const details = fc.check(
      fc.property(scenarioArb, (s) => {
        const leaks = problems(summarise, s).filter((p) => p.startsWith('leaked'));
        if (leaks.length) throw new Error(leaks.join('; '));
      }),
      { numRuns: 300 },
    );
    expect(details.failed).toBe(true);
    // It failed because of a leak, not because something else threw.
    expect((details.errorInstance as Error).message).toMatch(/^leaked/);
  });
});
