import { formatLongDate, type CalendarDate } from './calendar-date';
import { formatPounds, type Pence } from './money';
import type { PayTable } from './pay-table';
import type { DraftLine } from './request';

/**
 * What a careful officer would want pointed out, never refused: a start date in the past,
 * an FTE or a cost far outside what the pay table holds, a job title that reads like a
 * sentence. Each is a remark under what was saved; the officer decides.
 */
export interface RemarkContext {
  payTable?: PayTable;
  today?: CalendarDate;
}

/** More FTE than this on one line is unusual enough to ask about. */
export const LARGE_FTE_HUNDREDTHS = 1000;
/** A cost below half the table's lowest or above twice its highest is far outside it. */
const FAR_BELOW = 0.5;
const FAR_ABOVE = 2;

export function lineRemarks(line: DraftLine, ctx: RemarkContext, only?: ReadonlyArray<'fte' | 'cost' | 'jobTitle' | 'effectiveDate'>): string[] {
  const want = (field: 'fte' | 'cost' | 'jobTitle' | 'effectiveDate') => !only || only.includes(field);
  const remarks: string[] = [];
  if (want('effectiveDate') && ctx.today && line.effectiveDate && line.effectiveDate < ctx.today)
    remarks.push(`${formatLongDate(line.effectiveDate)} is in the past: is that right?`);
  if (want('fte') && line.fteHundredths !== undefined && line.fteHundredths > LARGE_FTE_HUNDREDTHS) {
    remarks.push(`${line.fteHundredths / 100} FTE on one change is a lot: is that right?`);
  }
  if (want('cost') && line.kind !== 'one_off_payment') {
    for (const cost of [line.annualCostPerFtePence, line.previousAnnualCostPerFtePence]) {
      const outside = farOutsidePayTable(cost, ctx.payTable);
      if (outside) remarks.push(outside);
    }
  }
  if (want('jobTitle') && line.jobTitle && looksLikeSentence(line.jobTitle))
    remarks.push(`"${line.jobTitle.slice(0, 80)}" reads like a sentence rather than a job title: is that the title? (say \`change job title\` to fix it)`);
  return remarks;
}

/** Remarks laid out under a line of the reply. */
export function remarkNotes(remarks: readonly string[]): string {
  return remarks.map((r) => `\n   Note: ${r}`).join('');
}

export function payTableRange(table: PayTable | undefined): { low: Pence; high: Pence } | undefined {
  const costs = (table?.grades ?? []).flatMap((g) =>
    g.points.map((p) => ('annualCostPence' in p ? p.annualCostPence : Math.round((p.salaryPence * (10_000 + p.onCostBasisPoints)) / 10_000))),
  );
  return costs.length ? { low: Math.min(...costs), high: Math.max(...costs) } : undefined;
}

function farOutsidePayTable(cost: Pence | undefined, table: PayTable | undefined): string | undefined {
  const range = payTableRange(table);
  if (cost === undefined || !range) return undefined;
  if (cost >= range.low * FAR_BELOW && cost <= range.high * FAR_ABOVE) return undefined;
  return `${formatPounds(cost)} a year per FTE is far outside the pay table (${formatPounds(range.low)} to ${formatPounds(range.high)}): is that right?`;
}

const SENTENCE_WORDS =
  /\b(will|would|should|shall|is|are|was|were|been|being|we|our|us|this|these|propose[sd]?|proposal|agreed|approve[sd]?|recommend(?:ed|s)?|it)\b/i;

/** A job title is a few words; one with a verb, a full stop or a dozen words is prose. */
export function looksLikeSentence(title: string): boolean {
  const words = title.trim().split(/\s+/);
  return words.length > 10 || /[.!?;]$/.test(title.trim()) || (words.length > 3 && SENTENCE_WORDS.test(title));
}
