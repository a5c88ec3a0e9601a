import { CardFactory, MessageFactory, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
// The dialog set and its context only: the package's index also loads every prompt and the
// text recognizers, 17 MB of live heap this bot never uses (see BENCHMARKS.md, dialogue).
import type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { z } from 'zod';
import { editableKey } from '../domain/questionnaire';
import { CHANGEABLE, changeTarget, fieldLabel } from '../domain/corrections';
import { isDraftId } from '../storage/request-repository';
import { STATUS_LABELS, type Status } from '../domain/lifecycle';
import { formatLongDate, londonDate, type CalendarDate } from '../domain/calendar-date';
import { REQUEST_DIALOG, RequestDialog, sendDraftSummary } from '../dialogs/request-dialog';
import { activitySender, type ActivitySender } from './actor';
import { callInProgress } from '../domain/call-in';
import { parseCommand, type Command } from './commands/parse-command';
import { helpForQuestion, helpLine, suggestCommand } from './commands/suggest';
import { typedText } from './conversation-text';
import { sendHelp } from './greeting';
import { RequestService } from './requests/request-service';
import type { RequestViews } from './request-views';
import { surfaceOf } from './surface';
import { formatHistory } from './views/history-view';
import { setDeputy } from './requests/deputy-command';

/** What an officer's summary card sends back (Action.Submit): a draft key and the action. */
const SummaryAction = z.object({
  action: z.enum(['draft.submit', 'draft.addLine', 'draft.edit', 'draft.removeLine', 'draft.save', 'draft.discard']),
  draft: z.string().max(60),
  version: z.union([z.string(), z.number()]).optional(),
  field: z.string().max(60).optional(),
  line: z.string().max(4).optional(),
});
const FormAction = z.object({ action: z.enum(['line.form', 'funding.form']), draft: z.string().max(60) }).passthrough();

/** A question the bot asked and is waiting on: a yes typed next answers it. */
type Pending = { kind: 'discard' | 'cancel'; draftId: string; title: string } | { kind: 'suggest'; command: string };
const YES = /^(y|yes|yeah|yep|ok|okay|sure|please|go ahead|do it)\b/i;
const NO = /^(n|no|nope|don'?t|do not)\b/i;
/** A plain question about using the bot, asked mid-dialogue, where other text is an answer. */
const HOW_DO_I = /^(how (do|can|should) i|what can (you|i) (do|type|say)|what are (the|your) commands)\b/i;

/** Turns a message into a command, a dialogue step or a card action, and runs it. */
export class MessageRouter {
  private readonly dialogs: DialogSet;
  private readonly pending: StatePropertyAccessor<Pending | undefined>;

  constructor(
    conversationState: ConversationState,
    private readonly service: RequestService,
    private readonly views: RequestViews,
    /** Where a request's decision report is downloaded (the download checks who signs in). */
    private readonly reportLink: (reference: string) => string = () => '',
  ) {
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new RequestDialog(service));
    this.pending = conversationState.createProperty<Pending | undefined>('pendingChoice');
  }

  async onMessage(context: TurnContext): Promise<void> {
    // A group chat or channel is answered apart: nothing of a request is ever shown there.
    if (surfaceOf(context.activity) !== 'personal') return this.onGroupMessage(context);
    const sender = activitySender(context.activity);
    const dc = await this.dialogs.createContext(context);
    const value = context.activity.value as unknown;

    const pending = await this.pending.get(context);
    if (pending) await this.pending.delete(context);
    const summary = SummaryAction.safeParse(value);
    if (summary.success && sender) {
      await dc.cancelAllDialogs();
      return this.onSummaryAction(context, dc, sender, summary.data);
    }
    const form = FormAction.safeParse(value);
    if (form.success && sender && !dc.activeDialog) {
      // A form clicked after the conversation moved on: pick the draft up again.
      if (!isDraftId(form.data.draft)) return;
      await dc.beginDialog(REQUEST_DIALOG, { draftId: form.data.draft });
      return;
    }
    if (value !== undefined && !form.success && !summary.success) {
      await context.sendActivity('That card action is out of date. Type **my requests** to see where things are.');
      return;
    }

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
      if (this.dialogueDraft(dc) === pending.draftId) await dc.cancelAllDialogs();
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

  private dialogueDraft(dc: DialogContext): string | undefined {
    return (dc.activeDialog?.state as { draftId?: string } | undefined)?.draftId;
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
        return this.myRequests(context, sender);
      case 'status': {
        // Anyone may see a published decision's public summary; the whole request only those entitled.
        const found = await this.service.find(sender, command.argument, 'public');
        if (!found.ok) return void (await context.sendActivity(found.message));
        const card = await this.views.cardFor(found.value.stored, { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name }, 'personal', found.value.rules);
        await context.sendActivity(card ? { attachments: [CardFactory.adaptiveCard(card)] } : `I can't find ${found.value.stored.reference} among the requests you can see.`);
        return;
      }
      case 'withdraw': {
        const result = await this.service.withdraw(sender, command.argument);
        await context.sendActivity(result.ok ? `${result.value.reference} is withdrawn. Everyone who had it is told.` : result.message);
        return;
      }
      case 'history': {
        const result = await this.service.history(sender, command.argument);
        await context.sendActivity(result.ok ? formatHistory(result.value.reference, result.value.entries) : result.message);
        return;
      }
      case 'revise': {
        const result = await this.service.revise(sender, command.argument);
        if (!result.ok) return void (await context.sendActivity(result.message));
        await dc.cancelAllDialogs();
        await context.sendActivity(`Here is ${result.value.resubmits} as it was returned. Use **Edit** to change what is needed, then **Submit** to resubmit it: review starts again, and earlier comments stay in its history.`);
        await sendDraftSummary(context, this.service, result.value);
        return;
      }
      case 'call-in': {
        const m = /^(\S+)\s*(.*)$/s.exec(command.argument);
        const found = await this.service.find(sender, m?.[1] ?? '');
        if (!found.ok) return void (await context.sendActivity(found.message));
        const { stored, rules } = found.value;
        const grounds = (m?.[2] ?? '').trim();
        if (!grounds) return void (await context.sendActivity(`Please give your grounds: **call in ${stored.reference} <your grounds>**.`));
        const actor = { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name };
        const result = await this.service.workflow.act(actor, stored.reference, { type: 'call_in', expectedVersion: stored.workflow.version, grounds: grounds.slice(0, 4000) }, { stored, rules });
        if (!result.ok) return void (await context.sendActivity(result.message));
        const recorded = result.decision.events.find((e) => e.type === 'call_in_recorded');
        await context.sendActivity(
          result.stored.workflow.status === 'called_in'
            ? `Your call-in of ${stored.reference} is recorded: the decision is now called in and suspended.`
            : `Your call-in of ${stored.reference} is recorded. ${recorded ? callInProgress(recorded.count, recorded.needed) : ''}`,
        );
        return;
      }
      case 'report': {
        const found = await this.service.find(sender, command.argument);
        if (!found.ok) return void (await context.sendActivity(found.message));
        const { reference, workflow } = found.value.stored;
        if (!workflow.decision) return void (await context.sendActivity(`${reference} has no decision yet: its report is made once it is approved or rejected.`));
        const link = this.reportLink(reference);
        await context.sendActivity(`The decision report for ${reference} (Word, with any exempt information in a confidential appendix): [download ${reference}.docx](${link}). You sign in to download it, and it opens only for people who may see this request.`);
        return;
      }
      case 'decisions':
        return this.runDecisions(context);
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
        const inDialogue = this.dialogueDraft(dc);
        const draft = inDialogue ? await this.service.drafts.get(owner, inDialogue) : await this.service.drafts.latest(owner);
        if (!draft) return void (await context.sendActivity('You have no draft to discard.'));
        return this.askDiscard(context, draft.draftId, draft.content.title ?? 'untitled');
      }
      case 'cancel': {
        const draftId = this.dialogueDraft(dc);
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

  /**
   * In a group chat or channel (where the bot is @mentioned) only what is public anyway is
   * answered: the list of published decisions, and where to go for the rest. Request
   * commands are refused with a hint to use the 1:1 chat, so nothing private is posted to
   * the group; card buttons from there are never the officer's summary or forms.
   */
  private async onGroupMessage(context: TurnContext): Promise<void> {
    if (context.activity.value !== undefined) {
      await context.sendActivity('That card action only works in your 1:1 chat with me.');
      return;
    }
    const command = parseCommand(typedText(context));
    if (command.name === 'decisions') {
      const sender = activitySender(context.activity);
      if (sender) return this.runDecisions(context);
    }
    const lead = command.name === 'unknown' || command.name === 'help' ? 'I post establishment change decisions here.' : 'I answer that in our 1:1 chat only, so that nothing about a request is posted here.';
    await context.sendActivity(`${lead} Open a chat with me (search for **Establishment Changes** in Teams) and type **help** there to raise or follow a request. Here you can type **decisions** for the published ones.`);
  }

  /** Recent published decisions: public facts only (the listing holds the public title). */
  private async runDecisions(context: TurnContext): Promise<void> {
    const rows = await this.service.requests.decisions(20);
    if (!rows.length) return void (await context.sendActivity('No decisions have been published yet.'));
    const today = londonDate(this.service.workflow.now());
    const lines = rows.map((d) => {
      const open = d.status === 'published' && d.deadline && d.deadline >= today;
      return `- **${d.reference}** ${d.title} — ${STATUS_LABELS[d.status as Status] ?? d.status}; published ${formatLongDate(d.publishedOn as CalendarDate)}${open ? `; call-in open until the end of ${formatLongDate(d.deadline as CalendarDate)}` : ''}`;
    });
    await context.sendActivity(`Recent decisions:\n\n${lines.join('\n')}`);
  }

  private async myRequests(context: TurnContext, sender: ActivitySender): Promise<void> {
    const { drafts, requests } = await this.service.drafts.listForOwner(RequestService.owner(sender));
    if (!drafts.length && !requests.length) {
      await context.sendActivity('You have no requests yet. Type **new request** to raise one.');
      return;
    }
    const lines = [
      ...requests.sort((a, b) => b.key.localeCompare(a.key)).map((r) => `- **${r.key}** ${r.title} — ${r.status.replace(/_/g, ' ')}`),
      ...drafts.map((d) => `- Draft: ${d.title} (last saved ${d.updatedAt.slice(0, 10)})`),
    ];
    await context.sendActivity(`Your requests:\n\n${lines.join('\n')}\n\nType **status ECR-…** for one of them, or **continue** for your latest draft.`);
  }

  private async onSummaryAction(context: TurnContext, dc: Awaited<ReturnType<DialogSet['createContext']>>, sender: ActivitySender, action: z.infer<typeof SummaryAction>): Promise<void> {
    const owner = RequestService.owner(sender);
    const draft = isDraftId(action.draft) ? await this.service.drafts.get(owner, action.draft) : undefined;
    if (!draft) {
      await context.sendActivity('That draft no longer exists: it may already have been submitted or discarded. Type **my requests** to see your requests.');
      return;
    }
    switch (action.action) {
      case 'draft.submit': {
        const result = await this.service.submit(sender, draft.draftId);
        if (!result.ok) {
          await context.sendActivity(result.message);
          await sendDraftSummary(context, this.service, draft);
          return;
        }
        await context.sendActivity(`Submitted as **${result.value.reference}**. I'll tell you here as it moves through review and decision. Type **status ${result.value.reference}** at any time.`);
        return;
      }
      case 'draft.save':
        await context.sendActivity('Saved. Type **continue** to carry on, today or another day.');
        return;
      case 'draft.discard':
        await this.service.drafts.discard(owner, draft.draftId);
        await context.sendActivity(`Discarded the draft "${draft.content.title ?? 'untitled'}".`);
        return;
      case 'draft.addLine': {
        const saved = await this.service.drafts.save(owner, draft, { ...draft.content, linesComplete: false });
        await dc.beginDialog(REQUEST_DIALOG, { draftId: saved.draftId, focus: 'moreLines' });
        return;
      }
      case 'draft.removeLine': {
        const index = Number(action.line) - 1;
        if (!Number.isInteger(index) || index < 0 || index >= draft.content.lines.length) {
          await context.sendActivity('Choose which change to remove.');
          return;
        }
        const lines = draft.content.lines.filter((_, i) => i !== index);
        const saved = await this.service.drafts.save(owner, draft, { ...draft.content, lines, linesComplete: lines.length > 0 ? draft.content.linesComplete : false });
        await context.sendActivity(`Removed change ${index + 1}.`);
        await sendDraftSummary(context, this.service, saved);
        return;
      }
      case 'draft.edit': {
        const key = editableKey(action.field);
        if (!key) {
          await context.sendActivity('Choose what to change.');
          return;
        }
        await dc.beginDialog(REQUEST_DIALOG, { draftId: draft.draftId, focus: key === 'funding' ? 'moreFunding' : key });
        return;
      }
    }
  }
}
