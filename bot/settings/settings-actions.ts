import { z } from 'zod';
import { ROUTE_PARTS, type RoutePart, type SettingsEdit, type VersionedSettings } from '../../domain/council-settings';
import { isCalendarDate, type CalendarDate } from '../../domain/calendar-date';
import type { Person } from '../../domain/person';
import type { RoutedPerson } from '../../domain/routing';
import { administers, changeSettings, type SettingsChangeResult, type SettingsDeps } from '../../app/change-settings';
import type { CouncilSettingsStorePort } from '../../app/ports/council-settings';
import { SettingsVerbs } from '../../cards/verbs';
import { cardAction, type CardActionHandler } from '../invoke/card-action-router';
import { cardResponse, errorResponse } from '../invoke/invoke-response';
import type { PeopleNames } from './people-names';
import { generalFormCard, overviewCard, routeFormCard, routeNamed, type OverviewNotice } from './settings-views';

export interface SettingsActionDeps extends SettingsDeps {
  councils: CouncilSettingsStorePort;
  names: PeopleNames;
  /** The deployment's full-time week (FULL_TIME_HOURS), for a council that has not set its own. */
  defaultFullTimeHours: number;
  /** The deployment's key decision threshold (KEY_DECISION_THRESHOLD_POUNDS), likewise. */
  defaultThresholdPounds: number;
}

const Version = z.coerce.number().int().min(0);
const RouteToken = z.string().regex(/^(default|d\d{1,2})$/);
/** Teams sends an Input.Number as text, and an empty picker as "". */
const Count = z.coerce.number().int().min(0).max(1_000_000_000);
const Ids = z
  .string()
  .max(2000)
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((id) => id.trim().toLowerCase())
      .filter(Boolean),
  );

const REFUSED = () => errorResponse(403, 'NOT_ALLOWED', "Only your council's administrators can see or change these settings.");

/** The overview as it is now, with what just happened. */
async function overview(deps: SettingsActionDeps, current: VersionedSettings, notice?: OverviewNotice) {
  return cardResponse(overviewCard(current, await deps.councils.history(current.settings.tenantId, 5), notice));
}

/** Every settings click starts here: an administrator of their own council, and its settings now. */
async function load(deps: SettingsActionDeps, sender: Person): Promise<VersionedSettings | 'refused' | 'none'> {
  if (!(await administers(deps, sender))) return 'refused';
  return (await deps.councils.current(sender.tenantId)) ?? 'none';
}

const STALE: OverviewNotice = {
  text: 'Someone changed the settings after this card was drawn, so nothing was saved. Here they are as they are now: make your change again if it is still needed.',
  style: 'attention',
};

async function answer(
  deps: SettingsActionDeps,
  result: SettingsChangeResult,
  again: (current: VersionedSettings, message: string) => ReturnType<typeof cardResponse>,
) {
  if (result.ok) {
    const text = result.changes.length
      ? `Saved as version ${result.saved.version}: ${result.changes.join('; ')}.`
      : 'Nothing had changed, so nothing was saved.';
    return overview(deps, result.saved, { text, style: result.changes.length ? 'good' : 'default' });
  }
  if (result.reason === 'stale') return result.current ? overview(deps, result.current, STALE) : REFUSED();
  if (result.reason === 'invalid' && result.current) return again(result.current, result.message);
  return errorResponse(403, 'NOT_ALLOWED', result.message);
}

/** Names each picked id; the ids nobody can name are listed instead. */
async function peopleFor(deps: SettingsActionDeps, current: VersionedSettings, tenantId: string, ids: readonly string[]): Promise<RoutedPerson[] | string> {
  const named = await Promise.all(ids.map(async (id) => ({ id, name: await deps.names.nameOf(current.settings, tenantId, id) })));
  const unknown = named.filter((n) => !n.name);
  if (unknown.length)
    return `I could not look up ${unknown.length === 1 ? 'the name of one person' : `the names of ${unknown.length} people`} you picked, so nothing was saved. Pick them again; if it happens again, ask IT to grant the app User.ReadBasic.All in Microsoft Graph.`;
  if (named.some((n) => !/^[0-9a-f-]{36}$/.test(n.id))) return 'A person picked was not a person in your directory, so nothing was saved.';
  return named.map((n) => ({ aadObjectId: n.id, tenantId, name: n.name! }));
}

