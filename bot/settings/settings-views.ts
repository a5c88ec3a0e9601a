import { PART_LABELS, ROUTE_PARTS, type CouncilSettings, type RoutePart, type VersionedSettings } from '../../domain/council-settings';
import { formatDay } from '../../domain/format-date';
import type { RoutedPerson } from '../../domain/routing';
import type { SettingsChangeRecord } from '../../app/ports/council-settings';
import { md } from '../../cards/render';
import { DEFAULT_PREFIX } from '../../domain/reference';
import { DEFAULT_FULL_TIME_HOURS } from '../../domain/quick-entry';
import { settingsCard, settingsGeneralCard, settingsRouteCard, type SettingsOverviewData } from '../../cards/settings';

type Route = CouncilSettings['default'];

/** `default`, or `d<n>`: the directorate's place in the version the card shows. */
export function routeToken(settings: CouncilSettings, name: string | null): string {
  return name === null ? 'default' : `d${Object.keys(settings.directorates).indexOf(name)}`;
}

/** The directorate a card's token names in `settings` (null: the default route); undefined when there is none. */
export function routeNamed(settings: CouncilSettings, token: string): { name: string | null; route: Route } | undefined {
  if (token === 'default') return { name: null, route: settings.default };
  const name = Object.keys(settings.directorates)[Number(token.slice(1))];
  return name === undefined ? undefined : { name, route: settings.directorates[name]! };
}

const pounds = (n: number) => `£${n.toLocaleString('en-GB')}`;

function routeFacts(route: Route): Array<{ title: string; value: string }> {
  const holder = (part: RoutePart) => (part === 'democraticServices' ? route.committee.democraticServices : route[part]);
  const facts = ROUTE_PARTS.map((part) => {
    const alternate = route.alternates[part];
    return { title: PART_LABELS[part], value: `${holder(part).name}${alternate ? ` (alternate: ${alternate.name})` : ''}` };
  });
  facts.push({ title: 'Director decides up to', value: `${pounds(route.directorLimitPounds)} a year; above it, or a key decision: ${route.committee.name}` });
  return facts;
}

export interface OverviewNotice {
  text: string;
  style: 'good' | 'attention' | 'default';
}

export function overviewCard(current: VersionedSettings, history: readonly SettingsChangeRecord[], notice?: OverviewNotice) {
  const { settings, version } = current;
  const last = history[0];
  const names = (ps: readonly RoutedPerson[]) => ps.map((p) => p.name).join(', ') || 'nobody yet';
  const data: SettingsOverviewData = {
    version,
    subtitle: `Version ${version}${last ? `, changed ${formatDay(new Date(last.at))} by ${last.by.name}` : ''}. A request keeps the people it was submitted to; changes apply to the next submission.`,
    notice: notice?.text ?? '',
    noticeStyle: notice?.style ?? 'default',
    routes: [
      ...Object.entries(settings.directorates).map(([name, route]) => ({ name, route: routeToken(settings, name), facts: routeFacts(route) })),
      {
        name: Object.keys(settings.directorates).length ? 'Every other directorate' : 'Every directorate',
        route: 'default',
        facts: routeFacts(settings.default),
      },
    ],
    general: [
      { title: 'Scrutiny members', value: names(settings.scrutiny.members) },
      { title: 'Scrutiny officer', value: settings.scrutiny.officer.name },
      { title: 'Call-in', value: `${settings.scrutiny.minimumMembersToCallIn} member(s) within ${settings.scrutiny.callInWorkingDays} working days` },
      {
        title: 'Reminders',
        value: `after ${settings.reminders.afterWorkingDays} working days; escalated after ${settings.reminders.escalateAfterWorkingDays}`,
      },
      {
        title: 'Administrators',
        value: `${names(settings.administrators)}${settings.administratorGroupId ? `, and the members of Entra group ${settings.administratorGroupId}` : ''}`,
      },
      {
        title: 'Key decision threshold',
        value:
          settings.keyDecisionThresholdPounds === undefined
            ? 'the deployment’s (KEY_DECISION_THRESHOLD_POUNDS)'
            : `£${settings.keyDecisionThresholdPounds.toLocaleString('en-GB')}`,
      },
      { title: 'Full-time week', value: settings.fullTimeHours ? `${settings.fullTimeHours} hours` : 'the deployment’s (FULL_TIME_HOURS)' },
      { title: 'Closure days', value: settings.closureDays.join(', ') || 'none besides weekends and bank holidays' },
      {
        title: 'References',
        value: settings.referencePrefix
          ? `${settings.referencePrefix}-<year>-0001 onwards (this council's own series)`
          : `${DEFAULT_PREFIX}-<year>-0001 onwards (the shared series)`,
      },
    ],
    channel: settings.decisionsChannelId
      ? md`
Published decisions are posted in the channel chosen. To move them, type **use this channel** in the channel you want (add the app to its team first).
        `
      : md`
No channel yet: type **use this channel** in the channel where published decisions should be posted (add the app to its team first).
        `,
    changes: history.slice(0, 5).map((h) => ({ line: `v${h.version}, ${formatDay(new Date(h.at))}, ${h.by.name}: ${h.changes.join('; ')}`.slice(0, 400) })),
  };
  return settingsCard.render(data);
}

