import { cardSample } from '../fixtures/card-sample';
import { md } from './render';
import { settingsCard, settingsGeneralCard, settingsRouteCard, type SettingsGeneralData, type SettingsOverviewData, type SettingsRouteData } from './settings';

const id = (n: string) => `00000000-0000-0000-0000-0000000000${n}`;
const people = [
  { name: 'Fiona Finance', id: id('b1') },
  { name: 'Harry Hr', id: id('b2') },
  { name: 'Lena Legal', id: id('b3') },
  { name: 'Dana Director', id: id('c1') },
  { name: 'Derek Democratic', id: id('c2') },
  { name: 'Cara Chief Executive', id: id('c3') },
  { name: 'Sam Scrutiny', id: id('d1') },
  { name: 'Sara Scrutiny', id: id('d2') },
  { name: 'Oscar Overview', id: id('d3') },
];

const route = (director: string, limit: string, committee: string) => [
  { title: 'Finance reviewer', value: 'Fiona Finance' },
  { title: 'HR reviewer', value: 'Harry Hr' },
  { title: 'Legal reviewer', value: 'Lena Legal' },
  { title: 'Director', value: director },
  { title: 'Democratic services', value: 'Derek Democratic' },
  { title: 'Director decides up to', value: `${limit} a year; above it, or a key decision: ${committee}` },
];

const overview: SettingsOverviewData = {
  version: 4,
  subtitle: 'Version 4, changed 7 December 2026 by Derek Democratic. A request keeps the people it was submitted to; changes apply to the next submission.',
  notice: "Saved as version 4: Children's Services: Director Dana Director → Cara Chief Executive.",
  noticeStyle: 'good',
  routes: [
    { name: "Children's Services", route: 'd0', facts: route('Cara Chief Executive', '£250,000', "Children and Young People's Committee") },
    {
      name: 'Every other directorate',
      route: 'default',
      facts: route('Dana Director (alternate: Cara Chief Executive)', '£500,000', 'Policy and Resources Committee'),
    },
  ],
  general: [
    { title: 'Scrutiny members', value: 'Sam Scrutiny, Sara Scrutiny' },
    { title: 'Scrutiny officer', value: 'Oscar Overview' },
    { title: 'Call-in', value: '2 member(s) within 5 working days' },
    { title: 'Reminders', value: 'after 3 working days; escalated after 5' },
    { title: 'Administrators', value: 'Derek Democratic' },
    { title: 'Key decision threshold', value: '£500,000' },
    { title: 'Closure days', value: '2026-12-29, 2026-12-30, 2026-12-31' },
    { title: 'References', value: 'ECR-2026-0001 onwards (the shared series)' },
  ],
  channel: md`
Published decisions are posted in the channel chosen. To move them, type **use this channel** in the channel you want (add the app to its team first).
  `,
  changes: [
    { line: "v4, 7 December 2026, Derek Democratic: Children's Services: Director Dana Director → Cara Chief Executive" },
    { line: "v3, 7 December 2026, Derek Democratic: Directorate added: Children's Services (people as for every other directorate, until changed)" },
    { line: 'v2, 4 December 2026, Derek Democratic: Call-in quorum: 1 → 2' },
  ],
};

const routeForm: SettingsRouteData = {
  heading: "Who reviews and decides: Children's Services",
  hint: 'Search for a person by name. Requests already submitted keep their people.',
  error: '',
  route: 'd0',
  version: 4,
  pickers: [
    { id: 'finance', label: 'Finance reviewer', value: id('b1'), required: true },
    { id: 'hr', label: 'HR reviewer', value: id('b2'), required: true },
    { id: 'legal', label: 'Legal reviewer', value: id('b3'), required: true },
    { id: 'director', label: 'Director', value: id('c3'), required: true },
    { id: 'democraticServices', label: 'Democratic services', value: id('c2'), required: true },
    { id: 'directorAlternate', label: 'Alternate director (takes the part when the usual holder cannot; optional)', value: id('c1'), required: false },
  ],
  people,
  directorLimitPounds: 250000,
  committeeName: "Children and Young People's Committee",
};

const generalForm: SettingsGeneralData = {
  error: '',
  version: 4,
  pickers: [
    { id: 'members', label: 'Scrutiny members', value: `${id('d1')},${id('d2')}`, required: true, multi: true },
    { id: 'officer', label: 'Scrutiny officer', value: id('d3'), required: true, multi: false },
    { id: 'administrators', label: 'Administrators (change these settings)', value: id('c2'), required: false, multi: true },
  ],
  people,
  minimumMembersToCallIn: 2,
  callInWorkingDays: 5,
  afterWorkingDays: 3,
  escalateAfterWorkingDays: 5,
  closureDays: '2026-12-29, 2026-12-30, 2026-12-31',
  referencePrefix: 'ECR',
  fullTimeHours: 37,
  keyDecisionThresholdPounds: 500000,
  administratorGroupId: '',
};

export const settingsSample = cardSample({
  name: 'settings',
  title: 'Settings (administrators)',
  description:
    "An administrator's `settings` card: who reviews and decides in each directorate, scrutiny, reminders, administrators, the decisions channel and the latest changes.",
  card: settingsCard,
  data: overview,
  render: () => settingsCard.render(overview),
});

export const settingsRouteSample = cardSample({
  name: 'settings-route',
  title: "Settings: a directorate's people",
  description:
    'Opened from the settings card: people pickers (Teams searches the directory) for each part and its alternate, the director’s limit and the committee.',
  card: settingsRouteCard,
  data: routeForm,
  render: () => settingsRouteCard.render(routeForm),
});

export const settingsGeneralSample = cardSample({
  name: 'settings-general',
  title: 'Settings: scrutiny, reminders and administrators',
  description:
    'Opened from the settings card: the scrutiny members and officer, the call-in quorum and period, reminders and escalation, and the administrators.',
  card: settingsGeneralCard,
  data: generalForm,
  render: () => settingsGeneralCard.render(generalForm),
});
