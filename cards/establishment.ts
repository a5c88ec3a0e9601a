import { z } from 'zod';
import { formatLongDate } from '../domain/calendar-date';
import { signedFte, signedPounds, type EstablishmentView } from '../domain/establishment-view';
import { formatFte, formatPounds } from '../domain/money';
import template from './establishment.card.json';
import { defineCard, tokenField, TOKENS } from './render';

/**
 * `establishment <directorate, service or team>`: FTE and annual cost now, the month-end
 * series as a line chart (FTE) and a bar chart (cost), which Teams draws, each with a table
 * or a note as its fallback for clients that do not, the last 12 months' changes by
 * decision, what is pending, and the posts held.
 */
const point = z.object({ x: z.string().max(20), y: z.number() });
const MAX_ROWS = 25;
/** Decision references (and 'Ended' for a temporary post's end): made by the system, bound as they are. */
const Reference = tokenField(TOKENS.reference);

export const EstablishmentCardData = z.object({
  title: z.string().max(200),
  asAt: z.string().max(200),
  facts: z.array(z.object({ name: z.string().max(60), value: z.string().max(60) })).max(6),
  unmatchedNote: z.string().max(300),
  fteSeries: z.array(point).max(13),
  costSeries: z.array(point).max(13),
  series: z.array(z.object({ label: z.string().max(20), fte: z.string().max(20), cost: z.string().max(30) })).max(13),
  changes: z
    .array(z.object({ reference: Reference, title: z.string().max(200), when: z.string().max(40), fte: z.string().max(20), cost: z.string().max(30) }))
    .max(MAX_ROWS),
  pending: z
    .array(z.object({ reference: Reference, title: z.string().max(200), status: z.string().max(120), fte: z.string().max(20), cost: z.string().max(30) }))
    .max(MAX_ROWS),
  posts: z
    .array(z.object({ title: z.string().max(200), grade: z.string().max(80), fte: z.string().max(20), cost: z.string().max(30), term: z.string().max(60) }))
    .max(MAX_ROWS),
  more: z.number().int().min(0),
});
export type EstablishmentCardData = z.infer<typeof EstablishmentCardData>;

export const establishmentCard = defineCard('establishment', template, EstablishmentCardData);

export function establishmentCardData(view: EstablishmentView): EstablishmentCardData {
  const changes = view.changes.slice(-MAX_ROWS).reverse();
  return {
    title: `Establishment: ${view.label}`,
    asAt: `As at ${formatLongDate(view.today)}`,
    facts: [
      { name: 'FTE', value: formatFte(Math.max(0, view.now.fteHundredths)) },
      { name: 'Annual cost (with on-costs)', value: formatPounds(view.now.annualCostPence) },
      { name: 'Pending decisions', value: String(view.pending.length) },
    ],
    unmatchedNote: view.unmatched
      ? `${view.unmatched} change${view.unmatched === 1 ? '' : 's'} found no matching post in the ledger (imported establishment incomplete?): the totals include ${view.unmatched === 1 ? 'it' : 'them'} as decided.`
      : '',
    fteSeries: view.series.map((p) => ({ x: p.label, y: p.fteHundredths / 100 })),
    costSeries: view.series.map((p) => ({ x: p.label, y: Math.round(p.annualCostPence / 100) })),
    series: view.series.map((p) => ({ label: p.label, fte: formatFte(Math.max(0, p.fteHundredths)), cost: formatPounds(p.annualCostPence) })),
    changes: changes.map((c) => ({
      reference: c.reference === 'ended' ? 'Ended' : c.reference,
      title: c.title,
      when: formatLongDate(c.when),
      fte: signedFte(c.fteHundredths),
      cost: signedPounds(c.annualCostPence),
    })),
    pending: view.pending.slice(0, MAX_ROWS),
    posts: view.posts.slice(0, MAX_ROWS),
    more: view.morePosts,
  };
}

export function renderEstablishmentCard(view: EstablishmentView) {
  return establishmentCard.render(establishmentCardData(view));
}
