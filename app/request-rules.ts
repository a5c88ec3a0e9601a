import type { Rules } from '../domain/lifecycle';
import type { CouncilSettingsSource } from './ports/council-settings';
import type { CalendarDate } from '../domain/calendar-date';
import type { CheckOptions } from '../domain/checks';
import { administratorsOf, type CouncilSettings } from '../domain/council-settings';
import { workingCalendar, type WorkingCalendar } from '../domain/working-days';
import type { Delegations } from './ports/requests';
import type { Clock } from './ports/runtime';

export interface WorkflowSettings {
  /** Each council's routing, scrutiny and reminders, read when needed: administrators change them in Teams. */
  councils: CouncilSettingsSource;
  /** Administrators named in configuration (ADMINISTRATOR_IDS), of whichever council they belong to. */
  configuredAdministrators?: readonly string[];
  calendar: WorkingCalendar;
  now?: Clock;
}

/** Deputies are kept under tenant ids that are GUIDs (storage/delegations.ts): any other tenant has none. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The council's rules the lifecycle decides by, with the deputies named in `tenantId`. */
export async function rulesFor(delegations: Pick<Delegations, 'list'>, settings: WorkflowSettings, tenantId: string): Promise<Rules> {
  const [found, deputies] = await Promise.all([settings.councils.current(tenantId), GUID.test(tenantId) ? delegations.list(tenantId) : []]);
  const council = found?.settings;
  const s = council?.scrutiny;
  const person = (p: { aadObjectId: string; tenantId?: string; name: string; initials?: string }) => ({
    tenantId: p.tenantId ?? tenantId,
    aadObjectId: p.aadObjectId,
    name: p.name,
    ...(p.initials ? { initials: p.initials } : {}),
  });
  return {
    calendar: calendarOf(settings, council),
    // A council not set up yet has no scrutiny members: nothing of its can be called in.
    callInWorkingDays: s?.callInWorkingDays ?? 5,
    minimumMembersToCallIn: s?.minimumMembersToCallIn ?? 1,
    scrutinyMembers: (s?.members ?? []).map(person),
    ...(s ? { scrutinyOfficer: person(s.officer) } : {}),
    deputies,
    administrators: council ? administratorsOf(council, settings.configuredAdministrators ?? []).map(person) : [],
    ...(council?.keyDecisionThresholdPounds !== undefined ? { keyDecisionThresholdPence: council.keyDecisionThresholdPounds * 100 } : {}),
  };
}

/** The checks a council's drafts are held to: its own key decision threshold, else the deployment's. */
export async function checksFor(settings: Pick<WorkflowSettings, 'councils'> & { checks: CheckOptions }, tenantId: string): Promise<CheckOptions> {
  const threshold = (await settings.councils.current(tenantId))?.settings.keyDecisionThresholdPounds;
  return threshold === undefined ? settings.checks : { ...settings.checks, keyDecisionThresholdPence: threshold * 100 };
}

/** The checks a stored request is shown with, from its council's rules. */
export function checksOf(rules: Pick<Rules, 'keyDecisionThresholdPence'>, fallback: CheckOptions): CheckOptions {
  return rules.keyDecisionThresholdPence === undefined ? fallback : { ...fallback, keyDecisionThresholdPence: rules.keyDecisionThresholdPence };
}

/** The council's routing in force, or undefined while its administrators have not set it up. */
export async function routingFor(settings: Pick<WorkflowSettings, 'councils'>, tenantId: string): Promise<CouncilSettings | undefined> {
  return (await settings.councils.current(tenantId))?.settings;
}

/** Weekends, bank holidays and the council's own closure days (settings.calendar when it names none). */
export function calendarOf(settings: Pick<WorkflowSettings, 'calendar'>, council: { closureDays?: readonly CalendarDate[] } | undefined): WorkingCalendar {
  return council?.closureDays?.length ? workingCalendar(council.closureDays) : settings.calendar;
}
