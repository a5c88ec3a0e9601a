import { CardFactory, type TurnContext } from 'botbuilder';
import { renderHelpCard } from '../cards/help';

/** Sent on install: in a 1:1 chat how to start, in a team what the bot will post. */
export async function greet(context: TurnContext): Promise<void> {
  const personal = context.activity.conversation?.conversationType === 'personal';
  const name = context.activity.from?.name?.split(' ')[0];
  const intro = personal
    ? `Hello${name ? ` ${name}` : ''}. I run staffing establishment change approvals: raise a request here, and I'll take it through finance, HR and legal comments to a decision, publication and call-in.`
    : 'Hello. I post each establishment change decision here when it is published, and update that post when its status changes. Exempt information is never posted.';
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderHelpCard(intro))] });
}

export async function sendHelp(context: TurnContext): Promise<void> {
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderHelpCard('Type one of these, or use the buttons.'))] });
}