export function routeFormCard(
  current: VersionedSettings,
  token: string,
  people: Array<{ name: string; id: string }>,
  error = '',
  typed?: { values: Partial<Record<string, string>>; directorLimitPounds?: number; committeeName?: string },
) {
  const found = routeNamed(current.settings, token)!;
  const { route } = found;
  const holder = (part: RoutePart) => (part === 'democraticServices' ? route.committee.democraticServices : route[part]);
  const pickers = [
    ...ROUTE_PARTS.map((part) => ({
      id: part,
      label: PART_LABELS[part],
      value: typed?.values[part] ?? holder(part).aadObjectId.toLowerCase(),
      required: true,
    })),
    ...ROUTE_PARTS.map((part) => ({
      id: `${part}Alternate`,
      label: `Alternate ${PART_LABELS[part].toLowerCase()} (takes the part when the usual holder cannot; optional)`,
      value: typed?.values[`${part}Alternate`] ?? route.alternates[part]?.aadObjectId.toLowerCase() ?? '',
      required: false,
    })),
  ];
  return settingsRouteCard.render({
    heading: `Who reviews and decides: ${found.name ?? 'every other directorate'}`,
    hint: 'Search for a person by name. Requests already submitted keep their people.',
    error,
    route: token,
    version: current.version,
    pickers,
    people,
    directorLimitPounds: typed?.directorLimitPounds ?? route.directorLimitPounds,
    committeeName: typed?.committeeName ?? route.committee.name,
  });
}

export function generalFormCard(
  current: VersionedSettings,
  people: Array<{ name: string; id: string }>,
  error = '',
  typedClosureDays?: string,
  typedPrefix?: string,
  defaultFullTimeHours = DEFAULT_FULL_TIME_HOURS,
  defaultThresholdPounds = 500_000,
  typedGroup?: string,
) {
  const { settings } = current;
  const ids = (ps: readonly RoutedPerson[]) => ps.map((p) => p.aadObjectId.toLowerCase()).join(',');
  return settingsGeneralCard.render({
    error,
    version: current.version,
    pickers: [
      { id: 'members', label: 'Scrutiny members', value: ids(settings.scrutiny.members), required: true, multi: true },
      { id: 'officer', label: 'Scrutiny officer', value: settings.scrutiny.officer.aadObjectId.toLowerCase(), required: true, multi: false },
      { id: 'administrators', label: 'Administrators (change these settings)', value: ids(settings.administrators), required: false, multi: true },
    ],
    people,
    minimumMembersToCallIn: settings.scrutiny.minimumMembersToCallIn,
    callInWorkingDays: settings.scrutiny.callInWorkingDays,
    afterWorkingDays: settings.reminders.afterWorkingDays,
    escalateAfterWorkingDays: settings.reminders.escalateAfterWorkingDays,
    closureDays: typedClosureDays ?? settings.closureDays.join(', '),
    referencePrefix: typedPrefix ?? settings.referencePrefix ?? DEFAULT_PREFIX,
    fullTimeHours: settings.fullTimeHours ?? defaultFullTimeHours,
    keyDecisionThresholdPounds: settings.keyDecisionThresholdPounds ?? defaultThresholdPounds,
    administratorGroupId: typedGroup ?? settings.administratorGroupId ?? '',
  });
}
