import { renderRequestCard, requestCardView } from '../bot/views/request-card-view';
import { DEFAULT_CHECK_OPTIONS } from '../domain/checks';
import { cardSample } from '../fixtures/card-sample';
import { asActor, sampleAwaitingDecision, SAMPLE_CONTENT, SAMPLE_PEOPLE, SAMPLE_REFERENCE, SAMPLE_RULES, SAMPLE_TIMES } from '../fixtures/sample-request';
import { requestCard, type RequestCardData } from './request-card';

/** The director opens the request the morning after the last comment. */
const directorOptions = { viewer: asActor(SAMPLE_PEOPLE.director), rules: SAMPLE_RULES, now: SAMPLE_TIMES.directorOpens, checks: DEFAULT_CHECK_OPTIONS };

export const requestCardSample = cardSample<RequestCardData>({
  name: 'request-card',
  title: "Request card (director's view)",
  description:
    'The submitted request as the director sees it once finance, HR and legal have signed their comments, with Approve, Reject and Return for changes.',
  card: requestCard,
  data: requestCardView(SAMPLE_REFERENCE, SAMPLE_CONTENT, sampleAwaitingDecision(), directorOptions),
  render: () => renderRequestCard(SAMPLE_REFERENCE, SAMPLE_CONTENT, sampleAwaitingDecision(), directorOptions),
});
