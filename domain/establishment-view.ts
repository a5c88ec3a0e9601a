import { addMonths, formatLongDate, MONTH_NAMES, parts, type CalendarDate } from './calendar-date';
import { activeOn, inScope, postCost, totalsOn, yearOfPoints, type Ledger, type Scope, type Totals } from './establishment';
import { formatFte, formatPounds } from './money';

/**
 * What `establishment <name>` shows of a scope on a day: the posts held and their totals,
 * the decisions pending, the last 12 months' movements (by decision, and temporary posts
 * that came to their end), and the month-end series the card's charts plot.
 */
export interface EstablishmentView {
  label: string;
  today: CalendarDate;
  now: Totals;
  posts: Array<{ title: string; grade: string; fte: string; cost: string; term: string }>;
  morePosts: number;
  pending: Array<{ reference: string; title: string; status: string; fte: string; cost: string }>;
  changes: Array<{ reference: string; title: string; when: CalendarDate; fteHundredths: number; annualCostPence: number }>;
  series: Array<{ label: string; date: CalendarDate; fteHundredths: number; annualCostPence: number }>;
  unmatched: number;
}

const POSTS_SHOWN = 20;
const signedFte = (n: number) => `${n > 0 ? '+' : n < 0 ? '-' : ''}${formatFte(Math.abs(n))}`;
const signedPounds = (n: number) => (n > 0 ? `+${formatPounds(n)}` : formatPounds(n));

export function establishmentView(ledger: Ledger, scope: Scope, today: CalendarDate): EstablishmentView {
  const posts = ledger.posts.filter((p) => inScope(p, scope));
  const held = posts.filter((p) => activeOn(p, today) && p.fteHundredths > 0);
  // One row per title, grade and term: a council has many posts of each.
  const groups = new Map<string, { title: string; grade: string; fte: number; cost: number; until?: CalendarDate }>();
  for (const p of held) {
    const key = [p.title, p.grade, p.until ?? '', p.annualCostPerFtePence].join('|').toLowerCase();
    const g = groups.get(key) ?? { title: p.title, grade: p.grade, fte: 0, cost: 0, ...(p.until ? { until: p.until } : {}) };
    g.fte += p.fteHundredths;
    g.cost += postCost(p);
    groups.set(key, g);
  }
  const rows = [...groups.values()].sort((a, b) => a.title.localeCompare(b.title) || a.grade.localeCompare(b.grade));
  const yearAgo = addMonths(today, -12);
  const changes: EstablishmentView['changes'] = [];
  for (const c of ledger.changes.filter((c) => inScope(c, scope))) {
    const recent = c.lines.filter((l) => l.effectiveDate && l.effectiveDate > yearAgo && l.effectiveDate <= today);
    if (!recent.length) continue;
    const when = recent.map((l) => l.effectiveDate!).sort()[0]!;
    changes.push({
      reference: c.reference,
      title: c.title,
      when,
      fteHundredths: recent.reduce((s, l) => s + l.fteHundredths, 0),
      annualCostPence: recent.reduce((s, l) => s + l.annualCostPence, 0),
    });
  }
  // A temporary post falls off the day after its end date: a movement of its own.
  for (const p of posts.filter((p) => p.until && !p.endedBy && p.fteHundredths > 0 && p.until >= yearAgo && p.until < today)) {
    changes.push({
      reference: 'ended',
      title: `Temporary ${p.title} (${p.grade}) ended`,
      when: p.until!,
      fteHundredths: -p.fteHundredths,
      annualCostPence: -postCost(p),
    });
  }
  changes.sort((a, b) => a.when.localeCompare(b.when) || a.reference.localeCompare(b.reference));
  return {
    label: scope.label,
    today,
    now: totalsOn(posts, today),
    posts: rows.slice(0, POSTS_SHOWN).map((g) => ({
      title: g.title,
      grade: g.grade,
      fte: formatFte(g.fte),
      cost: formatPounds(g.cost),
      term: g.until ? `to ${formatLongDate(g.until)}` : 'permanent',
    })),
    morePosts: Math.max(0, rows.length - POSTS_SHOWN),
    pending: ledger.pending
      .filter((p) => inScope(p, scope))
      .map((p) => ({
        reference: p.reference,
        title: p.title,
        status: p.implementableFrom ? `can be implemented from ${formatLongDate(p.implementableFrom)} unless called in` : p.status.replace(/_/g, ' '),
        fte: signedFte(p.fteHundredths),
        cost: signedPounds(p.annualCostPence),
      })),
    changes,
    series: yearOfPoints(today).map((date, i, all) => {
      const { month, year } = parts(date);
      const label = i === all.length - 1 ? 'Today' : `${MONTH_NAMES[month - 1]!.slice(0, 3)} ${String(year).slice(2)}`;
      return { label, date, ...totalsOn(posts, date) };
    }),
    unmatched: posts.filter((p) => p.unmatched && activeOn(p, today)).length,
  };
}

export { signedFte, signedPounds };
