import { z } from 'zod';
import { CalendarDateSchema, type CalendarDate } from './calendar-date';
import { PayTableSchema, type PayTable } from './pay-table';
import { DEFAULT_PREFIX, PREFIX } from './reference';
import { RoutedPersonSchema, RoutingConfigSchema, same as sameId, sameName, type RoutedPerson, type RoutingConfig } from './routing';

/**
 * A council's settings, kept per tenant and changed in Teams by its administrators (the
 * `settings` card): the routing (who reviews and decides, per directorate), scrutiny, the
 * reminders, who administers, and the decisions channel. Every change makes a new version;
 * a submitted request keeps the people it was routed to.
 */
export const CouncilSettingsSchema = RoutingConfigSchema.extend({
  administrators: z.array(RoutedPersonSchema).max(20).default([]),
  /** An Entra group whose members administer the council too (object id). */
  administratorGroupId: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
    .optional(),
  /** A total (full year + one-off) at or above it must be a key decision; none: KEY_DECISION_THRESHOLD_POUNDS. */
  keyDecisionThresholdPounds: z.number().int().min(0).max(1_000_000_000).optional(),
  /** Hours in the council's full-time week ("30 hours a week" is 30 ÷ this FTE); none: FULL_TIME_HOURS. */
  fullTimeHours: z.number().min(1).max(48).optional(),
  /** The council's own reference series (BCC-2026-0001); none: the shared ECR series. */
  referencePrefix: z.string().regex(PREFIX).optional(),
  /** Grade and spinal column point to a full-time post's annual cost; none: every cost is asked. */
  payTable: PayTableSchema.optional(),
  /** Days the council is closed besides weekends and bank holidays: no working day for call-in or reminders. */
  closureDays: z.array(CalendarDateSchema).max(100).default([]),
  decisionsChannelId: z
    .string()
    .max(500)
    .regex(/^19:[^/\\#?\s]+$/)
    .optional(),
});
export type CouncilSettings = z.infer<typeof CouncilSettingsSchema>;

export interface VersionedSettings {
  version: number;
  settings: CouncilSettings;
}

/** The parts of a route a person holds; `alternates` take a part its usual holder cannot. */
export const ROUTE_PARTS = ['finance', 'hr', 'legal', 'director', 'democraticServices'] as const;
export type RoutePart = (typeof ROUTE_PARTS)[number];
export const PART_LABELS: Record<RoutePart, string> = {
  finance: 'Finance reviewer',
  hr: 'HR reviewer',
  legal: 'Legal reviewer',
  director: 'Director',
  democraticServices: 'Democratic services',
};

/** A directorate's route as the card edits it; `null` names the default route. */
export interface RouteEdit {
  kind: 'route';
  directorate: string | null;
  people: Record<RoutePart, RoutedPerson>;
  alternates: Partial<Record<RoutePart, RoutedPerson>>;
  committeeName: string;
  directorLimitPounds: number;
}

export type SettingsEdit =
  | RouteEdit
  | { kind: 'add-directorate'; name: string }
  | { kind: 'remove-directorate'; name: string }
  | { kind: 'scrutiny'; members: RoutedPerson[]; officer: RoutedPerson; minimumMembersToCallIn: number; callInWorkingDays: number }
  | {
      kind: 'general';
      afterWorkingDays: number;
      escalateAfterWorkingDays: number;
      administrators: RoutedPerson[];
      closureDays: CalendarDate[];
      referencePrefix?: string;
      fullTimeHours?: number;
      keyDecisionThresholdPounds?: number;
      /** '' removes the group. */
      administratorGroupId?: string;
    }
  | { kind: 'decisions-channel'; channelId: string }
  | { kind: 'pay-table'; table: PayTable; source: string };

export type EditResult = { ok: true; settings: CouncilSettings; changes: string[] } | { ok: false; message: string };

/** The directorate's name as configured (any case or spacing typed finds it). */
export function findDirectorate(settings: RoutingConfig, name: string): string | undefined {
  return Object.keys(settings.directorates).find((d) => sameName(d, name));
}

/** The directorates officers choose from, in the order they were added. */
export function directorateNames(settings: RoutingConfig): string[] {
  return Object.keys(settings.directorates);
}

type Route = RoutingConfig['default'];

function routeParts(route: Route): Record<RoutePart, RoutedPerson> {
  return { finance: route.finance, hr: route.hr, legal: route.legal, director: route.director, democraticServices: route.committee.democraticServices };
}

const who = (p: RoutedPerson | undefined) => p?.name ?? 'nobody';

/** Applies one change from the card: the new settings and what changed, in words for the record; or why not. */
export function applyEdit(current: CouncilSettings, edit: SettingsEdit): EditResult {
  const next: CouncilSettings = structuredClone(current);
  const changes: string[] = [];
  switch (edit.kind) {
    case 'route': {
      const name = edit.directorate === null ? null : findDirectorate(current, edit.directorate);
      if (edit.directorate !== null && !name) return { ok: false, message: `There is no directorate called "${edit.directorate.slice(0, 60)}" any more.` };
      const label = name ?? (Object.keys(current.directorates).length ? 'Every other directorate' : 'Every directorate');
      const before = name ? current.directorates[name]! : current.default;
      if (!edit.committeeName.trim()) return { ok: false, message: 'Name the committee that takes decisions above the limit.' };
      const was = routeParts(before);
      for (const part of Object.keys(PART_LABELS) as RoutePart[]) {
        if (!sameId(was[part], edit.people[part])) changes.push(`${label}: ${PART_LABELS[part]} ${was[part].name} → ${edit.people[part].name}`);
        const a = before.alternates[part];
        const b = edit.alternates[part];
        if ((a && !b) || (!a && b) || (a && b && !sameId(a, b))) changes.push(`${label}: alternate ${PART_LABELS[part].toLowerCase()} ${who(a)} → ${who(b)}`);
      }
      if (before.directorLimitPounds !== edit.directorLimitPounds)
        changes.push(
          `${label}: director's limit £${before.directorLimitPounds.toLocaleString('en-GB')} → £${edit.directorLimitPounds.toLocaleString('en-GB')}`,
        );
      if (before.committee.name !== edit.committeeName.trim()) changes.push(`${label}: committee ${before.committee.name} → ${edit.committeeName.trim()}`);
      const route: Route = {
        finance: edit.people.finance,
        hr: edit.people.hr,
        legal: edit.people.legal,
        director: edit.people.director,
        directorLimitPounds: edit.directorLimitPounds,
        committee: { name: edit.committeeName.trim(), democraticServices: edit.people.democraticServices },
        alternates: edit.alternates,
      };
      if (name) next.directorates[name] = route;
      else next.default = route;
      break;
    }
    case 'add-directorate': {
      const name = edit.name.trim().replace(/\s+/g, ' ');
      if (!name || name.length > 80) return { ok: false, message: 'A directorate needs a name of up to 80 characters.' };
      if (findDirectorate(current, name)) return { ok: false, message: `${name} is already a directorate.` };
      if (Object.keys(current.directorates).length >= 40) return { ok: false, message: 'A council can have up to 40 directorates here.' };
      // Starts with the default route's people; the administrator changes them next.
      next.directorates[name] = structuredClone(current.default);
      changes.push(`Directorate added: ${name} (people as for every other directorate, until changed)`);
      break;
    }
    case 'remove-directorate': {
      const name = findDirectorate(current, edit.name);
      if (!name) return { ok: false, message: `There is no directorate called "${edit.name.slice(0, 60)}".` };
      delete next.directorates[name];
      changes.push(`Directorate removed: ${name} (its requests now go to the people for every other directorate; requests already submitted keep theirs)`);
      break;
    }
    case 'scrutiny': {
      const members = edit.members.filter((m, i) => edit.members.findIndex((n) => sameId(m, n)) === i);
      if (!members.length) return { ok: false, message: 'Name at least one scrutiny member.' };
      if (edit.minimumMembersToCallIn < 1 || edit.minimumMembersToCallIn > members.length)
        return { ok: false, message: `The call-in quorum must be between 1 and the number of members (${members.length}).` };
      if (edit.callInWorkingDays < 1 || edit.callInWorkingDays > 30) return { ok: false, message: 'The call-in period is 1 to 30 working days.' };
      const s = current.scrutiny;
      const names = (ps: RoutedPerson[]) => ps.map((p) => p.name).join(', ');
      if (names(s.members) !== names(members)) changes.push(`Scrutiny members: ${names(s.members)} → ${names(members)}`);
      if (!sameId(s.officer, edit.officer)) changes.push(`Scrutiny officer: ${s.officer.name} → ${edit.officer.name}`);
      if (s.minimumMembersToCallIn !== edit.minimumMembersToCallIn)
        changes.push(`Call-in quorum: ${s.minimumMembersToCallIn} → ${edit.minimumMembersToCallIn}`);
      if (s.callInWorkingDays !== edit.callInWorkingDays) changes.push(`Call-in period: ${s.callInWorkingDays} → ${edit.callInWorkingDays} working days`);
      next.scrutiny = { members, officer: edit.officer, minimumMembersToCallIn: edit.minimumMembersToCallIn, callInWorkingDays: edit.callInWorkingDays };
      break;
    }
    case 'general': {
      if (edit.afterWorkingDays < 1 || edit.afterWorkingDays > 20) return { ok: false, message: 'Reminders go after 1 to 20 working days.' };
      if (edit.escalateAfterWorkingDays <= edit.afterWorkingDays || edit.escalateAfterWorkingDays > 30)
        return { ok: false, message: 'Escalation comes after the reminder, within 30 working days.' };
      const r = current.reminders;
      if (r.afterWorkingDays !== edit.afterWorkingDays) changes.push(`Reminder after: ${r.afterWorkingDays} → ${edit.afterWorkingDays} working days`);
      if (r.escalateAfterWorkingDays !== edit.escalateAfterWorkingDays)
        changes.push(`Escalation after: ${r.escalateAfterWorkingDays} → ${edit.escalateAfterWorkingDays} working days`);
      const admins = edit.administrators.filter((m, i) => edit.administrators.findIndex((n) => sameId(m, n)) === i);
      const names = (ps: RoutedPerson[]) => ps.map((p) => p.name).join(', ') || 'nobody';
      if (names(current.administrators) !== names(admins)) changes.push(`Administrators: ${names(current.administrators)} → ${names(admins)}`);
      const days = [...new Set(edit.closureDays)].sort() as CalendarDate[];
      if (days.length > 100) return { ok: false, message: 'Up to 100 closure days can be kept: remove past ones first.' };
      if (days.join(', ') !== current.closureDays.join(', '))
        changes.push(`Closure days: ${current.closureDays.join(', ') || 'none'} → ${days.join(', ') || 'none'}`);
      next.closureDays = days;
      const prefix = edit.referencePrefix?.trim().toUpperCase() || undefined;
      if (prefix && !PREFIX.test(prefix)) return { ok: false, message: 'A reference prefix is two to five capital letters, e.g. BCC.' };
      if ((prefix ?? DEFAULT_PREFIX) !== (current.referencePrefix ?? DEFAULT_PREFIX))
        changes.push(
          `Reference prefix: ${current.referencePrefix ?? DEFAULT_PREFIX} → ${prefix ?? DEFAULT_PREFIX} (requests already submitted keep their references)`,
        );
      if (prefix && prefix !== DEFAULT_PREFIX) next.referencePrefix = prefix;
      else delete next.referencePrefix;
      if (edit.fullTimeHours !== undefined) {
        if (!(edit.fullTimeHours >= 1 && edit.fullTimeHours <= 48) || Math.round(edit.fullTimeHours * 100) !== edit.fullTimeHours * 100)
          return { ok: false, message: 'A full-time week is 1 to 48 hours, to at most two decimal places (e.g. 37 or 36.5).' };
        if (edit.fullTimeHours !== current.fullTimeHours)
          changes.push(`Full-time week: ${current.fullTimeHours ?? 'the default'} → ${edit.fullTimeHours} hours`);
        next.fullTimeHours = edit.fullTimeHours;
      }
      if (edit.administratorGroupId !== undefined) {
        const group = edit.administratorGroupId.trim().toLowerCase() || undefined;
        if (group && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(group))
          return { ok: false, message: "The administrators' group is its object id (a GUID, from the Entra admin centre)." };
        if (group !== current.administratorGroupId) changes.push(`Administrators' group: ${current.administratorGroupId ?? 'none'} → ${group ?? 'none'}`);
        if (group) next.administratorGroupId = group;
        else delete next.administratorGroupId;
      }
      const threshold = edit.keyDecisionThresholdPounds;
      if (threshold !== undefined) {
        if (!Number.isInteger(threshold) || threshold < 0 || threshold > 1_000_000_000)
          return { ok: false, message: 'The key decision threshold is whole pounds, e.g. 500000.' };
        if (threshold !== current.keyDecisionThresholdPounds)
          changes.push(
            `Key decision threshold: ${current.keyDecisionThresholdPounds === undefined ? 'the default' : `£${current.keyDecisionThresholdPounds.toLocaleString('en-GB')}`} → £${threshold.toLocaleString('en-GB')}`,
          );
        next.keyDecisionThresholdPounds = threshold;
      }
      next.reminders = { afterWorkingDays: edit.afterWorkingDays, escalateAfterWorkingDays: edit.escalateAfterWorkingDays };
      next.administrators = admins;
      break;
    }
    case 'pay-table': {
      const points = edit.table.grades.reduce((n, g) => n + g.points.length, 0);
      next.payTable = edit.table;
      changes.push(`Pay table: ${edit.table.grades.length} grades, ${points} points (from ${edit.source.slice(0, 80)})`);
      break;
    }
    case 'decisions-channel': {
      if (current.decisionsChannelId === edit.channelId) return { ok: false, message: 'This is already the decisions channel.' };
      next.decisionsChannelId = edit.channelId;
      changes.push('Decisions channel: moved to this channel');
      break;
    }
  }
  const parsed = CouncilSettingsSchema.safeParse(next);
  if (!parsed.success) return { ok: false, message: `That would not be a valid setting: ${parsed.error.issues[0]?.message ?? 'unknown problem'}` };
  return { ok: true, settings: parsed.data, changes };
}

/**
 * A council's administrators: those named in configuration (who set a council up) and in
 * its settings; while its settings name none, its democratic services officers, who keep
 * its decision records. They change the settings and may reassign a review or decision.
 */
export function administratorsOf(settings: CouncilSettings, configured: readonly string[]): RoutedPerson[] {
  const tenantId = settings.tenantId;
  const named = settings.administrators.length
    ? settings.administrators
    : [settings.default, ...Object.values(settings.directorates)].flatMap((r) => [
        r.committee.democraticServices,
        ...(r.alternates.democraticServices ? [r.alternates.democraticServices] : []),
      ]);
  const all: RoutedPerson[] = [...configured.map((id) => ({ aadObjectId: id, name: 'Administrator' })), ...named].map((p: RoutedPerson) => ({
    ...p,
    tenantId: p.tenantId ?? tenantId,
  }));
  return all.filter((p, i) => all.findIndex((q) => q.aadObjectId.toLowerCase() === p.aadObjectId.toLowerCase()) === i);
}

/** Whether `person` administers their own council (a configured administrator may set up one with no settings yet). */
export function isAdministrator(
  settings: CouncilSettings | undefined,
  configured: readonly string[],
  person: { aadObjectId: string; tenantId: string },
): boolean {
  const id = person.aadObjectId.toLowerCase();
  if (!settings) return configured.some((c) => c.toLowerCase() === id);
  if (settings.tenantId.toLowerCase() !== person.tenantId.toLowerCase()) return false;
  return administratorsOf(settings, configured).some((a) => a.aadObjectId.toLowerCase() === id);
}
