import { z } from 'zod';
import { formatLongDate, type CalendarDate } from '../domain/calendar-date';
import { STATUS_LABELS, STATUSES, type Status } from '../domain/lifecycle';
import type { WeeklyDigest } from '../domain/weekly-digest';
import template from './weekly-digest.card.json';
import { defineCard, tokenField, TOKENS } from './render';

/**
 * The decisions channel's Monday digest: decisions published the week before and the
 * call-in periods still open. Its rows come from the public decision listing only.
 */
const Reference = tokenField(TOKENS.reference);
/** Rows per list: enough for any council's week, and the card stays far under Teams' limit. */
const MAX_ROWS = 25;

export const WeeklyDigestCardData = z.object({
  title: z.string().max(200),
  period: z.string().max(200),
  // Titles are cut to 200 characters (and escaped) by defineCard.
  published: z.array(z.object({ reference: Reference, title: z.string().max(200), publishedOn: z.string(), statusLabel: z.string() })).max(MAX_ROWS),
  callInEnding: z.array(z.object({ reference: Reference, title: z.string().max(200), deadline: z.string(), implementableFrom: z.string() })).max(MAX_ROWS),
  /** Key decisions given notice on the forward plan that week: the notice's public facts. */
  notices: z
    .array(z.object({ reference: Reference, matter: z.string().max(200), decisionMaker: z.string().max(200), noticeOn: z.string(), earliest: z.string() }))
    .max(MAX_ROWS)
    .default([]),
  more: z.number().int().min(0),
});
export type WeeklyDigestCardData = z.input<typeof WeeklyDigestCardData>;

export const weeklyDigestCard = defineCard('weekly-digest', template, WeeklyDigestCardData);

const label = (status: string): string => ((STATUSES as readonly string[]).includes(status) ? STATUS_LABELS[status as Status] : status);
const long = (date: string): string => formatLongDate(date as CalendarDate);

export function weeklyDigestCardData(digest: WeeklyDigest): WeeklyDigestCardData {
  const more = [digest.published, digest.callInEnding, digest.notices].reduce((n, list) => n + Math.max(0, list.length - MAX_ROWS), 0);
  return {
    title: `Decisions: week of ${long(digest.publishedFrom)}`,
    period: `Published ${long(digest.publishedFrom)} to ${long(digest.publishedTo)}; call-in periods open on ${long(digest.week)}`,
    published: digest.published
      .slice(0, MAX_ROWS)
      .map((d) => ({ reference: d.reference, title: d.title, publishedOn: long(d.publishedOn), statusLabel: label(d.status) })),
    callInEnding: digest.callInEnding.slice(0, MAX_ROWS).map((d) => ({
      reference: d.reference,
      title: d.title,
      deadline: long(d.deadline ?? d.implementableFrom),
      implementableFrom: long(d.implementableFrom),
    })),
    notices: digest.notices.slice(0, MAX_ROWS).map((n) => ({
      reference: n.reference,
      matter: n.matter,
      decisionMaker: n.decisionMaker,
      noticeOn: long(n.noticeOn),
      earliest: long(n.earliest),
    })),
    more,
  };
}

export function renderWeeklyDigestCard(digest: WeeklyDigest) {
  return weeklyDigestCard.render(weeklyDigestCardData(digest));
}
