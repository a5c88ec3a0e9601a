import { z } from 'zod';
import overviewTemplate from './settings.card.json';
import routeTemplate from './settings-route.card.json';
import generalTemplate from './settings-general.card.json';
import { defineCard, inputField, markdownText, tokenField } from './render';

/**
 * The administrators' settings cards: the overview (who reviews and decides in each
 * directorate, scrutiny, reminders, the channel, recent changes), and the two forms it
 * opens. Each button carries the settings version it showed; a save over a newer version
 * is refused and the card shows the settings as they are now.
 */
const objectId = tokenField(/^[0-9a-fA-F-]{36}$/);
/** `default`, or the directorate's position in the version shown (names are free text, kept out of card data). */
const routeToken = tokenField(/^(default|d\d{1,2})$/);
const Fact = z.object({ title: z.string().max(60), value: z.string().max(300) });
const Choice = z.object({ name: z.string().max(120), id: objectId });

export const SettingsOverviewData = z.object({
  version: z.number().int().min(1),
  subtitle: z.string().max(300),
  notice: z.string().max(1500),
  noticeStyle: z.enum(['good', 'attention', 'default']),
  routes: z.array(z.object({ name: z.string().max(100), route: routeToken, facts: z.array(Fact).max(12) })).max(41),
  general: z.array(Fact).max(12),
  /** Written by the bot (md`…`): it names the command in bold. */
  channel: markdownText,
  changes: z.array(z.object({ line: z.string().max(400) })).max(8),
});
export type SettingsOverviewData = z.infer<typeof SettingsOverviewData>;

const Picker = z.object({ id: tokenField(/^[A-Za-z]{1,40}$/), label: z.string().max(80), value: tokenField(/^[0-9a-fA-F,-]{0,800}$/), required: z.boolean() });

export const SettingsRouteData = z.object({
  heading: z.string().max(140),
  hint: z.string().max(400),
  error: z.string().max(600),
  route: routeToken,
  version: z.number().int().min(1),
  pickers: z.array(Picker).max(10),
  people: z.array(Choice).max(200),
  directorLimitPounds: z.number().int().min(0),
  committeeName: z.string().max(120),
});
export type SettingsRouteData = z.infer<typeof SettingsRouteData>;

export const SettingsGeneralData = z.object({
  error: z.string().max(600),
  version: z.number().int().min(1),
  pickers: z.array(Picker.extend({ multi: z.boolean() })).max(4),
  people: z.array(Choice).max(200),
  minimumMembersToCallIn: z.number().int().min(1),
  callInWorkingDays: z.number().int().min(1),
  afterWorkingDays: z.number().int().min(1),
  escalateAfterWorkingDays: z.number().int().min(1),
  closureDays: inputField(1200),
  referencePrefix: inputField(5),
  fullTimeHours: z.number().min(1).max(48),
  keyDecisionThresholdPounds: z.number().int().min(0),
  administratorGroupId: inputField(36),
});
export type SettingsGeneralData = z.infer<typeof SettingsGeneralData>;

export const settingsCard = defineCard('settings', overviewTemplate, SettingsOverviewData);
export const settingsRouteCard = defineCard('settings-route', routeTemplate, SettingsRouteData);
export const settingsGeneralCard = defineCard('settings-general', generalTemplate, SettingsGeneralData);
