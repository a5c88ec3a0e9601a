import { CardFactory, type TurnContext } from 'botbuilder';
import { renderHelpCard } from '../cards/help';

/**
 * Sent on install: in a 1:1 chat the help card, in a team one line of what the bot will
 * post there. The help card's buttons start private work, so it never goes to a channel.
 */
export async function greet(context: TurnContext): Promise<void> {
  if (context.activity.conversation?.conversationType !== 'personal') {
    await context.sendActivity(
      'Hello. I post each establishment change decision here when it is published, and update that post when its status changes. Exempt information is never posted.',
    );
    return;
  }
  const name = context.activity.from?.name?.split(' ')[0];
  const intro = `Hello${name ? ` ${name}` : ''}. I run staffing establishment change approvals: raise a request here, and I'll take it through finance, HR and legal comments to a decision, publication and call-in.`;
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderHelpCard(intro))] });
}

export async function sendHelp(context: TurnContext): Promise<void> {
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(renderHelpCard('Type one of these, or use the buttons.'))] });
}
