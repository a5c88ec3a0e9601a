import type { z } from 'zod';
import { renderChannelCard } from '../bot/views/decision-channel-view';
import { renderRequestCard, requestCardView } from '../bot/views/request-card-view';
import { renderRequestSummary, requestSummaryView } from '../bot/views/request-summary-view';
import { changeLineFormCard, type ChangeLineFormData } from '../cards/change-line-form';
import { decisionChannelCard, type DecisionChannelCardData } from '../cards/decision-channel';
import { statusColor } from '../cards/status-color';
import { fundingFormCard, type FundingFormData } from '../cards/funding-form';
import { COMMANDS, helpCard, renderHelpCard } from '../cards/help';
import type { AdaptiveCard } from '../cards/render';
import { requestCard } from '../cards/request-card';
import { requestSummaryCard } from '../cards/request-summary';
import { calendarDate } from '../domain/calendar-date';
import { checkDraft, DEFAULT_CHECK_OPTIONS } from '../domain/checks';
import { availableActions, decide, newWorkflow, SYSTEM, type Actor, type Command, type Person, type Rules, type WorkflowState } from '../domain/lifecycle';
import { publicDecisionSummary } from '../domain/public-summary';
import { describeLine } from '../domain/quick-entry';
import { DraftContentSchema, type DraftContent } from '../domain/request';
import { weeklyDigest, type DecisionListing } from '../domain/weekly-digest';
import { workingCalendar } from '../domain/working-days';
import { renderWeeklyDigestCard, weeklyDigestCard, weeklyDigestCardData } from '../cards/weekly-digest';

/**
 * Realistic sample data for every card template, used to draw the pictures in docs/cards
 * (scripts/render-cards.ts) and checked by test/cards/card-samples.test.ts. The request is
 * seed 004: three traded Children's Commissioning posts, £156,008 a year, fully funded.
 */

const TENANT = '00000000-0000-0000-0000-000000000001';
const person = (id: string, name: string, initials?: string): Person => ({ tenantId: TENANT, aadObjectId: `00000000-0000-0000-0000-0000000000${id}`, name, ...(initials ? { initials } : {}) });

/** The people of config/routing.example.json. */
export const SAMPLE_PEOPLE = {
  officer: person('a1', 'Olivia Officer'),
  finance: person('b1', 'Fiona Finance', 'FF'),
  hr: person('b2', 'Harry Hr', 'HH'),
  legal: person('b3', 'Lena Legal', 'LL'),
  director: person('c1', 'Dana Director', 'DD'),
  scrutiny1: person('d1', 'Sam Scrutiny'),
  scrutiny2: person('d2', 'Sara Scrutiny'),
  scrutinyOfficer: person('d3', 'Oscar Overview'),
} as const;

export const SAMPLE_REFERENCE = 'ECR-2026-0004';
export const SAMPLE_DRAFT_KEY = 'draft-3f9c2a7e';

export const SAMPLE_RULES: Rules = {
  calendar: workingCalendar(),
  callInWorkingDays: 5,
  minimumMembersToCallIn: 1,
  scrutinyMembers: [SAMPLE_PEOPLE.scrutiny1, SAMPLE_PEOPLE.scrutiny2],
  scrutinyOfficer: SAMPLE_PEOPLE.scrutinyOfficer,
  deputies: [],
};

