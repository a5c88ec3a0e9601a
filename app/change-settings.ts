import { applyEdit, CouncilSettingsSchema, isAdministrator, type CouncilSettings, type SettingsEdit, type VersionedSettings } from '../domain/council-settings';
import type { Person } from '../domain/person';
import type { RoutingConfig } from '../domain/routing';
import type { CouncilSettingsStorePort, GroupMembership } from './ports/council-settings';

export interface SettingsDeps {
  councils: CouncilSettingsStorePort;
  /** Members of the council's administrators' Entra group administer too; absent without Graph. */
  inGroup?: GroupMembership;
  /** Administrators named in configuration (ADMINISTRATOR_IDS): they can set up a council with no settings yet. */
  configuredAdministrators: readonly string[];
  now: () => Date;
}

export type SettingsChangeResult =
  | { ok: true; saved: VersionedSettings; changes: string[] }
  /** Someone saved a newer version since the card was drawn: nothing was written. */
  | { ok: false; reason: 'stale'; current?: VersionedSettings }
  | { ok: false; reason: 'refused' | 'invalid'; message: string; current?: VersionedSettings };

/** Whether `person` administers their own council's settings (never another council's). */
export async function administers(deps: SettingsDeps, person: Person): Promise<boolean> {
  return isCouncilAdministrator(deps, (await deps.councils.current(person.tenantId))?.settings, person);
}

/** Named (configuration, settings, democratic services) or in the council's administrators' group. */
async function isCouncilAdministrator(deps: SettingsDeps, settings: CouncilSettings | undefined, person: Person): Promise<boolean> {
  if (isAdministrator(settings, deps.configuredAdministrators, person)) return true;
  const group = settings?.tenantId.toLowerCase() === person.tenantId.toLowerCase() ? settings.administratorGroupId : undefined;
  return !!group && !!deps.inGroup && (await deps.inGroup(person.tenantId, person.aadObjectId, group));
}

/**
 * One change from the settings card, by an administrator of the person's own council,
 * over the version their card showed. A council with no settings yet starts from
 * `starter` (the first administrator's, so nothing routes to an invented person).
 */
export async function changeSettings(deps: SettingsDeps, person: Person, shownVersion: number, edit: SettingsEdit): Promise<SettingsChangeResult> {
  const current = await deps.councils.current(person.tenantId);
  if (!(await isCouncilAdministrator(deps, current?.settings, person)))
    return { ok: false, reason: 'refused', message: "Only your council's administrators can change these settings." };
  if (!current) return { ok: false, reason: 'refused', message: 'Set your council up first: type **settings**.' };
  if (current.version !== shownVersion) return { ok: false, reason: 'stale', current };
  const applied = applyEdit(current.settings, edit);
  if (!applied.ok) return { ok: false, reason: 'invalid', message: applied.message, current };
  if (!applied.changes.length) return { ok: true, saved: current, changes: [] };
  const saved = await deps.councils.save(person.tenantId, current.version, applied.settings, person, applied.changes, deps.now());
  if (!saved.ok) return { ok: false, reason: 'stale', ...(saved.current ? { current: saved.current } : {}) };
  return { ok: true, saved: saved.saved, changes: applied.changes };
}

/**
 * A council's first settings, made by a configured administrator from the settings card:
 * every part held by that administrator until they name the real people (each change
 * recorded), so nothing is ever routed to someone invented.
 */
export async function startSettings(deps: SettingsDeps, person: Person): Promise<SettingsChangeResult> {
  if (!deps.configuredAdministrators.some((id) => id.toLowerCase() === person.aadObjectId.toLowerCase()))
    return { ok: false, reason: 'refused', message: "Only your council's administrators can set Establishment Changes up." };
  const me = { aadObjectId: person.aadObjectId, tenantId: person.tenantId, name: person.name || 'Administrator' };
  const route: RoutingConfig['default'] = {
    finance: me,
    hr: me,
    legal: me,
    director: me,
    directorLimitPounds: 500_000,
    committee: { name: 'Committee', democraticServices: me },
    alternates: {},
  };
  const first: CouncilSettings = CouncilSettingsSchema.parse({
    tenantId: person.tenantId,
    default: route,
    directorates: {},
    scrutiny: { members: [me], officer: me, minimumMembersToCallIn: 1, callInWorkingDays: 5 },
    reminders: { afterWorkingDays: 3, escalateAfterWorkingDays: 5 },
    administrators: [me],
  });
  const saved = await deps.councils.save(
    person.tenantId,
    0,
    first,
    person,
    ['Settings started: every part held by the administrator until changed'],
    deps.now(),
  );
  if (!saved.ok) return { ok: false, reason: 'stale', ...(saved.current ? { current: saved.current } : {}) };
  return { ok: true, saved: saved.saved, changes: [] };
}
