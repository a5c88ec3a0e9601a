import { renderRequestSummary, requestSummaryView, type SummaryOptions } from '../bot/views/request-summary-view';
import { DEFAULT_CHECK_OPTIONS } from '../domain/checks';
import { cardSample } from '../fixtures/card-sample';
import { SAMPLE_CONTENT, SAMPLE_DRAFT_KEY } from '../fixtures/sample-request';
import { requestSummaryCard } from './request-summary';

const options: SummaryOptions = {
  key: SAMPLE_DRAFT_KEY,
  version: 12,
  statusLabel: 'Draft',
  editable: true,
  discardable: true,
  checks: DEFAULT_CHECK_OPTIONS,
  refreshUserIds: ['29:1olivia-officer'],
};

export const requestSummarySample = cardSample({
  name: 'request-summary',
  title: 'Request summary (draft)',
  description:
    "The officer's summary of the draft before submitting: changes, costs, funding, the case and the checks. Every button sends the draft's revision; an older card changes nothing.",
  card: requestSummaryCard,
  data: requestSummaryView(SAMPLE_CONTENT, options),
  render: () => renderRequestSummary(SAMPLE_CONTENT, options),
});
