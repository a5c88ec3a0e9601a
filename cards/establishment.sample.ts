import { calendarDate } from '../domain/calendar-date';
import { applyDecision } from '../domain/establishment-apply';
import { findScope, type Ledger, type LedgerPost } from '../domain/establishment';
import { establishmentView } from '../domain/establishment-view';
import { completeLine, type ChangeLine } from '../domain/request';
import { cardSample } from '../fixtures/card-sample';
import { SAMPLE_CONTENT, SAMPLE_REFERENCE } from '../fixtures/sample-request';
import { establishmentCard, establishmentCardData, renderEstablishmentCard, type EstablishmentCardData } from './establishment';

const unit = { directorate: 'Children and Families', service: 'Commissioning and Market Management' };
const imported = (n: number, title: string, grade: string, fte: number, pence: number): LedgerPost => ({
  ...unit,
  id: `import-sample-${n}`,
  title,
  grade,
  fteHundredths: fte,
  annualCostPerFtePence: pence,
  from: calendarDate(2021, 4, 1),
  source: 'import',
});

/** The service's imported establishment, seed 004 applied, and a regrade awaiting the end of its call-in period. */
function ledger(): Ledger {
  const start = [
    imported(2, 'Commissioning Officer', 'PO2', 300, 4_483_200),
    imported(3, 'Commissioning Assistant', 'Grade 4', 250, 2_837_600),
    imported(4, 'Business Support Officer', 'Grade 3', 100, 2_394_000),
  ];
  const lines = SAMPLE_CONTENT.lines.map(completeLine).filter((l): l is ChangeLine => !!l);
  const { posts, change } = applyDecision(start, { reference: SAMPLE_REFERENCE, title: SAMPLE_CONTENT.title ?? '', unit, lines }, calendarDate(2022, 11, 30));
  return {
    posts,
    changes: [change],
    pending: [
      {
        ...unit,
        reference: 'ECR-2026-0009',
        title: 'Regrade of the Commissioning Assistant posts',
        status: 'published',
        implementableFrom: calendarDate(2023, 6, 12),
        fteHundredths: 0,
        annualCostPence: 1_278_250,
      },
    ],
  };
}

const today = calendarDate(2023, 6, 5);
const view = () => {
  const l = ledger();
  return establishmentView(l, findScope(l, unit.service)!, today);
};

export const establishmentSample = cardSample<EstablishmentCardData>({
  name: 'establishment',
  title: 'Establishment',
  description:
    'establishment Commissioning and Market Management: FTE and annual cost now, the last year as a line chart (FTE) and a bar chart (cost) with a table where a client draws no charts, the changes by decision, what is pending, and the posts held.',
  card: establishmentCard,
  data: establishmentCardData(view()),
  render: () => renderEstablishmentCard(view()),
});
