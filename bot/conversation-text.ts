import { TurnContext } from 'botbuilder';

/** The text someone typed, without the bot's @mention (channels and group chats add one). */
export function typedText(context: TurnContext): string {
  const activity = context.activity;
  if (typeof activity.text !== 'string') return '';
  const withoutMention = TurnContext.removeRecipientMention(activity) ?? activity.text;
  return withoutMention
    .replace(/<at>[^<]*<\/at>/gi, '')
    .replace(/&nbsp;/g, ' ')
    .trim();
}
