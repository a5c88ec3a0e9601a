import { cardSample } from '../fixtures/card-sample';
import { md } from './render';
import { draftNoticeCard, type DraftNoticeData } from './draft-notice';

const data: DraftNoticeData = {
  title: 'Temporary posts to introduce the revised Short Breaks offer',
  statusLabel: 'Superseded',
  statusColor: 'Default',
  text: md`
This summary is out of date: the draft has changed since. The latest summary is further down; type **continue** to carry on.
  `,
};

export const draftNoticeSample = cardSample({
  name: 'draft-notice',
  title: 'Draft notice',
  description: 'What an earlier summary (or a used form) becomes: superseded by a newer summary, submitted, or discarded. No buttons.',
  card: draftNoticeCard,
  data,
  render: () => draftNoticeCard.render(data),
});
