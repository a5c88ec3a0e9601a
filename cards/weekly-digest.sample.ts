import { calendarDate } from '../domain/calendar-date';
import { weeklyDigest, type DecisionListing } from '../domain/weekly-digest';
import type { ForwardPlanEntry } from '../domain/forward-plan-listing';
import { cardSample } from '../fixtures/card-sample';
import { SAMPLE_CONTENT, SAMPLE_REFERENCE, samplePublished } from '../fixtures/sample-request';
import { renderWeeklyDigestCard, weeklyDigestCard, weeklyDigestCardData, type WeeklyDigestCardData } from './weekly-digest';

/** The Monday after the sample decision: it and two others published that week. */
function digest() {
  const publication = samplePublished().publication!;
  const listings: DecisionListing[] = [
    { reference: SAMPLE_REFERENCE, title: SAMPLE_CONTENT.title ?? '', status: 'published', ...publication },
    {
      reference: 'ECR-2026-0005',
      title: 'Regrade of the Customer Services team leader posts',
      status: 'implementable',
      publishedOn: '2026-12-02',
      implementableFrom: '2026-12-02',
    },
    {
      reference: 'ECR-2026-0006',
      title: 'Establishment change (contains exempt information)',
      status: 'published',
      publishedOn: '2026-12-03',
      deadline: '2026-12-10',
      implementableFrom: '2026-12-11',
    },
  ];
  const notices: ForwardPlanEntry[] = [
    {
      reference: 'ECR-2026-0007',
      matter: 'Establish 12 FTE Reablement Support Worker posts',
      decisionMaker: "Adults' Services Committee",
      noticeOn: '2026-12-01',
      earliest: '2026-12-30',
      route: 'standard',
      status: 'in_review',
    },
  ];
  return weeklyDigest(calendarDate(2026, 12, 7), listings, notices);
}

export const weeklyDigestSample = cardSample<WeeklyDigestCardData>({
  name: 'weekly-digest',
  title: 'Weekly digest',
  description:
    'Posted in the decisions channel at 08:00 on Mondays: the decisions published the week before, the call-in periods still open and the key decisions newly on the forward plan.',
  card: weeklyDigestCard,
  data: weeklyDigestCardData(digest()),
  render: () => renderWeeklyDigestCard(digest()),
});
