import { personKey } from '../../domain/person';
import { MessageFactory, type TurnContext } from 'botbuilder';
import { dialogueDraft, type OfficerChat, type Pending } from '../dialogs/officer-chat';
import type { CommandContext } from './chat-command';

const YES = /^(y|yes|yeah|yep|ok|okay|sure|please|go ahead|do it)\b/i;
const NO = /^(n|no|nope|don'?t|do not)\b/i;
const KEEP = /^(keep|keep it|save|save it|save for later|yes,? keep( it)?|no,? keep( it)?)$/;

/** "Discard the draft …?": the yes or no typed next is answered by answerPending. */
export async function askDiscard(chat: OfficerChat, context: TurnContext, draftId: string, title: string): Promise<void> {
  await chat.pending.set(context, { kind: 'discard', draftId, title });
  await context.sendActivity(
    MessageFactory.suggestedActions(
      ['yes, discard', 'no, keep it'],
      `Discard the draft "${title}"? It cannot be undone. Say **yes** to discard it, or **no** to keep it.`,
    ),
  );
}

/**
 * A yes or no to the question the bot asked last turn (a suggested command, discard's or
 * cancel's); false when the text is something else. `runText` runs a suggested command.
 */
export async function answerPending(ctx: CommandContext, pending: Pending, text: string, runText: (text: string) => Promise<void>): Promise<boolean> {
  const { context, dc, chat, service, sender } = ctx;
  const t = text
    .toLowerCase()
    .replace(/[.!]+$/, '')
    .trim();
  if (pending.kind === 'suggest') {
    if (YES.test(t)) {
      await runText(pending.command);
      return true;
    }
    if (NO.test(t)) {
      await context.sendActivity('OK. Type **help** to see what I can do.');
      return true;
    }
    return false;
  }
  const discard = async () => {
    const done = await service.drafts.discard(personKey(sender), pending.draftId);
    if (dialogueDraft(dc) === pending.draftId) await dc.cancelAllDialogs();
    await context.sendActivity(done ? `Discarded the draft "${pending.title}".` : `The draft "${pending.title}" no longer exists.`);
    // Another draft's questions carry on where they were.
    if (dc.activeDialog) await dc.repromptDialog();
  };
  const keep = KEEP.test(t);
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
    await askDiscard(chat, context, pending.draftId, pending.title);
    return true;
  }
  return false;
}
