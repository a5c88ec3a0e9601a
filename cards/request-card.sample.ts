import { renderRequestCard, requestCardView } from '../bot/views/request-card-view';
import { DEFAULT_CHECK_OPTIONS } from '../domain/checks';
import type { DocumentEntry } from '../domain/documents';
import { cardSample } from '../fixtures/card-sample';
import { asActor, sampleAwaitingDecision, SAMPLE_CONTENT, SAMPLE_PEOPLE, SAMPLE_REFERENCE, SAMPLE_RULES, SAMPLE_TIMES } from '../fixtures/sample-request';
import { decide, newWorkflow, SYSTEM, type Command, type Person, type WorkflowState } from '../domain/lifecycle';
import { requestCard, type RequestCardData } from './request-card';

/** Its supporting documents: a job description, and a structure chart exempt under paragraph 1. */
const documents: DocumentEntry[] = [
  {
    id: 'jd0000000001',
    file: 'f00000000001',
    title: 'Job description: Commissioning Manager (PO4)',
    fileName: 'JD Commissioning Manager PO4.docx',
    kind: 'docx',
    bytes: 48_213,
    exempt: false,
    addedIn: 1,
    addedAt: '2022-11-14T10:02:00Z',
  },
  {
    id: 'sc0000000001',
    file: 'f00000000002',
    title: 'Structure chart, before and after',
    fileName: 'Structure chart.pdf',
    kind: 'pdf',
    bytes: 182_540,
    exempt: { paragraph: 1 },
    addedIn: 1,
    addedAt: '2022-11-14T10:05:00Z',
  },
];
const content = { ...SAMPLE_CONTENT, documents };

/** The director opens the request the morning after the last comment. */
const directorOptions = {
  viewer: asActor(SAMPLE_PEOPLE.director),
  rules: SAMPLE_RULES,
  now: SAMPLE_TIMES.directorOpens,
  checks: DEFAULT_CHECK_OPTIONS,
  documentLink: (reference: string, id: string) => `https://establishment-changes.example.gov.uk/documents/${reference}/${id}`,
};

export const requestCardSample = cardSample<RequestCardData>({
  name: 'request-card',
  title: "Request card (director's view)",
  description:
    'The submitted request as the director sees it once finance, HR and legal have signed their comments, with its supporting documents (the exempt one marked), the declaration of interests the decision needs (it goes on the record of decision) and Approve, Reject and Return for changes.',
  card: requestCard,
  data: requestCardView(SAMPLE_REFERENCE, content, sampleAwaitingDecision(), directorOptions),
  render: () => renderRequestCard(SAMPLE_REFERENCE, content, sampleAwaitingDecision(), directorOptions),
});

/** Democratic services for the directorate: they record the committee's resolution and keep the forward plan. */
const democratic: Person = {
  tenantId: SAMPLE_PEOPLE.director.tenantId,
  aadObjectId: '00000000-0000-0000-0000-0000000000c2',
  name: 'Derek Democratic',
  initials: 'DDS',
};

/** The sample request as a key decision for the committee, submitted on Monday 23 November 2026 and reviewed: on the forward plan until 22 December. */
function keyDecisionAwaiting(): WorkflowState {
  const p = SAMPLE_PEOPLE;
  const approvers = {
    finance: p.finance,
    hr: p.hr,
    legal: p.legal,
    decision: { kind: 'committee' as const, name: "Children and Young People's Committee", recordedBy: democratic },
    democraticServices: democratic,
  };
  const notice = { matter: SAMPLE_CONTENT.title ?? '', decisionMaker: "Children and Young People's Committee", documents: [documents[0]!.title] };
  const steps: Array<[Person, Command, Date]> = [
    [asActor(p.officer), { type: 'submit', approvers, openToCallIn: true, notice }, SAMPLE_TIMES.submitted],
    [SYSTEM, { type: 'start_review' }, SAMPLE_TIMES.submitted],
    [
      asActor(p.finance),
      { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'The posts are fully funded by OAWY and the SAFE Taskforce grant.' },
      SAMPLE_TIMES.finance,
    ],
    [asActor(p.hr), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'The grades have been confirmed by job evaluation.' }, SAMPLE_TIMES.hr],
    [
      asActor(p.legal),
      { type: 'add_comment', expectedVersion: 5, discipline: 'legal', text: 'There are no legal implications arising from this report.' },
      SAMPLE_TIMES.legal,
    ],
  ];
  let state = newWorkflow(p.officer);
  for (const [who, command, now] of steps) {
    const d = decide(state, command, who, now, SAMPLE_RULES);
    if (!d.ok) throw new Error(`key decision sample: ${command.type} refused: ${d.message}`);
    state = d.state;
  }
  return state;
}

const keyContent = { ...content, decisionFacts: { ...content.decisionFacts, keyDecision: true } };
const democraticOptions = { ...directorOptions, viewer: asActor(democratic) };

export const requestCardKeyDecisionSample = cardSample<RequestCardData>({
  name: 'request-card-key-decision',
  title: "Request card (a key decision, democratic services' view)",
  description:
    'A key decision for the committee, reviewed four days after its notice went on the forward plan: the card gives the notice, the earliest decision date (28 clear days on) and the route, offers no resolution before that date, and lets democratic services record a general exception or special urgency with the chair and the reasons.',
  card: requestCard,
  data: requestCardView(SAMPLE_REFERENCE, keyContent, keyDecisionAwaiting(), democraticOptions),
  render: () => renderRequestCard(SAMPLE_REFERENCE, keyContent, keyDecisionAwaiting(), democraticOptions),
});
