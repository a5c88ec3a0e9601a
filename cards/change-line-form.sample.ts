import { cardSample } from '../fixtures/card-sample';
import { SAMPLE_CONTENT, SAMPLE_DRAFT_KEY } from '../fixtures/sample-request';
import { describeLine } from '../domain/quick-entry';
import { changeLineFormCard, type ChangeLineFormData } from './change-line-form';

const data: ChangeLineFormData = {
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
  version: 7,
  lineIndex: '2',
};

export const changeLineFormSample = cardSample({
  name: 'change-line-form',
  title: 'Change line form',
  description: 'The officer describes one change (here the temporary PO4 Commissioning Manager) while raising a request.',
  card: changeLineFormCard,
  data,
  render: () => changeLineFormCard.render(data),
});
