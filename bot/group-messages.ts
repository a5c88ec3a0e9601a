import type { TurnContext } from 'botbuilder';
import { activitySender } from './actor';
import { listDecisions } from './commands/decisions';
import { parseCommand } from './commands/parse-command';
import { typedText } from './conversation-text';
import type { RequestService } from '../app/request-service';
import { answerUseThisChannel } from './settings/settings-chat';

/**
 * In a group chat or channel (where the bot is @mentioned) only what is public anyway is
 * answered: the list of published decisions, and where to go for the rest. Request
 * commands are refused with a hint to use the 1:1 chat, so nothing private is posted to
 * the group; card buttons from there are never the officer's summary or forms.
 */
export async function answerInGroup(context: TurnContext, service: RequestService): Promise<void> {
  if (context.activity.value !== undefined) {
    await context.sendActivity('That card action only works in your 1:1 chat with me.');
    return;
  }
  if (await answerUseThisChannel(context, typedText(context))) return;
  const command = parseCommand(typedText(context));
  if (command.name === 'decisions') {
    const sender = activitySender(context.activity);
    if (sender) return listDecisions(context, service);
  }
  const lead =
    command.name === 'unknown' || command.name === 'help'
      ? 'I post establishment change decisions here.'
      : 'I answer that in our 1:1 chat only, so that nothing about a request is posted here.';
  await context.sendActivity(
    `${lead} Open a chat with me (search for **Establishment Changes** in Teams) and type **help** there to raise or follow a request. Here you can type **decisions** for the published ones.`,
  );
}
