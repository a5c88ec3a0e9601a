import { renderRequestCard, requestCardView } from '../bot/views/request-card-view';
import { DEFAULT_CHECK_OPTIONS } from '../domain/checks';
import type { DocumentEntry } from '../domain/documents';
import { cardSample } from '../fixtures/card-sample';
import { asActor, sampleAwaitingDecision, SAMPLE_CONTENT, SAMPLE_PEOPLE, SAMPLE_REFERENCE, SAMPLE_RULES, SAMPLE_TIMES } from '../fixtures/sample-request';
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
