import { cardSample } from '../fixtures/card-sample';
import { SAMPLE_DRAFT_KEY } from '../fixtures/sample-request';
import { fundingFormCard, type FundingFormData } from './funding-form';

const data: FundingFormData = {
  heading: 'Add a funding source',
  hint: 'One source at a time; the amount is per year.',
  error: '',
  kind: 'government_grant',
  description: 'SAFE Taskforce',
  amount: '£55,588',
  draftKey: SAMPLE_DRAFT_KEY,
  version: 9,
};

export const fundingFormSample = cardSample({
  name: 'funding-form',
  title: 'Funding form',
  description: 'The officer adds a funding source and its amount a year (here the SAFE Taskforce grant).',
  card: fundingFormCard,
  data,
  render: () => fundingFormCard.render(data),
});