/** Seed 004's content: three commissioning posts, £156,008 a year, fully funded. */
export const SAMPLE_CONTENT: DraftContent = DraftContentSchema.parse({
  title: 'Request to create traded Childrens Commissioning posts',
  directorate: 'Children and Families',
  service: 'Commissioning and Market Management',
  contactOfficer: { name: 'Olivia Officer' },
  lines: [
    { kind: 'establish', fteHundredths: 100, jobTitle: 'Commissioning Manager', grade: 'PO4', annualCostPerFtePence: 5_558_800, costIsEstimate: false, term: { type: 'permanent' }, effectiveDate: '2022-12-01' },
    { kind: 'establish', fteHundredths: 100, jobTitle: 'Commissioning Officer', grade: 'PO2', annualCostPerFtePence: 4_483_200, costIsEstimate: false, term: { type: 'permanent' }, effectiveDate: '2022-12-01' },
    { kind: 'establish', fteHundredths: 100, jobTitle: 'Commissioning Manager', grade: 'PO4', annualCostPerFtePence: 5_558_800, costIsEstimate: false, term: { type: 'temporary', endDate: '2025-03-31' }, effectiveDate: '2022-12-01' },
  ],
  linesComplete: true,
  funding: [
    { kind: 'traded_income', description: 'OAWY', amountPence: 10_042_000 },
    { kind: 'government_grant', description: 'SAFE Taskforce', amountPence: 5_558_800 },
  ],
  fundingComplete: true,
  case: {
    purpose: 'To create three traded commissioning posts funded by OAWY and the SAFE Taskforce.',
    proposal: 'Create two PO4 Commissioning Managers (one temporary to 31 March 2025) and one PO2 Commissioning Officer in Commissioning and Market Management.',
    reasons: 'Demand for traded commissioning support from schools and partners has grown; the current arrangements, covered by agency staff, are unsustainable.',
    financialImplications: 'The full-year cost of £156,008 is funded by traded income from OAWY (£100,420) and the SAFE Taskforce grant (£55,588).',
    wardsAffected: 'All',
    recommendation: 'The Director of Children and Families is recommended to approve the creation of the three posts.',
  },
  decisionFacts: { keyDecision: false, openToCallIn: true, exempt: null },
});

const at = (iso: string) => new Date(iso);

/** When each step happened; the director opens the card the morning after the last comment. */
export const SAMPLE_TIMES = {
  submitted: at('2026-11-23T09:15:00Z'),
  finance: at('2026-11-24T11:02:00Z'),
  hr: at('2026-11-25T14:40:00Z'),
  legal: at('2026-11-26T10:05:00Z'),
  directorOpens: at('2026-11-27T09:30:00Z'),
  approved: at('2026-11-30T10:00:00Z'),
  scrutinyOpens: at('2026-12-01T09:00:00Z'),
} as const;

const actor = (p: Person): Actor => ({ tenantId: p.tenantId, aadObjectId: p.aadObjectId, name: p.name });

function run(state: WorkflowState, steps: Array<[Actor, Command, Date]>): WorkflowState {
  for (const [who, command, now] of steps) {
    const d = decide(state, command, who, now, SAMPLE_RULES);
    if (!d.ok) throw new Error(`card samples: ${command.type} refused: ${d.message}`);
    state = d.state;
  }
  return state;
}

/** Submitted, with the three signed comments: awaiting the director's decision (version 6). */
export function sampleAwaitingDecision(): WorkflowState {
  const p = SAMPLE_PEOPLE;
  const approvers = { finance: p.finance, hr: p.hr, legal: p.legal, decision: { kind: 'director' as const, person: p.director } };
  return run(newWorkflow(p.officer), [
    [actor(p.officer), { type: 'submit', approvers, openToCallIn: true }, SAMPLE_TIMES.submitted],
    [SYSTEM, { type: 'start_review' }, SAMPLE_TIMES.submitted],
    [actor(p.finance), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'The posts are fully funded: traded income from OAWY (£100,420 a year) and the SAFE Taskforce grant (£55,588 a year) cover the full-year cost of £156,008 including on-costs. The temporary post ends with the grant on 31 March 2025.' }, SAMPLE_TIMES.finance],
    [actor(p.hr), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'The grades (PO4 and PO2) have been confirmed by job evaluation. The temporary post will be offered as a fixed-term contract; recruitment will follow the council\'s recruitment and redeployment policies.' }, SAMPLE_TIMES.hr],
    [actor(p.legal), { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'There are no legal implications arising from this report.' }, SAMPLE_TIMES.legal],
  ]);
}

