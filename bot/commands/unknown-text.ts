import { MessageFactory, type TurnContext } from 'botbuilder';
import type { OfficerChat } from '../dialogs/officer-chat';
import { sendHelp } from '../greeting';
import { helpForQuestion, helpLine, suggestCommand } from './suggest';

/** A plain question about using the bot, asked mid-dialogue, where other text is an answer. */
const HOW_DO_I = /^(how (do|can|should) i|what can (you|i) (do|type|say)|what are (the|your) commands)\b/i;

/** The help lines a plain question asks about ("how do I withdraw?"); false when it asks about none. */
async function answerQuestion(context: TurnContext, text: string): Promise<boolean> {
  const found = helpForQuestion(text);
  if (!found) return false;
  if (found.all) await sendHelp(context);
  else await context.sendActivity(`${found.commands.map(helpLine).join('\n')}\n\nType **help** for everything I can do.`);
  return true;
}

/** Mid-dialogue, only a question that plainly asks how is answered; false for anything else (an answer). */
export async function answerHowTo(context: TurnContext, text: string): Promise<boolean> {
  return HOW_DO_I.test(text) && answerQuestion(context, text);
}

/**
 * Text that is no command, outside a dialogue: a question's help lines, else the command it
 * is probably a slip of (a yes runs it: pending-answers.ts), else how to find out more.
 */
export async function answerUnknown(context: TurnContext, chat: OfficerChat, text: string): Promise<void> {
  if (await answerQuestion(context, text)) return;
  const suggestion = suggestCommand(text);
  if (suggestion) {
    await chat.pending.set(context, { kind: 'suggest', command: suggestion });
    await context.sendActivity(MessageFactory.suggestedActions([suggestion, 'no'], `Did you mean \`${suggestion}\`? Say **yes** to run it.`));
    return;
  }
  await context.sendActivity(
    text
      ? `I didn't recognise "${text.slice(0, 80)}". Type **help** to see what I can do, or **new request** to raise a staffing establishment change.`
      : 'Type **help** to see what I can do.',
  );
}
