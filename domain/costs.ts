import { addDays, addMonths, calendarDate, compareDates, daysInMonth, formatLongDate, parts, type CalendarDate } from './calendar-date';
import { formatPounds, mulFte, roundPence, type Pence } from './money';
import type { ChangeLine, FundingSource, PostLine, Term } from './request';

/**
 * The cost engine. Everything is integer pence.
 * - Full-year cost: fte × annual cost per fte (with on-costs); disestablished posts are
 *   savings (negative); a regrade costs the difference; one-off payments count once and
 *   are kept apart from the recurring figure.
 * - Part-year costs: each whole calendar month is 1/12 of the annual cost and a part
 *   month counts by its days (so 1 July 2018 – 31 March 2019 is exactly 9/12). Each
 *   line's figure is rounded to the penny once, half away from zero; financial-year
 *   pieces are rounded cumulatively so they always add up to the line's term cost.
 * - Funding is compared with the full-year cost plus one-off payments, as the reports do
 *   ("the additional cost of the posts will be £284,937").
 */
export interface FinancialYearCost {
  label: string; // "2018/19"
  pence: Pence;
}

export interface LineCost {
  fullYearPence: Pence;
  oneOffPence: Pence;
  /** Temporary posts: the cost over the whole term; otherwise null. */
  termPence: Pence | null;
  termStart: CalendarDate | null;
  termEnd: CalendarDate | null;
  byFinancialYear: FinancialYearCost[];
}

export interface FundingPosition {
  status: 'covered' | 'surplus' | 'shortfall';
  /** Funding minus cost: negative for a shortfall. */
  differencePence: Pence;
}

export interface RequestCosts {
  lines: LineCost[];
  fullYearPence: Pence;
  oneOffPence: Pence;
  totalPence: Pence;
  /** The cost of the temporary posts over their terms (null when none is temporary). */
  temporaryTermPence: Pence | null;
  byFinancialYear: FinancialYearCost[];
  fundingPence: Pence;
  funding: FundingPosition;
}

/** Financial years shown for permanent posts, from the one the change starts in. */
const PERMANENT_YEARS_SHOWN = 3;

export function termEnd(start: CalendarDate, term: Term): CalendarDate | null {
  if (term.type === 'permanent') return null;
  return 'endDate' in term ? term.endDate : addDays(addMonths(start, term.months), -1);
}

export function financialYearOf(date: CalendarDate): number {
  const { year, month } = parts(date);
  return month >= 4 ? year : year - 1;
}

