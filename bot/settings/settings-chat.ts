import { CardFactory, type TurnContext } from 'botbuilder';
import { administers, changeSettings, startSettings, type SettingsDeps } from '../../app/change-settings';
import type { CouncilSettingsStorePort } from '../../app/ports/council-settings';
import { activitySender } from '../actor';
import { channelOf } from '../../storage/conversation-keys';
import { overviewCard } from './settings-views';
import type { DownloadLimits } from '../documents/teams-files';
import { answerImportPayTable } from './import-pay-table';

/** What `settings` and `use this channel` need; put on every turn by app.ts (settingsMiddleware). */
export interface SettingsChatDeps extends SettingsDeps {
  councils: CouncilSettingsStorePort;
  /** Where files sent to the bot may be fetched from (`import pay table`). */
  downloads?: DownloadLimits;
}

const KEY = Symbol('settingsChat');

export function settingsMiddleware(deps: SettingsChatDeps) {
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      context.turnState.set(KEY, deps);
      if (deps.downloads && (await answerImportPayTable(context, deps, deps.downloads))) return;
      await next();
    },
  };
}

const SETTINGS = /^\s*(settings|set ?up|setup|configure|configuration)[.!?]*\s*$/i;
const USE_CHANNEL = /^\s*use this channel[.!?]*\s*$/i;

/**
 * `settings` in an administrator's 1:1 chat: the settings card (a configured administrator
 * of a council with none yet starts them). True when the message was this; anyone else's
 * `settings` is left to the commands, which do not know it.
 */
export async function answerSettings(context: TurnContext, text: string): Promise<boolean> {
  const deps = context.turnState.get(KEY) as SettingsChatDeps | undefined;
  const sender = activitySender(context.activity);
  if (!deps || !sender || !SETTINGS.test(text)) return false;
  if (!(await administers(deps, sender))) return false;
  let current = await deps.councils.current(sender.tenantId);
  if (!current) {
    const started = await startSettings(deps, sender);
    current = started.ok ? started.saved : started.reason === 'stale' ? started.current : undefined;
    if (!current) return false;
  }
  const card = overviewCard(current, await deps.councils.history(sender.tenantId, 5));
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
  return true;
}

/**
 * `use this channel`, typed (with the bot @mentioned) in a channel by an administrator:
 * published decisions go there from now on. Anyone else is told who can.
 */
export async function answerUseThisChannel(context: TurnContext, text: string): Promise<boolean> {
  const deps = context.turnState.get(KEY) as SettingsChatDeps | undefined;
  if (!deps || !USE_CHANNEL.test(text)) return false;
  const sender = activitySender(context.activity);
  const conversation = context.activity.conversation;
  if (conversation?.conversationType !== 'channel' || !conversation.id) {
    await context.sendActivity('Type **use this channel** in the Teams channel where published decisions should be posted.');
    return true;
  }
  if (!sender || !(await administers(deps, sender))) {
    await context.sendActivity("Only your council's Establishment Changes administrators can choose the decisions channel.");
    return true;
  }
  const current = await deps.councils.current(sender.tenantId);
  if (!current) {
    await context.sendActivity('Set your council up first: type **settings** in your 1:1 chat with me.');
    return true;
  }
  const result = await changeSettings(deps, sender, current.version, { kind: 'decisions-channel', channelId: channelOf(conversation.id) });
  if (result.ok)
    await context.sendActivity(
      `Published establishment change decisions will be posted in this channel from now on (settings version ${result.saved.version}).`,
    );
  else await context.sendActivity(result.reason === 'stale' ? 'The settings changed as you typed: please try again.' : result.message);
  return true;
}
