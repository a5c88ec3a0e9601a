import type { ConversationState, TurnContext } from 'botbuilder';
import { parseCommand } from './commands/parse-command';
import { typedText } from './conversation-text';
import { sendHelp } from './greeting';

export interface MessageRouterDeps {
  conversationState: ConversationState;
}

/** Turns a message into a command (or a dialogue step) and runs it. */
export class MessageRouter {
  constructor(private readonly deps: MessageRouterDeps) {}

  async onMessage(context: TurnContext): Promise<void> {
    const text = typedText(context);
    const command = parseCommand(text);
    switch (command.name) {
      case 'help':
        return sendHelp(context);
      case 'unknown':
        await context.sendActivity(
          text
            ? `I didn't recognise "${text.slice(0, 80)}". Type **help** to see what I can do, or **new request** to raise a staffing establishment change.`
            : 'Type **help** to see what I can do.',
        );
        return;
      default:
        await context.sendActivity(`"${text.slice(0, 80)}" is coming soon. Type **help** for what works today.`);
    }
  }
}
