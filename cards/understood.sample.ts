import { cardSample } from '../fixtures/card-sample';
import { SAMPLE_DRAFT_KEY } from '../fixtures/sample-request';
import { understoodCard, type UnderstoodCardData } from './understood';

/** Seed 004's temporary Commissioning Manager as an officer typed it, and a post the same sentence named without its grade. */
const data: UnderstoodCardData = {
  heading: 'I understood these 2 changes:',
  changes: [
    {
      number: '3',
      line: '2',
      heading: '1 fte Commissioning Manager (PO4, £55,588 with on-costs), temporary until 31 March 2025, with effect from 1 December 2022',
      fields: [
        { label: 'Change', value: 'Establish', source: 'no verb: a post named, read as a new post: “one FTE … Commissioning Manager”' },
        { label: 'FTE', value: '1', source: '“one FTE”' },
        { label: 'Job title', value: 'Commissioning Manager', source: '“Commissioning Manager”' },
        { label: 'Grade', value: 'PO4', source: '“PO4”' },
        { label: 'Cost with on-costs', value: '£55,588 a year per FTE', source: '“£55,588 inc. on-costs”' },
        { label: 'Permanent or temporary', value: 'Temporary until 31 March 2025', source: '“fixed term to 31/03/2025”' },
        { label: 'From', value: '1 December 2022', source: '“w.e.f. 1 December 2022”' },
      ],
      toAsk: '',
      notes: '',
      remarks: '',
    },
    {
      number: '4',
      line: '3',
      heading: 'Disestablish 0.5 fte Business Support Assistant, permanent',
      fields: [
        { label: 'Change', value: 'Disestablish (delete)', source: '“delete”' },
        { label: 'FTE', value: '0.5', source: '“18.5 hours”' },
        { label: 'Job title', value: 'Business Support Assistant', source: '“Business Support Assistant”' },
        { label: 'Permanent or temporary', value: 'Permanent', source: '“delete”' },
      ],
      toAsk: 'the grade, the annual cost per FTE with on-costs, the start date',
      notes: '18.5 hours a week at 37 full-time hours = 0.5 FTE.',
      remarks: '',
    },
  ],
  funding: [],
  footer: 'Check each field against your words. If one is wrong, click Fix to correct it on the form.',
  draftKey: SAMPLE_DRAFT_KEY,
  version: 7,
};

export const understoodSample = cardSample({
  name: 'understood',
  title: 'I understood (quick entry)',
  description:
    'What the bot answers when it reads changes typed as a report writes them: each field beside the words it came from, what it will still ask, and Fix, which opens the change form filled in.',
  card: understoodCard,
  data,
  render: () => understoodCard.render(data),
});
