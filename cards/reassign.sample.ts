import { cardSample } from '../fixtures/card-sample';
import { reassignCard, type ReassignData } from './reassign';

const data: ReassignData = {
  reference: 'ECR-2026-0007',
  version: 4,
  title: 'Request to create traded Childrens Commissioning posts',
  notice: '',
  noticeStyle: 'default',
  holders: [
    { title: 'Finance review', value: 'Fiona Finance' },
    { title: 'HR review', value: 'Harry Hr (done)' },
    { title: 'Legal review', value: 'Lena Legal' },
    { title: 'Decision', value: 'Dana Director' },
  ],
  parts: [
    { title: 'Finance review (now Fiona Finance)', value: 'finance' },
    { title: 'Legal review (now Lena Legal)', value: 'legal' },
    { title: 'Decision (now Dana Director)', value: 'decision' },
  ],
  people: [
    { name: 'Cara Chief Executive', id: '00000000-0000-0000-0000-0000000000c3' },
    { name: 'Fiona Finance', id: '00000000-0000-0000-0000-0000000000b1' },
  ],
};

export const reassignSample = cardSample({
  name: 'reassign',
  title: 'Reassign (administrators)',
  description:
    '`reassign ECR-2026-0007`: who holds each part, and a form to move a review or the decision not yet done to someone else, with the reason kept on the record. No content of the request.',
  card: reassignCard,
  data,
  render: () => reassignCard.render(data),
});