export function financialYearLabel(startYear: number): string {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/**
 * annual × (months covered between start and end inclusive) / 12, unrounded. Walks the
 * months as numbers, not dates: a permanent post's three years are 36 steps, on every card.
 */
function proratedExact(annual: Pence, start: CalendarDate, end: CalendarDate): number {
  if (compareDates(end, start) < 0) return 0;
  const last = parts(end);
  let { year, month, day } = parts(start);
  let wholeMonths = 0;
  let partial = 0;
  for (;;) {
    const dim = daysInMonth(year, month);
    const final = year === last.year && month === last.month;
    const days = (final ? last.day : dim) - day + 1;
    if (days === dim) wholeMonths++;
    else partial += (annual * days) / (12 * dim);
    if (final) break;
    [year, month, day] = month === 12 ? [year + 1, 1, 1] : [year, month + 1, 1];
  }
  return (annual * wholeMonths) / 12 + partial;
}

export function prorate(annual: Pence, start: CalendarDate, end: CalendarDate): Pence {
  return roundPence(proratedExact(annual, start, end));
}

function splitByFinancialYear(annual: Pence, start: CalendarDate, end: CalendarDate): FinancialYearCost[] {
  const out: FinancialYearCost[] = [];
  let cumulative = 0;
  let rounded = 0;
  for (let fy = financialYearOf(start); fy <= financialYearOf(end); fy++) {
    const from = compareDates(start, calendarDate(fy, 4, 1)) > 0 ? start : calendarDate(fy, 4, 1);
    const to = compareDates(end, calendarDate(fy + 1, 3, 31)) < 0 ? end : calendarDate(fy + 1, 3, 31);
    cumulative += proratedExact(annual, from, to);
    const next = roundPence(cumulative);
    out.push({ label: financialYearLabel(fy), pence: next - rounded });
    rounded = next;
  }
  return out;
}

export function lineFullYear(line: PostLine): Pence {
  const perFte = line.kind === 'regrade' ? line.annualCostPerFtePence - (line.previousAnnualCostPerFtePence ?? 0) : line.annualCostPerFtePence;
  const cost = mulFte(perFte, line.fteHundredths);
  return line.kind === 'disestablish' ? -cost : cost;
}

export function costLine(line: ChangeLine): LineCost {
  if (line.kind === 'one_off_payment') {
    const byFinancialYear = line.effectiveDate ? [{ label: financialYearLabel(financialYearOf(line.effectiveDate)), pence: line.amountPence }] : [];
    return { fullYearPence: 0, oneOffPence: line.amountPence, termPence: null, termStart: null, termEnd: null, byFinancialYear };
  }
  const annual = lineFullYear(line);
  const end = termEnd(line.effectiveDate, line.term);
  if (end) {
    const byFinancialYear = splitByFinancialYear(annual, line.effectiveDate, end);
    // The term cost is the sum of its financial years, so the two can never disagree by a penny.
    const termPence = byFinancialYear.reduce((sum, y) => sum + y.pence, 0);
    return { fullYearPence: annual, oneOffPence: 0, termPence, termStart: line.effectiveDate, termEnd: end, byFinancialYear };
  }
  const lastShown = calendarDate(financialYearOf(line.effectiveDate) + PERMANENT_YEARS_SHOWN, 3, 31);
  return {
    fullYearPence: annual,
    oneOffPence: 0,
    termPence: null,
    termStart: line.effectiveDate,
    termEnd: null,
    byFinancialYear: splitByFinancialYear(annual, line.effectiveDate, lastShown),
  };
}

function mergeYears(lists: FinancialYearCost[][]): FinancialYearCost[] {
  const totals = new Map<string, Pence>();
  for (const list of lists) for (const { label, pence } of list) totals.set(label, (totals.get(label) ?? 0) + pence);
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([label, pence]) => ({ label, pence }));
}

export function fundingPosition(fundingPence: Pence, costPence: Pence): FundingPosition {
  const differencePence = fundingPence - costPence;
  return { status: differencePence === 0 ? 'covered' : differencePence > 0 ? 'surplus' : 'shortfall', differencePence };
}

export function costRequest(lines: readonly ChangeLine[], funding: readonly FundingSource[]): RequestCosts {
  const costs = lines.map(costLine);
  const fullYearPence = costs.reduce((sum, c) => sum + c.fullYearPence, 0);
  const oneOffPence = costs.reduce((sum, c) => sum + c.oneOffPence, 0);
  const temporary = costs.filter((c) => c.termPence !== null);
  const fundingPence = funding.reduce((sum, f) => sum + f.amountPence, 0);
  const totalPence = fullYearPence + oneOffPence;
  return {
    lines: costs,
    fullYearPence,
    oneOffPence,
    totalPence,
    temporaryTermPence: temporary.length ? temporary.reduce((sum, c) => sum + (c.termPence ?? 0), 0) : null,
    byFinancialYear: mergeYears(costs.map((c) => c.byFinancialYear)),
    fundingPence,
    funding: fundingPosition(fundingPence, totalPence),
  };
}

/** "Funding covers the cost", "Funding falls £46,989 short of the cost", … */
export function describeFunding(position: FundingPosition): string {
  if (position.status === 'covered') return 'Funding exactly covers the cost.';
  if (position.status === 'surplus') return `Funding exceeds the cost by ${formatPounds(position.differencePence)}.`;
  return `Shortfall: funding falls ${formatPounds(-position.differencePence)} short of the cost.`;
}

export function describeTerm(cost: LineCost): string | null {
  return cost.termStart && cost.termEnd ? `${formatLongDate(cost.termStart)} to ${formatLongDate(cost.termEnd)}` : null;
}
