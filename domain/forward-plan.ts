import { z } from 'zod';
import { addDays, CalendarDateSchema, compareDates, daysBetween, type CalendarDate } from './calendar-date';
import { PersonSchema } from './person';

/**
 * The forward plan (List of Forthcoming Key Decisions) and when a key decision may lawfully
 * be taken: Local Authorities (Executive Arrangements) (Meetings and Access to Information)
 * (England) Regulations 2012, regs. 9 to 11. Dates are calendar dates in Europe/London.
 *
 * - standard (reg. 9): the notice is on the plan for at least 28 clear days;
 * - general exception (reg. 10): the chair of the relevant overview and scrutiny committee is
 *   told in writing and a notice published; then at least 5 clear days;
 * - special urgency (reg. 11): the chair agrees it is urgent and cannot reasonably be
 *   deferred; no wait, and the decision is reported to the council.
 *
 * A clear day is a whole day between the two: neither the day of notice nor the day of
 * decision counts, so 28 clear days after a notice on the 1st the decision may be taken on
 * the 30th (notice + 29).
 */
export const FORWARD_PLAN_ROUTES = ['standard', 'general_exception', 'special_urgency'] as const;
export type ForwardPlanRoute = (typeof FORWARD_PLAN_ROUTES)[number];
export type ExceptionRoute = Exclude<ForwardPlanRoute, 'standard'>;

export const ROUTE_LABELS: Record<ForwardPlanRoute, string> = {
  standard: 'Forward plan: 28 clear days’ notice (reg. 9)',
  general_exception: 'General exception: 5 clear days’ notice, the scrutiny chair told (reg. 10)',
  special_urgency: 'Special urgency: the scrutiny chair agreed it cannot wait (reg. 11)',
};

/** Clear days each route needs between its notice and the decision. */
export const CLEAR_DAYS: Record<ForwardPlanRoute, number> = { standard: 28, general_exception: 5, special_urgency: 0 };

/** Whole days strictly between the day of notice and the day of decision. */
export function clearDaysBetween(noticeOn: CalendarDate, decisionOn: CalendarDate): number {
  return Math.max(0, daysBetween(noticeOn, decisionOn) - 1);
}

/** The first day a decision may be taken after a notice given on `noticeOn` under `route`. */
export function earliestDecisionDate(noticeOn: CalendarDate, route: ForwardPlanRoute): CalendarDate {
  return route === 'special_urgency' ? noticeOn : addDays(noticeOn, CLEAR_DAYS[route] + 1);
}

const Recorded = z.object({ by: PersonSchema, onBehalfOf: PersonSchema.optional(), at: z.string() });

/** The notice on the forward plan: what the 2012 Regulations (reg. 9(2)) say it gives. */
export const NoticeSchema = Recorded.extend({
  publishedOn: CalendarDateSchema,
  /** The matter to be decided, as published (the public title: no exempt information). */
  matter: z.string().max(300),
  decisionMaker: z.string().max(300),
  expectedDate: CalendarDateSchema,
  /** Titles of the documents submitted to the decision maker that are not exempt. */
  documents: z.array(z.string().max(210)).max(20),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** A general exception or special urgency, recorded by democratic services. */
export const ExceptionSchema = Recorded.extend({
  route: z.enum(['general_exception', 'special_urgency']),
  /** Why the 28 days' notice is impracticable (or the decision cannot wait). */
  reasons: z.string().max(2000),
  /** The chair told (general exception) or who agreed (special urgency). */
  chair: z.string().max(200),
  /** The day the chair was told and the notice given, or the chair agreed. */
  recordedOn: CalendarDateSchema,
});
export type ForwardPlanException = z.infer<typeof ExceptionSchema>;

export const ForwardPlanSchema = z.object({ notice: NoticeSchema, exception: ExceptionSchema.optional() });
export type ForwardPlan = z.infer<typeof ForwardPlanSchema>;

export function routeOf(plan: ForwardPlan): ForwardPlanRoute {
  return plan.exception?.route ?? 'standard';
}

/**
 * The earliest lawful decision date: the standard 28 clear days from the notice, or an
 * exception's own (earlier) date once one is recorded; an exception never makes it later.
 */
export function earliestLawfulDate(plan: ForwardPlan): CalendarDate {
  const standard = earliestDecisionDate(plan.notice.publishedOn as CalendarDate, 'standard');
  if (!plan.exception) return standard;
  const exception = earliestDecisionDate(plan.exception.recordedOn as CalendarDate, plan.exception.route);
  return compareDates(exception, standard) < 0 ? exception : standard;
}

export function mayDecideOn(plan: ForwardPlan, today: CalendarDate): boolean {
  return compareDates(today, earliestLawfulDate(plan)) >= 0;
}

/** Whether democratic services may record `route` now: an exception only ever shortens the wait, once each. */
export function mayRecordException(plan: ForwardPlan, route: ExceptionRoute): boolean {
  const current = routeOf(plan);
  return current === 'standard' || (current === 'general_exception' && route === 'special_urgency');
}