export function settingsActionHandlers(deps: SettingsActionDeps): CardActionHandler[] {
  const show = cardAction({
    verb: SettingsVerbs.show,
    data: z.object({}),
    async handle({ sender }) {
      const current = await load(deps, sender);
      if (current === 'refused') return REFUSED();
      if (current === 'none') return errorResponse(404, 'NOT_FOUND', 'Type **settings** in our chat to set your council up.');
      return overview(deps, current);
    },
  });

  const editRoute = cardAction({
    verb: SettingsVerbs.editRoute,
    data: z.object({ route: RouteToken, version: Version }),
    async handle({ sender }, data) {
      const current = await load(deps, sender);
      if (typeof current === 'string') return REFUSED();
      if (current.version !== data.version || !routeNamed(current.settings, data.route)) return overview(deps, current, STALE);
      return cardResponse(routeFormCard(current, data.route, deps.names.choices(current.settings, sender.tenantId)));
    },
  });

  const RouteForm = z.object({
    route: RouteToken,
    version: Version,
    directorLimitPounds: Count,
    committeeName: z.string().max(120),
    ...Object.fromEntries(
      ROUTE_PARTS.flatMap((p) => [
        [p, z.string().max(60).default('')],
        [`${p}Alternate`, z.string().max(60).default('')],
      ]),
    ),
  });
  const saveRoute = cardAction({
    verb: SettingsVerbs.saveRoute,
    data: RouteForm,
    async handle({ sender }, raw) {
      const data = raw as z.infer<typeof RouteForm> & Record<string, string>;
      const current = await load(deps, sender);
      if (typeof current === 'string') return REFUSED();
      const found = current.version === data.version ? routeNamed(current.settings, data.route) : undefined;
      if (!found) return overview(deps, current, STALE);
      const typed = { values: data as Record<string, string>, directorLimitPounds: data.directorLimitPounds, committeeName: data.committeeName };
      const again = (now: VersionedSettings, message: string) =>
        cardResponse(routeFormCard(now, data.route, deps.names.choices(now.settings, sender.tenantId), message, typed));
      const missing = ROUTE_PARTS.filter((p) => !data[p]);
      if (missing.length) return again(current, 'Every part needs a person: the reviewers, the director and democratic services.');
      const ids = ROUTE_PARTS.flatMap((p) => [data[p]!, ...(data[`${p}Alternate`] ? [data[`${p}Alternate`]!] : [])]);
      const people = await peopleFor(deps, current, sender.tenantId, ids);
      if (typeof people === 'string') return again(current, people);
      const byId = new Map(people.map((p) => [p.aadObjectId, p]));
      const pick = (id: string) => byId.get(id.toLowerCase())!;
      const edit: SettingsEdit = {
        kind: 'route',
        directorate: found.name,
        people: Object.fromEntries(ROUTE_PARTS.map((p) => [p, pick(data[p]!)])) as Record<RoutePart, RoutedPerson>,
        alternates: Object.fromEntries(ROUTE_PARTS.filter((p) => data[`${p}Alternate`]).map((p) => [p, pick(data[`${p}Alternate`]!)])),
        committeeName: data.committeeName,
        directorLimitPounds: data.directorLimitPounds,
      };
      return answer(deps, await changeSettings(deps, sender, data.version, edit), again);
    },
  });

  const addDirectorate = cardAction({
    verb: SettingsVerbs.addDirectorate,
    data: z.object({ version: Version, directorate: z.string().max(200).default('') }),
    async handle({ sender }, data) {
      const current = await load(deps, sender);
      if (typeof current === 'string') return REFUSED();
      const edit: SettingsEdit = { kind: 'add-directorate', name: data.directorate };
      return answer(
        deps,
        await changeSettings(deps, sender, data.version, edit),
        (now, message) => overview(deps, now, { text: message, style: 'attention' }) as never,
      );
    },
  });

  const removeDirectorate = cardAction({
    verb: SettingsVerbs.removeDirectorate,
    data: z.object({ route: RouteToken, version: Version }),
    async handle({ sender }, data) {
      const current = await load(deps, sender);
      if (typeof current === 'string') return REFUSED();
      const found = current.version === data.version ? routeNamed(current.settings, data.route) : undefined;
      if (!found?.name) return overview(deps, current, STALE);
      const edit: SettingsEdit = { kind: 'remove-directorate', name: found.name };
      return answer(
        deps,
        await changeSettings(deps, sender, data.version, edit),
        (now, message) => overview(deps, now, { text: message, style: 'attention' }) as never,
      );
    },
  });

  const editGeneral = cardAction({
    verb: SettingsVerbs.editGeneral,
    data: z.object({ version: Version }),
    async handle({ sender }, data) {
      const current = await load(deps, sender);
      if (typeof current === 'string') return REFUSED();
      if (current.version !== data.version) return overview(deps, current, STALE);
      return cardResponse(
        generalFormCard(
          current,
          deps.names.choices(current.settings, sender.tenantId),
          '',
          undefined,
          undefined,
          deps.defaultFullTimeHours,
          deps.defaultThresholdPounds,
        ),
      );
    },
  });

  const saveGeneral = cardAction({
    verb: SettingsVerbs.saveGeneral,
    data: z.object({
      version: Version,
      members: Ids,
      officer: z.string().max(60),
      administrators: Ids,
      minimumMembersToCallIn: Count,
      callInWorkingDays: Count,
      afterWorkingDays: Count,
      escalateAfterWorkingDays: Count,
      closureDays: z.string().max(1200).default(''),
      referencePrefix: z.string().max(20).default(''),
      fullTimeHours: z.coerce.number().optional(),
      keyDecisionThresholdPounds: z.coerce.number().optional(),
      administratorGroupId: z.string().max(60).optional(),
    }),
    async handle({ sender }, data) {
      const current = await load(deps, sender);
      if (typeof current === 'string') return REFUSED();
      if (current.version !== data.version) return overview(deps, current, STALE);
      const again = (now: VersionedSettings, message: string) =>
        cardResponse(
          generalFormCard(
            now,
            deps.names.choices(now.settings, sender.tenantId),
            message,
            data.closureDays,
            data.referencePrefix,
            deps.defaultFullTimeHours,
            deps.defaultThresholdPounds,
            data.administratorGroupId,
          ),
        );
      const typedDays = data.closureDays.split(/[\s,;]+/).filter(Boolean);
      const notDates = typedDays.filter((d) => !isCalendarDate(d));
      if (notDates.length) return again(current, `These are not dates written YYYY-MM-DD: ${notDates.slice(0, 5).join(', ')}. Nothing was saved.`);
      if (!data.officer || !data.members.length) return again(current, 'Name the scrutiny members and the scrutiny officer.');
      const people = await peopleFor(deps, current, sender.tenantId, [...data.members, data.officer.toLowerCase(), ...data.administrators]);
      if (typeof people === 'string') return again(current, people);
      const byId = new Map(people.map((p) => [p.aadObjectId, p]));
      const edits: SettingsEdit[] = [
        {
          kind: 'scrutiny',
          members: data.members.map((id) => byId.get(id)!),
          officer: byId.get(data.officer.toLowerCase())!,
          minimumMembersToCallIn: data.minimumMembersToCallIn,
          callInWorkingDays: data.callInWorkingDays,
        },
        {
          kind: 'general',
          afterWorkingDays: data.afterWorkingDays,
          escalateAfterWorkingDays: data.escalateAfterWorkingDays,
          administrators: data.administrators.map((id) => byId.get(id)!),
          closureDays: typedDays as CalendarDate[],
          referencePrefix: data.referencePrefix,
          // The deployment's week shown and kept is not a change of the council's.
          ...(data.fullTimeHours !== undefined &&
          !Number.isNaN(data.fullTimeHours) &&
          !(current.settings.fullTimeHours === undefined && data.fullTimeHours === deps.defaultFullTimeHours)
            ? { fullTimeHours: data.fullTimeHours }
            : {}),
          ...(data.keyDecisionThresholdPounds !== undefined &&
          !Number.isNaN(data.keyDecisionThresholdPounds) &&
          !(current.settings.keyDecisionThresholdPounds === undefined && data.keyDecisionThresholdPounds === deps.defaultThresholdPounds)
            ? { keyDecisionThresholdPounds: data.keyDecisionThresholdPounds }
            : {}),
          ...(data.administratorGroupId !== undefined ? { administratorGroupId: data.administratorGroupId } : {}),
        },
      ];
      // Two changes of one form, saved as two versions: each checked against the one before.
      let result = await changeSettings(deps, sender, data.version, edits[0]!);
      if (result.ok) {
        const first = result;
        result = await changeSettings(deps, sender, first.saved.version, edits[1]!);
        if (result.ok) result = { ...result, changes: [...first.changes, ...result.changes] };
      }
      return answer(deps, result, again);
    },
  });

  return [show, editRoute, saveRoute, addDirectorate, removeDirectorate, editGeneral, saveGeneral];
}
