import { MessageFactory, type TurnContext } from 'botbuilder';
// Not the package's index, which also loads every prompt and the text recognizers (see officer-chat.ts).
import { Dialog, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { nextQuestion, question, type Answer, type Question, type QuestionKey } from '../../domain/questionnaire';
import { CHANGEABLE, changeTarget, currentValue, fieldLabel, keyHolding, parseCorrection, takesNo, type Correction } from '../../domain/corrections';
import type { DraftContent } from '../../domain/request';
import { activitySender } from '../actor';
import { typedText } from '../conversation-text';
import { RequestService } from '../../app/request-service';
import { DraftConflictError, type DraftRecord } from '../../storage/draft-repository';
import { askQuestion } from './ask-question';
import { previousAnswer, type Answered } from './dialogue-history';
import type { OfficerChat } from './officer-chat';
import { saveAnswer, type SaveOutcome } from './save-answer';
import { sendSummary } from './summary-cards';

export const REQUEST_DIALOG = 'requestDialog';

export interface RequestDialogOptions {
  draftId: string;
  /** Ask just this question (an edit from the summary), then show the summary again. */
  focus?: QuestionKey;
}

/** A form on a card (invoke/draft-actions/) saved an answer to the dialogue's own draft. */
export interface FormAnswered {
  key: QuestionKey;
  before: { lines: number; funding: number };
  saved: DraftRecord<DraftContent>;
}
const FORM_ANSWERED = Symbol('formAnswered');

/** The dialogue on the form's draft moves on from what the form saved. */
export function carryOnAfterForm(dc: DialogContext, answered: FormAnswered): Promise<DialogTurnResult> {
  dc.context.turnState.set(FORM_ANSWERED, answered);
  return dc.continueDialog();
}

interface RequestDialogState extends RequestDialogOptions {
  asked?: QuestionKey;
  /** The questions answered, latest last: what `back` and "sorry, I meant …" go back to. */
  history?: Answered[];
  /** A correction the bot was unsure of and asked about ("Do you mean …?"). */
  pendingCorrection?: { key: QuestionKey; text: string };
  /** The draft's etag when this dialogue last read or saved it (see DraftRepository.get). */
  etag?: string;
}

/** Stopping for now: the router asks about `cancel` (keep or discard); these just stop. */
const LEAVE = /^(save|later|save for later|pause)$/i;
const BACK = /^(go\s+)?back$/i;
const KEEP = /^(keep|keep it|keep that|leave it|unchanged|no change)$/i;
const YES = /^(y|yes|yep|yeah|correct|that's right|ok|okay)\b/i;
const NO = /^(n|no|nope)\b/i;
/** Questions whose answer is free text: "change of hours …" typed there is an answer, not `change`. */
const FREE_TEXT = (key: QuestionKey) => ['title', 'line', 'moreLines'].includes(key) || key.startsWith('section:') || /:(jobTitle|description)$/.test(key);

/**
 * Raising a request, one question at a time. The draft in Table Storage is the truth:
 * each answer is validated, saved at once, and the next question is worked out from the
 * saved draft, so a restart or a reply days later carries on where the officer was.
 */
export class RequestDialog extends Dialog<RequestDialogOptions> {
  constructor(
    private readonly service: RequestService,
    private readonly chat: OfficerChat,
  ) {
    super(REQUEST_DIALOG);
  }

  override async beginDialog(dc: DialogContext, options?: RequestDialogOptions): Promise<DialogTurnResult> {
    if (!options?.draftId) return dc.endDialog();
    const state = dc.activeDialog!.state as RequestDialogState;
    Object.assign(state, { draftId: options.draftId, focus: options.focus });
    return this.askNext(dc, state);
  }

  override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
    const state = dc.activeDialog!.state as RequestDialogState;
    const context = dc.context;
    const byForm = context.turnState.get(FORM_ANSWERED) as FormAnswered | undefined;
    if (byForm) return this.answered(dc, state, byForm.key, byForm.before, byForm.saved);
    const text = typedText(context);
    if (LEAVE.test(text)) {
      await context.sendActivity('Your draft is saved. Type **continue** to carry on, today or another day.');
      return dc.endDialog();
    }
    const draft = await this.load(context, state);
    if (!draft) return dc.endDialog();
    const key = state.asked ?? state.focus ?? nextQuestion(draft.content)?.key;
    if (!key) return this.finish(dc, draft);

    const input: Answer = { text };
    const handled = await this.correcting(dc, state, draft, key, text);
    if (handled) return handled;
    let outcome = await this.saveAnswer(context, draft, key, input);
    if (outcome === 'conflict') {
      // Changed elsewhere since this dialogue last saw it: the answer goes onto the latest
      // version, so neither what was typed here nor the other change is lost.
      const latest = await this.service.drafts.get(ownerOf(context), state.draftId);
      outcome = latest ? await this.saveAnswer(context, latest, key, input) : 'gone';
      if (outcome === 'conflict') {
        await context.sendActivity(`${new DraftConflictError().message} Here is the latest version.`);
        state.asked = undefined;
        return this.askNext(dc, state);
      }
    }
    if (outcome === 'gone') return this.gone(dc);
    if (!('saved' in outcome)) {
      await this.askAgain(context, outcome.draft, key, outcome.invalid, input);
      return Dialog.EndOfTurn;
    }
    if (outcome.reply) await context.sendActivity(outcome.reply);
    return this.answered(dc, state, key, { lines: draft.content.lines.length, funding: draft.content.funding.length }, outcome.saved);
  }

  /** `key` was answered and saved (typed here, or by a form): on to the next question. */
  private answered(dc: DialogContext, state: RequestDialogState, key: QuestionKey, before: FormAnswered['before'], saved: DraftRecord<DraftContent>): Promise<DialogTurnResult> {
    state.history = [...(state.history ?? []), { key, ...before }].slice(-40);
    state.asked = undefined;
    if (state.focus && (key === state.focus || sameForm(key, state.focus))) {
      // An edit is done; carry on only if it left a change half-described.
      state.focus = undefined;
      if (!nextQuestion(saved.content)?.key.startsWith('lineField:')) return this.finish(dc, saved);
    }
    return this.askNext(dc, state, saved);
  }

  /** Asks the pending question again (after help or a command typed mid-dialogue). */
  override async repromptDialog(context: TurnContext, instance: DialogInstance): Promise<void> {
    const state = instance.state as RequestDialogState;
    const draft = await this.load(context, state);
    if (draft && state.asked) await this.ask(context, draft, question(state.asked, draft.content));
  }

  private saveAnswer(context: TurnContext, draft: DraftRecord<DraftContent>, key: QuestionKey, input: Answer): Promise<SaveOutcome> {
    return saveAnswer(this.service, ownerOf(context), activitySender(context.activity)?.name ?? '', draft, key, input);
  }

  private async load(context: TurnContext, state: RequestDialogState): Promise<DraftRecord<DraftContent> | undefined> {
    const draft = await this.service.drafts.get(ownerOf(context), state.draftId, state.etag);
    if (!draft) await this.sayGone(context);
    else state.etag = draft.etag;
    return draft;
  }

  private async gone(dc: DialogContext): Promise<DialogTurnResult> {
    await this.sayGone(dc.context);
    return dc.endDialog();
  }

  private async sayGone(context: TurnContext): Promise<void> {
    await context.sendActivity('That draft no longer exists (it may have been submitted or discarded). Type **my requests** to see your requests.');
  }

  private async askNext(dc: DialogContext, state: RequestDialogState, loaded?: DraftRecord<DraftContent>): Promise<DialogTurnResult> {
    const draft = loaded ?? (await this.load(dc.context, state));
    if (!draft) return dc.endDialog();
    state.etag = draft.etag;
    const next = state.focus ? question(state.focus, draft.content) : nextQuestion(draft.content);
    if (!next) return this.finish(dc, draft);
    state.asked = next.key;
    await this.ask(dc.context, draft, next);
    return Dialog.EndOfTurn;
  }

  private ask(context: TurnContext, draft: DraftRecord<DraftContent>, q: Question, error = ''): Promise<void> {
    return askQuestion(context, draft, q, error);
  }

  /**
   * `back`, `change <field>`, `keep`, and "sorry, I meant …": handled here, never saved as
   * an answer. Returns undefined when the text is an ordinary answer.
   */
  private async correcting(dc: DialogContext, state: RequestDialogState, draft: DraftRecord<DraftContent>, key: QuestionKey, text: string): Promise<DialogTurnResult | undefined> {
    const context = dc.context;
    const pending = state.pendingCorrection;
    state.pendingCorrection = undefined;
    if (pending && YES.test(text)) return this.applyCorrection(dc, state, draft, pending.key, pending.text);
    if (pending && NO.test(text)) {
      await context.sendActivity(`Left the ${fieldLabel(pending.key)} as it was.`);
      return this.askNext(dc, state, draft);
    }
    if (BACK.test(text)) return this.back(dc, state, draft, key);
    const change = /^change\s+(.+)$/i.exec(text);
    if (change) {
      const target = changeTarget(change[1]!, draft.content);
      if (target) {
        state.asked = target;
        if (state.focus) state.focus = target;
        await this.ask(context, draft, question(target, draft.content));
        return Dialog.EndOfTurn;
      }
      if (!FREE_TEXT(key)) {
        await context.sendActivity(`I can't tell which answer "${change[1]!.slice(0, 60)}" is. You can change: ${CHANGEABLE}.`);
        await this.ask(context, draft, question(key, draft.content));
        return Dialog.EndOfTurn;
      }
    }
    const now = currentValue(draft.content, key);
    if (KEEP.test(text) && now !== undefined) {
      await context.sendActivity(`Kept: ${now.slice(0, 200)}.`);
      state.asked = undefined;
      if (state.focus === key) {
        state.focus = undefined;
        return this.finish(dc, draft);
      }
      return this.askNext(dc, state, draft);
    }
    const correction = parseCorrection(text, takesNo(key));
    if (!correction) return undefined;
    const last = state.history?.at(-1);
    const holder = correction.wrong ? keyHolding(draft.content, correction.wrong) : undefined;
    if (!last && !holder) return undefined;
    return this.correct(dc, state, draft, last, holder, correction);
  }

  /** "sorry, I meant X, not Y": X replaces the answer that was Y, or else the last answer; unsure, it asks. */
  private async correct(dc: DialogContext, state: RequestDialogState, draft: DraftRecord<DraftContent>, last: Answered | undefined, holder: QuestionKey | undefined, correction: Correction): Promise<DialogTurnResult> {
    const lastValue = last ? currentValue(draft.content, last.key) : undefined;
    const fitsLast = last && (!correction.wrong || lastValue?.toLowerCase() === correction.wrong.toLowerCase() || (!holder && ['line', 'moreLines', 'funding', 'moreFunding'].includes(last.key)));
    if (fitsLast) return this.applyCorrection(dc, state, draft, last.key, correction.meant, last);
    if (holder) return this.applyCorrection(dc, state, draft, holder, correction.meant);
    // "not Y" names nothing saved: ask rather than guess which answer is meant.
    state.pendingCorrection = { key: last!.key, text: correction.meant };
    const label = fieldLabel(last!.key);
    await dc.context.sendActivity(
      MessageFactory.suggestedActions(['yes', 'no'], `I have no answer "${correction.wrong!.slice(0, 80)}". Do you want "${correction.meant.slice(0, 120)}" as the ${label}${lastValue ? ` (now "${lastValue.slice(0, 80)}")` : ''}? Say **yes**, or **no** to leave it; \`change <field>\` changes any other answer.`),
    );
    return Dialog.EndOfTurn;
  }

  private async applyCorrection(dc: DialogContext, state: RequestDialogState, draft: DraftRecord<DraftContent>, target: QuestionKey, meant: string, entry?: Answered): Promise<DialogTurnResult> {
    const context = dc.context;
    let content = draft.content;
    let key = target;
    // A change or funding source re-described replaces what that answer added.
    if ((target === 'line' || target === 'moreLines') && entry) {
      content = { ...content, lines: content.lines.slice(0, entry.lines) };
      key = content.lines.length ? 'moreLines' : 'line';
    } else if ((target === 'funding' || target === 'moreFunding') && entry) {
      content = { ...content, funding: content.funding.slice(0, entry.funding) };
      key = content.funding.length ? 'moreFunding' : 'funding';
    }
    const outcome = await this.saveAnswer(context, { ...draft, content }, key, { text: meant });
    if (outcome === 'gone') return this.gone(dc);
    if (outcome === 'conflict') {
      await context.sendActivity(`${new DraftConflictError().message} Here is the latest version.`);
      return this.askNext(dc, state);
    }
    if (!('saved' in outcome)) {
      await context.sendActivity(`I could not use "${meant.slice(0, 120)}" as the ${fieldLabel(target)}: ${outcome.invalid}`);
      return this.askNext(dc, state, draft);
    }
    const value = currentValue(outcome.saved.content, key);
    await context.sendActivity(`Changed the ${fieldLabel(target)}${value ? ` to "${value.slice(0, 200)}"` : ''}.${outcome.reply ? `\n\n${outcome.reply}` : ''}`);
    if (state.asked && currentValue(outcome.saved.content, state.asked) !== undefined && state.asked !== state.focus) state.asked = undefined;
    return this.askNext(dc, state, outcome.saved);
  }

  /** The previous question again, its saved answer shown and replaceable. */
  private async back(dc: DialogContext, state: RequestDialogState, draft: DraftRecord<DraftContent>, current: QuestionKey): Promise<DialogTurnResult> {
    const step = previousAnswer(state.history ?? [], !!state.focus, draft.content, current);
    state.history = step.history;
    if (step.note) await dc.context.sendActivity(step.note);
    if (step.key) state.asked = step.key;
    await this.ask(dc.context, draft, question(step.key ?? current, draft.content));
    return Dialog.EndOfTurn;
  }

  private async askAgain(context: TurnContext, draft: DraftRecord<DraftContent>, key: QuestionKey, message: string, kept: Answer): Promise<void> {
    const typed = kept.text ? ` (you typed "${kept.text.slice(0, 120)}")` : '';
    await this.ask(context, draft, question(key, draft.content), `${message}${typed}`);
  }

  private async finish(dc: DialogContext, draft: DraftRecord<DraftContent>): Promise<DialogTurnResult> {
    await sendSummary(this.chat, dc.context, this.service, draft);
    return dc.endDialog();
  }
}

/** Two question keys one form answers (a change's fields, or a new change / funding source). */
function sameForm(a: QuestionKey, b: QuestionKey): boolean {
  const form = (k: QuestionKey) => (k.startsWith('lineField:') ? `line${k.split(':')[1]}` : k === 'line' || k === 'moreLines' ? 'newLine' : k === 'funding' || k === 'moreFunding' ? 'funding' : k);
  return form(a) === form(b);
}

function ownerOf(context: TurnContext) {
  const sender = activitySender(context.activity);
  if (!sender) throw new Error('No sender on the activity');
  return RequestService.owner(sender);
}
