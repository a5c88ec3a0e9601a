import type { Person } from '../domain/person';
import type { TurnContext } from 'botbuilder';
import type { OfficerChat } from './dialogs/officer-chat';
import { activitySender } from './actor';
import type { ChatContext } from './commands/chat-command';
import { parseCommand } from './commands/parse-command';
import { answerPending } from './commands/pending-answers';
import { CHAT_COMMANDS } from './commands/registry';
import { answerHowTo, answerUnknown } from './commands/unknown-text';
import { typedText } from './conversation-text';
import { sendHelp } from './greeting';
import type { RequestService } from '../app/request-service';
import type { RequestViews } from './request-views';
import { surfaceOf } from './surface';
import { answerWaiting, isWaitingCommand, waitingAvailable } from './requests/waiting-command';
import { answerInGroup } from './group-messages';
import { answerSettings } from './settings/settings-chat';
import { answerReassign } from './settings/reassign';
import { answerDocuments, type DocumentChat } from './documents/document-chat';

/**
 * Turns typed text into a command (commands/registry.ts) or a dialogue step, and runs it.
 * Card buttons never come here: every one is an Action.Execute, routed by verb (invoke/).
 */
export class MessageRouter {
  constructor(
    private readonly chat: OfficerChat,
    private readonly service: RequestService,
    private readonly views: RequestViews,
    /** Where a request's decision report is downloaded (the download checks who signs in). */
    private readonly reportLink: (reference: string) => string = () => '',
    /** Files sent in the chat and the questions about them; absent without Blob Storage. */
    private readonly documents?: DocumentChat,
  ) {}

  async onMessage(context: TurnContext): Promise<void> {
    // A group chat or channel is answered apart: nothing of a request is ever shown there.
    if (surfaceOf(context.activity) !== 'personal') return answerInGroup(context, this.service);
    const sender = activitySender(context.activity);
    // `waiting`: administrators' list of notifications nobody could be sent yet.
    if (isWaitingCommand(context.activity.text) && (await waitingAvailable(context, sender)))
      return void (await context.sendActivity(await answerWaiting(context, sender)));
    // `settings` and `reassign <reference>`: administrators' cards.
    if ((await answerSettings(context, typedText(context))) || (await answerReassign(context, typedText(context)))) return;
    const dc = await this.chat.dialogue(context);
    const value = context.activity.value as unknown;
    // A message carrying a value is an Action.Submit, which no card of this bot sends any more
    // (cards sent before every button became Action.Execute). Nothing in it is used.
    if (value !== undefined && !context.activity.text) {
      await context.sendActivity(
        'That card is from an older version of this bot, so nothing was done. Type **my requests** to see where things are, or **continue** to carry on with your latest draft.',
      );
      return;
    }

    const ctx: ChatContext = {
      context,
      dc,
      chat: this.chat,
      service: this.service,
      views: this.views,
      reportLink: this.reportLink,
      documents: this.documents,
      sendHelp: () => sendHelp(context),
    };
    if (sender && (await answerDocuments(this.documents, { context, dc, sender }, typedText(context)))) return;
    const pending = await this.chat.pending.get(context);
    if (pending) await this.chat.pending.delete(context);
    const text = typedText(context);
    if (pending && value === undefined && sender && (await answerPending({ ...ctx, sender }, pending, text, (said) => this.onText(ctx, sender, said)))) return;
    return this.onText(ctx, sender, text);
  }

  private async onText(ctx: ChatContext, sender: Person | undefined, text: string): Promise<void> {
    const { context, dc } = ctx;
    const parsed = parseCommand(text);
    const command = parsed.name === 'unknown' ? undefined : CHAT_COMMANDS[parsed.name];
    // Anything that is not a command answers the dialogue's question (back, change and save steer it).
    if (dc.activeDialog && (!command || command.midDialogue === 'answer')) {
      if (!command && (await answerHowTo(context, text))) return void (await dc.repromptDialog());
      return void (await dc.continueDialog());
    }
    const inDialogue = !!dc.activeDialog;
    const argument = ('argument' in parsed && parsed.argument) || '';
    if (command?.forAnyone) await command.run(ctx, argument);
    else if (!sender) return void (await context.sendActivity('I could not tell who you are, so I cannot show or change requests here.'));
    else if (command) await command.run({ ...ctx, sender }, argument);
    else await answerUnknown(context, this.chat, text);
    // A command typed mid-dialogue leaves the dialogue where it was: ask its question again
    // (not after one that asks its own, such as discard's "are you sure?", or begins a dialogue).
    if (inDialogue && dc.activeDialog && command?.midDialogue === 'ask-again') await dc.repromptDialog();
  }
}
