import { MessageFactory, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { CHANGEABLE, changeTarget, fieldLabel } from '../domain/corrections';
import { REQUEST_DIALOG } from './dialogs/request-dialog';
import { dialogueDraft, type OfficerChat, type Pending } from './dialogs/officer-chat';
import { activitySender, type ActivitySender } from './actor';
import { parseCommand, type Command } from './commands/parse-command';
import { helpForQuestion, helpLine, suggestCommand } from './commands/suggest';
import { typedText } from './conversation-text';
import { sendHelp } from './greeting';
import { RequestService } from './requests/request-service';
import type { RequestViews } from './request-views';
import { surfaceOf } from './surface';
import { setDeputy } from './requests/deputy-command';
import { answerWaiting, isWaitingCommand, waitingAvailable } from './requests/waiting-command';
import { answerInGroup } from './group-messages';
import { listDecisions } from './commands/decisions';
import { listMyRequests } from './commands/my-requests';
import { runRequestCommand } from './commands/request-commands';

const YES = /^(y|yes|yeah|yep|ok|okay|sure|please|go ahead|do it)\b/i;
const NO = /^(n|no|nope|don'?t|do not)\b/i;
/** A plain question about using the bot, asked mid-dialogue, where other text is an answer. */
const HOW_DO_I = /^(how (do|can|should) i|what can (you|i) (do|type|say)|what are (the|your) commands)\b/i;

/**
 * Turns typed text into a command or a dialogue step, and runs it. Card buttons never come
 * here: every one is an Action.Execute, routed by verb (invoke/).
 */
export class MessageRouter {
  constructor(
    private readonly chat: OfficerChat,
    private readonly service: RequestService,
    private readonly views: RequestViews,
    /** Where a request's decision report is downloaded (the download checks who signs in). */
    private readonly reportLink: (reference: string) => string = () => '',
  ) {}

  private get pending() {
    return this.chat.pending;
  }

  async onMessage(context: TurnContext): Promise<void> {
    // A group chat or channel is answered apart: nothing of a request is ever shown there.
    if (surfaceOf(context.activity) !== 'personal') return answerInGroup(context, this.service);
    const sender = activitySender(context.activity);
    // `waiting`: administrators' list of notifications nobody could be sent yet.
    if (isWaitingCommand(context.activity.text) && waitingAvailable(context, sender)) return void (await context.sendActivity(await answerWaiting(context, sender)));
    const dc = await this.chat.dialogue(context);
    const value = context.activity.value as unknown;
    // A message carrying a value is an Action.Submit, which no card of this bot sends any more
    // (cards sent before every button became Action.Execute). Nothing in it is used.
    if (value !== undefined && !context.activity.text) {
      await context.sendActivity('That card is from an older version of this bot, so nothing was done. Type **my requests** to see where things are, or **continue** to carry on with your latest draft.');
      return;
    }

    const pending = await this.pending.get(context);
    if (pending) await this.pending.delete(context);
    const text = typedText(context);
    if (pending && value === undefined && sender && (await this.answerPending(context, dc, sender, pending, text))) return;
    return this.onText(context, dc, sender, text);
  }

  private async onText(context: TurnContext, dc: DialogContext, sender: ActivitySender | undefined, text: string): Promise<void> {
    const command = parseCommand(text);
    if (command.name === 'help') {
      await sendHelp(context);
      if (dc.activeDialog) await dc.repromptDialog();
      return;
    }
    // Anything that is not a command answers the dialogue's question (back, change and save steer it).
    if (dc.activeDialog && (command.name === 'unknown' || command.name === 'save' || command.name === 'back' || command.name === 'change')) {
      if (command.name === 'unknown' && HOW_DO_I.test(text) && (await this.answerQuestion(context, text))) {
        await dc.repromptDialog();
        return;
      }
      await dc.continueDialog();
      return;
    }
    if (!sender) {
      await context.sendActivity('I could not tell who you are, so I cannot show or change requests here.');
      return;
    }
    const inDialogue = !!dc.activeDialog;
    await this.runCommand(context, dc, sender, command, text);
    // A command typed mid-dialogue leaves the dialogue where it was: ask its question again
    // (not after a question of its own, such as discard's "are you sure?").
    if (inDialogue && dc.activeDialog && !['new-request', 'continue', 'revise', 'discard', 'cancel'].includes(command.name)) await dc.repromptDialog();
  }

  /** A yes or no to the question the bot asked last turn; false when the text is something else. */
  private async answerPending(context: TurnContext, dc: DialogContext, sender: ActivitySender, pending: Pending, text: string): Promise<boolean> {
    const owner = RequestService.owner(sender);
    const t = text.toLowerCase().replace(/[.!]+$/, '').trim();
    if (pending.kind === 'suggest') {
      if (YES.test(t)) {
        await this.onText(context, dc, sender, pending.command);
        return true;
      }
      if (NO.test(t)) {
        await context.sendActivity('OK. Type **help** to see what I can do.');
        return true;
      }
      return false;
    }
    const discard = async () => {
      const done = await this.service.drafts.discard(owner, pending.draftId);
      if (dialogueDraft(dc) === pending.draftId) await dc.cancelAllDialogs();
      await context.sendActivity(done ? `Discarded the draft "${pending.title}".` : `The draft "${pending.title}" no longer exists.`);
      // Another draft's questions carry on where they were.
      if (dc.activeDialog) await dc.repromptDialog();
    };
    const keep = /^(keep|keep it|save|save it|save for later|yes,? keep( it)?|no,? keep( it)?)$/.test(t);
    if (pending.kind === 'discard') {
      if (!keep && (YES.test(t) || /^discard( it)?$/.test(t))) {
        await discard();
        return true;
      }
      if (keep || NO.test(t)) {
        await context.sendActivity(`Kept the draft "${pending.title}".`);
        if (dc.activeDialog) await dc.repromptDialog();
        return true;
      }
      return false;
    }
    // cancel: keep the draft for later, or discard it (after a second "are you sure?" unless said outright).
    if (keep || YES.test(t)) {
      await dc.cancelAllDialogs();
      await context.sendActivity(`Your draft "${pending.title}" is kept. Type **continue** to carry on, today or another day.`);
      return true;
    }
    if (/^(discard|discard it|delete|delete it)$/.test(t)) {
      await discard();
      return true;
    }
    if (NO.test(t)) {
      await this.askDiscard(context, pending.draftId, pending.title);
      return true;
    }
    return false;
  }

  private async askDiscard(context: TurnContext, draftId: string, title: string): Promise<void> {
    await this.pending.set(context, { kind: 'discard', draftId, title });
    await context.sendActivity(MessageFactory.suggestedActions(['yes, discard', 'no, keep it'], `Discard the draft "${title}"? It cannot be undone. Say **yes** to discard it, or **no** to keep it.`));
  }

  /** The help lines a plain question asks about ("how do I withdraw?"); false when it asks about none. */
  private async answerQuestion(context: TurnContext, text: string): Promise<boolean> {
    const found = helpForQuestion(text);
    if (!found) return false;
    if (found.all) await sendHelp(context);
    else await context.sendActivity(`${found.commands.map(helpLine).join('\n')}\n\nType **help** for everything I can do.`);
    return true;
  }

  private async runCommand(context: TurnContext, dc: DialogContext, sender: ActivitySender, command: Command, text: string): Promise<void> {
    switch (command.name) {
      case 'new-request': {
        if (context.activity.conversation.conversationType !== 'personal') {
          await context.sendActivity('Requests are raised in a 1:1 chat with me, so their details stay private: open a chat with the bot and type **new request**.');
          return;
        }
        await dc.cancelAllDialogs();
        const draft = await this.service.startDraft(sender);
        if (!draft.ok) {
          await context.sendActivity(draft.message);
          return;
        }
        await context.sendActivity("Let's raise a staffing establishment change. I save every answer as you go: type **save** to stop and **continue** to pick up later.");
        await dc.beginDialog(REQUEST_DIALOG, { draftId: draft.value.draftId });
        return;
      }
      case 'continue': {
        await dc.cancelAllDialogs();
        const latest = await this.service.drafts.latest(RequestService.owner(sender));
        if (!latest) {
          await context.sendActivity('You have no drafts. Type **new request** to start one.');
          return;
        }
        await context.sendActivity(`Carrying on with "${latest.content.title ?? 'your draft'}".`);
        await dc.beginDialog(REQUEST_DIALOG, { draftId: latest.draftId });
        return;
      }
      case 'my-requests':
        return listMyRequests(context, this.service, sender);
      case 'status':
      case 'withdraw':
      case 'history':
      case 'revise':
      case 'call-in':
      case 'report':
        return runRequestCommand({ name: command.name, argument: command.argument }, { context, dc, chat: this.chat, service: this.service, views: this.views, sender, reportLink: this.reportLink });
      case 'decisions':
        return listDecisions(context, this.service);
      case 'deputy':
        await context.sendActivity(await setDeputy(this.service, sender, command.argument));
        return;
      case 'discard': {
        const owner = RequestService.owner(sender);
        const named = command.argument.trim();
        if (named) {
          const { drafts } = await this.service.drafts.listForOwner(owner);
          const wanted = named.toLowerCase().replace(/^["'“]|["'”]$/g, '');
          const exact = drafts.filter((d) => d.title.toLowerCase() === wanted);
          const matches = exact.length ? exact : drafts.filter((d) => d.title.toLowerCase().includes(wanted));
          if (matches.length !== 1) {
            const list = drafts.map((d) => `- ${d.title}`).join('\n');
            await context.sendActivity(
              matches.length
                ? `More than one draft matches "${named}":\n${matches.map((d) => `- ${d.title}`).join('\n')}\n\nType **discard** and the whole title.`
                : drafts.length
                  ? `You have no draft called "${named}". Your drafts:\n${list}`
                  : 'You have no draft to discard.',
            );
            return;
          }
          return this.askDiscard(context, matches[0]!.draftId, matches[0]!.title);
        }
        const inDialogue = dialogueDraft(dc);
        const draft = inDialogue ? await this.service.drafts.get(owner, inDialogue) : await this.service.drafts.latest(owner);
        if (!draft) return void (await context.sendActivity('You have no draft to discard.'));
        return this.askDiscard(context, draft.draftId, draft.content.title ?? 'untitled');
      }
      case 'cancel': {
        const draftId = dialogueDraft(dc);
        const draft = draftId ? await this.service.drafts.get(RequestService.owner(sender), draftId) : undefined;
        if (!draft) {
          await dc.cancelAllDialogs();
          await context.sendActivity('Nothing to cancel. Type **help** to see what I can do.');
          return;
        }
        const title = draft.content.title ?? 'untitled';
        await this.pending.set(context, { kind: 'cancel', draftId: draft.draftId, title });
        await context.sendActivity(MessageFactory.suggestedActions(['keep it', 'discard it'], `Stop here. Keep the draft "${title}" to carry on later (**keep**, or yes), or **discard** it?`));
        return;
      }
      case 'save':
        await context.sendActivity('Every answer is saved as you go. Type **continue** to carry on with your latest draft.');
        return;
      case 'back':
        await context.sendActivity('**back** goes back a question while I am asking about a draft: type **continue** to carry on with your latest draft, or `change <field>` to change one answer.');
        return;
      case 'change': {
        const latest = await this.service.drafts.latest(RequestService.owner(sender));
        if (!latest) return void (await context.sendActivity('You have no drafts. Type **new request** to start one.'));
        const key = changeTarget(command.argument, latest.content);
        if (!key) return void (await context.sendActivity(`I can't tell which answer "${command.argument.slice(0, 60)}" is. You can change: ${CHANGEABLE}.`));
        await context.sendActivity(`Changing the ${fieldLabel(key)} of "${latest.content.title ?? 'your draft'}".`);
        await dc.beginDialog(REQUEST_DIALOG, { draftId: latest.draftId, focus: key });
        return;
      }
      case 'unknown': {
        if (await this.answerQuestion(context, text)) return;
        const suggestion = suggestCommand(text);
        if (suggestion) {
          await this.pending.set(context, { kind: 'suggest', command: suggestion });
          await context.sendActivity(MessageFactory.suggestedActions([suggestion, 'no'], `Did you mean \`${suggestion}\`? Say **yes** to run it.`));
          return;
        }
        await context.sendActivity(
          text
            ? `I didn't recognise "${text.slice(0, 80)}". Type **help** to see what I can do, or **new request** to raise a staffing establishment change.`
            : 'Type **help** to see what I can do.',
        );
        return;
      }
    }
  }
}