/** Approved by the director and published to the decisions channel, with the call-in period open. */
export function samplePublished(): WorkflowState {
  return run(sampleAwaitingDecision(), [
    [actor(SAMPLE_PEOPLE.director), { type: 'approve', expectedVersion: 6, reasons: 'The posts are fully funded and needed to meet demand for traded commissioning.' }, SAMPLE_TIMES.approved],
    [SYSTEM, { type: 'publish' }, SAMPLE_TIMES.approved],
  ]);
}

export interface CardSample<D = unknown> {
  /** File name stem: docs/cards/<name>.png */
  name: string;
  title: string;
  description: string;
  /** The card definition the data is bound through (its zod schema and template). */
  card: { name: string; schema: z.ZodType; render(data: D): AdaptiveCard };
  data: D;
  /** The card as the bot sends it, through the same entry point the bot uses. */
  render(): AdaptiveCard;
}

const sample = <D>(s: CardSample<D>): CardSample => s as CardSample;

const HELP_INTRO = 'Hello Olivia. I run staffing establishment change approvals: raise a request here, and I\'ll take it through finance, HR and legal comments to a decision, publication and call-in.';

const summaryOptions = { key: SAMPLE_DRAFT_KEY, version: 0, statusLabel: 'Draft', editable: true, discardable: true, checks: DEFAULT_CHECK_OPTIONS };

const lineForm: ChangeLineFormData = {
  heading: `Change 3: ${describeLine(SAMPLE_CONTENT.lines[2]!)}`,
  error: '',
  kind: 'establish',
  fte: '1',
  jobTitle: 'Commissioning Manager',
  grade: 'PO4',
  scp: '',
  cost: '£55,588',
  previousCost: '',
  term: 'until 31 March 2025',
  effectiveDate: '1 December 2022',
  draftKey: SAMPLE_DRAFT_KEY,
  lineIndex: '2',
};

const fundingForm: FundingFormData = {
  heading: 'Add a funding source',
  hint: 'One source at a time; the amount is per year.',
  error: '',
  kind: 'government_grant',
  description: 'SAFE Taskforce',
  amount: '£55,588',
  draftKey: SAMPLE_DRAFT_KEY,
};

function directorCard() {
  const workflow = sampleAwaitingDecision();
  const options = { viewer: actor(SAMPLE_PEOPLE.director), rules: SAMPLE_RULES, now: SAMPLE_TIMES.directorOpens, checks: DEFAULT_CHECK_OPTIONS };
  return { workflow, options };
}

/** Scrutiny members' Teams user ids, as their stored conversation references give them. */
const SAMPLE_SCRUTINY_USER_IDS = SAMPLE_RULES.scrutinyMembers.map((m) => `29:${m.aadObjectId}`);

/** The data renderChannelCard binds for a viewer (none: the post everyone sees). */
function channelData(viewer?: Person): DecisionChannelCardData {
  const workflow = samplePublished();
  const { costs } = checkDraft(SAMPLE_CONTENT, DEFAULT_CHECK_OPTIONS);
  const summary = publicDecisionSummary({ reference: SAMPLE_REFERENCE, content: SAMPLE_CONTENT, workflow, costs });
  const canCallIn = viewer ? availableActions(workflow, actor(viewer), SAMPLE_TIMES.scrutinyOpens, SAMPLE_RULES).some((a) => a.type === 'call_in') : false;
  return {
    ...summary,
    canCallIn,
    refreshUserIds: viewer ? [] : SAMPLE_SCRUTINY_USER_IDS,
    version: workflow.version,
    statusColor: statusColor(workflow.status),
  };
}

/** The Monday after the sample decision: it and two others published that week. */
function sampleDigest() {
  const publication = samplePublished().publication!;
  const listings: DecisionListing[] = [
    { reference: SAMPLE_REFERENCE, title: SAMPLE_CONTENT.title ?? '', status: 'published', ...publication },
    { reference: 'ECR-2026-0005', title: 'Regrade of the Customer Services team leader posts', status: 'implementable', publishedOn: '2026-12-02', implementableFrom: '2026-12-02' },
    { reference: 'ECR-2026-0006', title: 'Establishment change (contains exempt information)', status: 'published', publishedOn: '2026-12-03', deadline: '2026-12-10', implementableFrom: '2026-12-11' },
  ];
  return weeklyDigest(calendarDate(2026, 12, 7), listings);
}

