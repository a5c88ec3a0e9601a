import { personKey } from '../../domain/person';
import { CardFactory, type TurnContext } from 'botbuilder';
// Not the package's index, which also loads every prompt and the text recognizers (see officer-chat.ts).
import { Dialog, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { nextQuestion, question, type Answer, type Question, type QuestionKey } from '../../domain/questionnaire';
import type { RequestContent } from '../../domain/request';
import { activitySender } from '../actor';
import { typedText } from '../conversation-text';
import { RequestService } from '../../app/request-service';
import { DraftConflictError, type DraftRecord } from '../../storage/draft-repository';
import { askQuestion } from './ask-question';
import { directorateQuestion } from '../../domain/directorate-question';
import { councilDirectorates } from './save-answer';
import { correcting } from './corrections-step';
import { previousAnswer, type Answered } from './dialogue-history';
import type { OfficerChat } from './officer-chat';
import { saveAnswer, type SaveOutcome } from './save-answer';
import { sendSummary } from './summary-cards';
import { understoodReply } from './understood-reply';

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
  saved: DraftRecord<RequestContent>;
}
const FORM_ANSWERED = Symbol('formAnswered');

/** The dialogue on the form's draft moves on from what the form saved. */
export function carryOnAfterForm(dc: DialogContext, answered: FormAnswered): Promise<DialogTurnResult> {
  dc.context.turnState.set(FORM_ANSWERED, answered);
  return dc.continueDialog();
}

export interface RequestDialogState extends RequestDialogOptions {
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

/**
 * Raising a request, one question at a time. The draft in Table Storage is the truth:
 * each answer is validated, saved at once, and the next question is worked out from the
 * saved draft, so a restart or a reply days later carries on where the officer was.
 */
/** The dialogue's own steps, which a correction (corrections-step.ts) goes on with. */
export interface DialogueSteps {
  askNext(dc: DialogContext, state: RequestDialogState, loaded?: DraftRecord<RequestContent>): Promise<DialogTurnResult>;
  ask(context: TurnContext, draft: DraftRecord<RequestContent>, q: Question, error?: string): Promise<void>;
  saveAnswer(context: TurnContext, draft: DraftRecord<RequestContent>, key: QuestionKey, input: Answer): Promise<SaveOutcome>;
  gone(dc: DialogContext): Promise<DialogTurnResult>;
  back(dc: DialogContext, state: RequestDialogState, draft: DraftRecord<RequestContent>, current: QuestionKey): Promise<DialogTurnResult>;
  finish(dc: DialogContext, draft: DraftRecord<RequestContent>): Promise<DialogTurnResult>;
}

export class RequestDialog extends Dialog<RequestDialogOptions> {
  private readonly steps: DialogueSteps = {
    askNext: (dc, state, loaded) => this.askNext(dc, state, loaded),
    ask: (context, draft, q, error) => this.ask(context, draft, q, error),
    saveAnswer: (context, draft, key, input) => this.saveAnswer(context, draft, key, input),
    gone: (dc) => this.gone(dc),
    back: (dc, state, draft, current) => this.back(dc, state, draft, current),
    finish: (dc, draft) => this.finish(dc, draft),
  };

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
    const handled = await correcting(this.steps, dc, state, draft, key, text);
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
    if (outcome.understood) await context.sendActivity({ attachments: [CardFactory.adaptiveCard(understoodReply(outcome.understood, outcome.saved))] });
    else if (outcome.reply) await context.sendActivity(outcome.reply);
    return this.answered(dc, state, key, { lines: draft.content.lines.length, funding: draft.content.funding.length }, outcome.saved);
  }

  /** `key` was answered and saved (typed here, or by a form): on to the next question. */
  private answered(
    dc: DialogContext,
    state: RequestDialogState,
    key: QuestionKey,
    before: FormAnswered['before'],
    saved: DraftRecord<RequestContent>,
  ): Promise<DialogTurnResult> {
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

  private saveAnswer(context: TurnContext, draft: DraftRecord<RequestContent>, key: QuestionKey, input: Answer): Promise<SaveOutcome> {
    return saveAnswer(this.service, ownerOf(context), activitySender(context.activity)?.name ?? '', draft, key, input, this.chat.quickEntry);
  }

  private async load(context: TurnContext, state: RequestDialogState): Promise<DraftRecord<RequestContent> | undefined> {
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

  private async askNext(dc: DialogContext, state: RequestDialogState, loaded?: DraftRecord<RequestContent>): Promise<DialogTurnResult> {
    const draft = loaded ?? (await this.load(dc.context, state));
    if (!draft) return dc.endDialog();
    state.etag = draft.etag;
    const next = state.focus ? question(state.focus, draft.content) : nextQuestion(draft.content);
    if (!next) return this.finish(dc, draft);
    state.asked = next.key;
    await this.ask(dc.context, draft, next);
    return Dialog.EndOfTurn;
  }

  private async ask(context: TurnContext, draft: DraftRecord<RequestContent>, q: Question, error = ''): Promise<void> {
    const directorates = q.key === 'directorate' ? await councilDirectorates(this.service, ownerOf(context).tenantId) : [];
    return askQuestion(context, draft, directorateQuestion(q, directorates), error);
  }

  /** The previous question again, its saved answer shown and replaceable. */
  private async back(dc: DialogContext, state: RequestDialogState, draft: DraftRecord<RequestContent>, current: QuestionKey): Promise<DialogTurnResult> {
    const step = previousAnswer(state.history ?? [], !!state.focus, draft.content, current);
    state.history = step.history;
    if (step.note) await dc.context.sendActivity(step.note);
    if (step.key) state.asked = step.key;
    await this.ask(dc.context, draft, question(step.key ?? current, draft.content));
    return Dialog.EndOfTurn;
  }

  private async askAgain(context: TurnContext, draft: DraftRecord<RequestContent>, key: QuestionKey, message: string, kept: Answer): Promise<void> {
    const typed = kept.text ? ` (you typed "${kept.text.slice(0, 120)}")` : '';
    await this.ask(context, draft, question(key, draft.content), `${message}${typed}`);
  }

  private async finish(dc: DialogContext, draft: DraftRecord<RequestContent>): Promise<DialogTurnResult> {
    await sendSummary(this.chat, dc.context, this.service, draft);
    return dc.endDialog();
  }
}

/** Two question keys one form answers (a change's fields, or a new change / funding source). */
function sameForm(a: QuestionKey, b: QuestionKey): boolean {
  const form = (k: QuestionKey) =>
    k.startsWith('lineField:')
      ? `line${k.split(':')[1]}`
      : k === 'line' || k === 'moreLines'
        ? 'newLine'
        : k === 'funding' || k === 'moreFunding'
          ? 'funding'
          : k;
  return form(a) === form(b);
}

function ownerOf(context: TurnContext) {
  const sender = activitySender(context.activity);
  if (!sender) throw new Error('No sender on the activity');
  return personKey(sender);
}
