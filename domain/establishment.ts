import { z } from 'zod';
import { addDays, addMonths, CalendarDateSchema, parts, type CalendarDate } from './calendar-date';
import { mulFte, type FteHundredths, type Pence } from './money';

/**
 * The establishment ledger: each team's approved posts, dated, so "what is it now" and
 * "what was it on 1 May 2022" are the same question. A post holds from `from` to `until`
 * (inclusive; none for a permanent post), so a temporary post falls off by itself after
 * its end date. A decision never edits history in place: it ends a post (or the part of it
 * it disestablishes or regrades) the day before it takes effect and starts new ones.
 */
const name = (max: number) => z.string().trim().min(1).max(max);

export const OrgUnitSchema = z.object({ directorate: name(120), service: name(120), team: z.string().trim().max(120).optional() });
export type OrgUnit = z.infer<typeof OrgUnitSchema>;

export const LedgerPostSchema = OrgUnitSchema.extend({
  /** Made from the decision (or import) and the line, so applying a decision again makes the same ids. */
  id: z.string().min(1).max(120),
  title: name(200),
  grade: name(80),
  /** Negative only for a change that found no post to act on (see `unmatched`). */
  fteHundredths: z
    .number()
    .int()
    .min(-99_999)
    .max(99_999)
    .refine((n) => n !== 0),
  annualCostPerFtePence: z.number().int().nonnegative().max(10_000_000_000),
  from: CalendarDateSchema,
  until: CalendarDateSchema.optional(),
  /** The decision's reference, or `import` for the starting establishment. */
  source: z.string().min(1).max(60),
  /** The decision that ended this post (disestablished or regraded it). */
  endedBy: z.string().max(60).optional(),
  /** A disestablishment or regrade that found no such post in the ledger: kept so the totals move as decided. */
  unmatched: z.boolean().optional(),
});
export type LedgerPost = z.infer<typeof LedgerPostSchema>;

export const ChangeLineSchema = z.object({
  kind: z.string().max(40),
  title: z.string().max(200),
  grade: z.string().max(80).optional(),
  effectiveDate: CalendarDateSchema.optional(),
  until: CalendarDateSchema.optional(),
  fteHundredths: z.number().int(),
  annualCostPence: z.number().int(),
  oneOffPence: z.number().int().default(0),
  unmatched: z.boolean().default(false),
});
export type LedgerChangeLine = z.infer<typeof ChangeLineSchema>;

/** What one decision did to the establishment, line by line (the movement at each line's effective date). */
export const LedgerChangeSchema = OrgUnitSchema.extend({
  reference: z.string().min(1).max(60),
  title: z.string().max(200),
  appliedOn: CalendarDateSchema,
  lines: z.array(ChangeLineSchema).max(50),
});
export type LedgerChange = z.infer<typeof LedgerChangeSchema>;

/** An approved decision that cannot be implemented yet (publication, call-in), with the report's figures. */
export const PendingDecisionSchema = OrgUnitSchema.extend({
  reference: z.string().min(1).max(60),
  title: z.string().max(200),
  status: z.string().max(40),
  implementableFrom: CalendarDateSchema.optional(),
  fteHundredths: z.number().int(),
  annualCostPence: z.number().int(),
});
export type PendingDecision = z.infer<typeof PendingDecisionSchema>;

export interface Ledger {
  posts: LedgerPost[];
  changes: LedgerChange[];
  pending: PendingDecision[];
}

const fold = (s: string | undefined) => (s ?? '').trim().replace(/\s+/g, ' ').toLowerCase();
export const sameName = (a: string | undefined, b: string | undefined) => fold(a) === fold(b);

/** Whether a post, change or pending decision lies within a unit (no team: the whole service). */
export function within(row: OrgUnit, unit: OrgUnit): boolean {
  return sameName(row.directorate, unit.directorate) && sameName(row.service, unit.service) && (!fold(unit.team) || sameName(row.team, unit.team));
}

export function activeOn(post: LedgerPost, date: CalendarDate): boolean {
  return post.from <= date && (!post.until || post.until >= date);
}

export interface Totals {
  fteHundredths: FteHundredths;
  annualCostPence: Pence;
}

/** A post's annual cost: rounded to the penny once, as the cost engine rounds each line (so totals match the reports). */
export const postCost = (p: Pick<LedgerPost, 'annualCostPerFtePence' | 'fteHundredths'>): Pence => mulFte(p.annualCostPerFtePence, p.fteHundredths);

/** FTE and annual cost of the posts held on `date`. */
export function totalsOn(posts: readonly LedgerPost[], date: CalendarDate): Totals {
  let fte = 0;
  let cost = 0;
  for (const p of posts) {
    if (!activeOn(p, date)) continue;
    fte += p.fteHundredths;
    cost += postCost(p);
  }
  return { fteHundredths: fte, annualCostPence: cost };
}

/** What someone may ask for: a directorate, a service or a team, by name. */
export type Scope = { level: 'directorate' | 'service' | 'team'; unit: OrgUnit; label: string };

/**
 * The scope a typed name means: a directorate, else a service, else a team (names compared
 * without case or extra spaces). Undefined when nothing in the ledger has that name.
 */
export function findScope(ledger: Pick<Ledger, 'posts' | 'pending'>, typed: string): Scope | undefined {
  const rows: OrgUnit[] = [...ledger.posts, ...ledger.pending];
  const d = rows.find((r) => sameName(r.directorate, typed));
  if (d) return { level: 'directorate', unit: { directorate: d.directorate, service: '' }, label: d.directorate };
  const s = rows.find((r) => sameName(r.service, typed));
  if (s) return { level: 'service', unit: { directorate: s.directorate, service: s.service }, label: `${s.service} (${s.directorate})` };
  const t = rows.find((r) => r.team && sameName(r.team, typed));
  if (t) return { level: 'team', unit: { directorate: t.directorate, service: t.service, team: t.team }, label: `${t.team}, ${t.service}` };
  return undefined;
}

export function inScope(row: OrgUnit, scope: Scope): boolean {
  return scope.level === 'directorate' ? sameName(row.directorate, scope.unit.directorate) : within(row, scope.unit);
}

/** The last day of each of the 12 months before `today`'s, then `today`: the points a chart of the last year plots. */
export function yearOfPoints(today: CalendarDate): CalendarDate[] {
  const { year, month } = parts(today);
  const firstOfMonth = `${year}-${String(month).padStart(2, '0')}-01` as CalendarDate;
  const points: CalendarDate[] = [];
  for (let back = 12; back >= 1; back--) points.push(addDays(addMonths(firstOfMonth, -back + 1), -1));
  points.push(today);
  return points;
}