/** Every card template with sample data, in the order a request meets them. */
export const CARD_SAMPLES: readonly CardSample[] = [
  sample({
    name: 'help',
    title: 'Help',
    description: 'Sent when the bot is installed in a 1:1 chat, and on "help": what the bot understands.',
    card: helpCard,
    data: { title: 'Establishment changes', intro: HELP_INTRO, commands: [...COMMANDS] },
    render: () => renderHelpCard(HELP_INTRO),
  }),
  sample({
    name: 'change-line-form',
    title: 'Change line form',
    description: 'The officer describes one change (here the temporary PO4 Commissioning Manager) while raising a request.',
    card: changeLineFormCard,
    data: lineForm,
    render: () => changeLineFormCard.render(lineForm),
  }),
  sample({
    name: 'funding-form',
    title: 'Funding form',
    description: 'The officer adds a funding source and its amount a year (here the SAFE Taskforce grant).',
    card: fundingFormCard,
    data: fundingForm,
    render: () => fundingFormCard.render(fundingForm),
  }),
  sample({
    name: 'request-summary',
    title: 'Request summary (draft)',
    description: "The officer's summary of the draft before submitting: changes, costs, funding, the case and the checks.",
    card: requestSummaryCard,
    data: requestSummaryView(SAMPLE_CONTENT, summaryOptions),
    render: () => renderRequestSummary(SAMPLE_CONTENT, summaryOptions),
  }),
  sample({
    name: 'request-card',
    title: "Request card (director's view)",
    description: 'The submitted request as the director sees it once finance, HR and legal have signed their comments, with Approve, Reject and Return for changes.',
    card: requestCard,
    data: (() => {
      const { workflow, options } = directorCard();
      return requestCardView(SAMPLE_REFERENCE, SAMPLE_CONTENT, workflow, options);
    })(),
    render: () => {
      const { workflow, options } = directorCard();
      return renderRequestCard(SAMPLE_REFERENCE, SAMPLE_CONTENT, workflow, options);
    },
  }),
  sample({
    name: 'decision-channel',
    title: 'Decisions channel post',
    description: 'The approved decision as published in the decisions channel, with the call-in deadline; only the public summary is shown.',
    card: decisionChannelCard,
    data: channelData(),
    render: () => renderChannelCard(SAMPLE_REFERENCE, SAMPLE_CONTENT, samplePublished(), { rules: SAMPLE_RULES, checks: DEFAULT_CHECK_OPTIONS, now: SAMPLE_TIMES.scrutinyOpens, scrutinyUserIds: SAMPLE_SCRUTINY_USER_IDS }),
  }),
  sample({
    name: 'decision-channel-scrutiny',
    title: "Decisions channel post (scrutiny member's view)",
    description: 'The same post refreshed for a scrutiny member while the call-in period is open: it offers Call in.',
    card: decisionChannelCard,
    data: channelData(SAMPLE_PEOPLE.scrutiny1),
    render: () => renderChannelCard(SAMPLE_REFERENCE, SAMPLE_CONTENT, samplePublished(), { rules: SAMPLE_RULES, checks: DEFAULT_CHECK_OPTIONS, now: SAMPLE_TIMES.scrutinyOpens, viewer: actor(SAMPLE_PEOPLE.scrutiny1) }),
  }),
  sample({
    name: 'weekly-digest',
    title: 'Weekly digest',
    description: 'Posted in the decisions channel at 08:00 on Mondays: the decisions published the week before and the call-in periods still open.',
    card: weeklyDigestCard,
    data: weeklyDigestCardData(sampleDigest()),
    render: () => renderWeeklyDigestCard(sampleDigest()),
  }),
];
