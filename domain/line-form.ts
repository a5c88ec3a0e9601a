import { parseDate, parseTerm } from './entry-dates';
import { gradeAnswer } from './entry-grades';
import { parseFundingKind } from './funding-entry';
import { parseFte, parsePounds } from './money';
import { isJobEvaluation, lookupCost } from './pay-table';
import { DEFAULT_FULL_TIME_HOURS } from './quick-entry';
import { CHANGE_KINDS, type ChangeKind, type DraftLine } from './request';
import type { AnswerContext } from './questionnaire';

/** The change and funding forms' values, and an FTE typed at the FTE question, read as the dialogue reads them. */
/** A cost is an estimate while the grade awaits job evaluation, however the change was given: typed, on the form or a field at a time. */
export function settleEstimate(line: DraftLine): DraftLine {
  if (line.kind === 'one_off_payment' || line.annualCostPerFtePence === undefined) return line;
  return { ...line, costIsEstimate: !!line.grade && isJobEvaluation(line.grade) };
}

const HOURS = /^(\d{1,2}(?:\.\d{1,2})?)\s*(?:hours?|hrs)(?:\s*(?:a|per|each)\s*week|\s*pw)?$/i;

/** An FTE, or hours a week at the full-time hours: the FTE question and the form read it alike. */
export function fteAnswer(text: string, ctx: AnswerContext): { ok: true; value: number; note?: string } | { ok: false; message: string } {
  const hours = HOURS.exec(text);
  if (!hours) return parseFte(text);
  const full = ctx.fullTimeHours ?? DEFAULT_FULL_TIME_HOURS;
  const value = Math.round((Number(hours[1]) * 100) / full);
  if (value < 1 || Number(hours[1]) > full * 1.5) return { ok: false, message: `${text} is not a working week I can convert: give the FTE, e.g. 0.5.` };
  return { ok: true, value, note: `${hours[1]} hours a week at ${full} full-time hours = ${value / 100} FTE.` };
}

export function lineFromForm(form: Record<string, string | undefined>, ctx: AnswerContext): { ok: true; line: DraftLine } | { ok: false; message: string } {
  const kind = (CHANGE_KINDS as readonly string[]).includes(form.kind ?? '') ? (form.kind as ChangeKind) : undefined;
  if (!kind) return { ok: false, message: 'Choose the kind of change.' };
  const v = (s: string | undefined) => (s ?? '').trim();
  if (kind === 'one_off_payment') {
    const amount = parsePounds(v(form.cost));
    if (!amount.ok) return { ok: false, message: `Payment: ${amount.message}` };
    return {
      ok: true,
      line: {
        kind,
        description: v(form.jobTitle).slice(0, 200) || 'One-off payment',
        amountPence: amount.value,
        ...(parseDate(v(form.effectiveDate)) ? { effectiveDate: parseDate(v(form.effectiveDate)) } : {}),
      },
    };
  }
  const line: DraftLine = { kind };
  const problems: string[] = [];
  if (v(form.fte)) {
    const fte = fteAnswer(v(form.fte), ctx);
    if (fte.ok) line.fteHundredths = fte.value;
    else problems.push(`FTE: ${fte.message}`);
  }
  if (v(form.jobTitle)) line.jobTitle = v(form.jobTitle).slice(0, 200);
  const typedGrade = v(form.grade) && !isJobEvaluation(v(form.grade)) ? gradeAnswer(v(form.grade)) : undefined;
  if (v(form.grade)) line.grade = typedGrade ? typedGrade.grade.slice(0, 80) : 'subject to job evaluation';
  if (v(form.scp)) {
    const scp = Number(v(form.scp));
    if (Number.isInteger(scp) && scp >= 1 && scp <= 99 && (typedGrade?.scp ?? scp) === scp) line.scp = scp;
    else
      problems.push(
        Number.isInteger(scp) && scp >= 1 && scp <= 99
          ? `SCP: the grade says scp ${typedGrade?.scp}, the SCP box ${scp}: which is it?`
          : 'SCP: give a whole number such as 23.',
      );
  } else if (typedGrade?.scp !== undefined) line.scp = typedGrade.scp;
  if (v(form.cost)) {
    const cost = parsePounds(v(form.cost));
    if (cost.ok) line.annualCostPerFtePence = cost.value;
    else problems.push(`Cost: ${cost.message}`);
  }
  if (v(form.previousCost)) {
    const cost = parsePounds(v(form.previousCost));
    if (cost.ok) line.previousAnnualCostPerFtePence = cost.value;
    else problems.push(`Current cost: ${cost.message}`);
  }
  if (v(form.term)) {
    const term = parseTerm(v(form.term));
    if (term) line.term = term;
    else problems.push('Term: say "permanent", "until 31 March 2019" or "12 months".');
  } else if (kind === 'disestablish' || kind === 'make_permanent') line.term = { type: 'permanent' }; // as quick entry reads them
  if (v(form.effectiveDate)) {
    const date = parseDate(v(form.effectiveDate));
    if (date) line.effectiveDate = date;
    else problems.push('Effective date: try 1 July 2018 or 01/07/2018.');
  }
  if (problems.length) return { ok: false, message: problems.join(' ') };
  if (line.annualCostPerFtePence === undefined && line.grade && ctx.payTable) {
    const found = lookupCost(ctx.payTable, line.grade, line.scp);
    if (found) line.annualCostPerFtePence = found.annualCostPerFtePence;
  }
  return { ok: true, line: settleEstimate(line) };
}

export function fundingFromForm(form: Record<string, string | undefined>) {
  const kind = parseFundingKind(form.kind ?? '');
  if (!kind) return { ok: false as const, message: 'Choose where the money comes from.' };
  const amount = parsePounds(form.amount ?? '');
  if (!amount.ok) return amount;
  const description = (form.description ?? '').trim().slice(0, 200);
  return { ok: true as const, value: { kind, amountPence: amount.value, ...(description ? { description } : {}) } };
}
