import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
// Not the package's index, which also loads every prompt and the text recognizers (see message-router.ts).
import { Dialog, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { z } from 'zod';
import { changeLineFormCard } from '../cards/change-line-form';
import { fundingFormCard } from '../cards/funding-form';
import { answer, nextQuestion, question, type Answer, type Question, type QuestionKey } from '../domain/questionnaire';
import { CHANGEABLE, changeTarget, currentValue, fieldLabel, keyHolding, parseCorrection, previousInOrder, takesNo, type Correction } from '../domain/corrections';
import { londonDate } from '../domain/calendar-date';
import { DEFAULT_FULL_TIME_HOURS, describeLine } from '../domain/quick-entry';
import type { DraftContent } from '../domain/request';
import { activitySender } from '../bot/actor';
import { typedText } from '../bot/conversation-text';
import { RequestService } from '../bot/requests/request-service';
import { renderRequestSummary } from '../bot/views/request-summary-view';
import { DraftConflictError, NotFoundError, type DraftRecord } from '../storage/request-repository';

export const REQUEST_DIALOG = 'requestDialog';

export interface RequestDialogOptions {
  draftId: string;
  /** Ask just this question (an edit from the summary), then show the summary again. */
  focus?: QuestionKey;
}

/** A question answered in this dialogue, with how many changes and funding sources the draft had before. */
interface Answered {
  key: QuestionKey;
  lines: number;
  funding: number;
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

const FormValue = z.record(z.string(), z.union([z.string(), z.number()]).transform(String).optional());
/** Stopping for now: the router asks about `cancel` (keep or discard); these just stop. */
const LEAVE = /^(save|later|save for later|pause)$/i;
const BACK = /^(go\s+)?back$/i;
const KEEP = /^(keep|keep it|keep that|leave it|unchanged|no change)$/i;
const YES = /^(y|yes|yep|yeah|correct|that's right|ok|okay)\b/i;
const NO = /^(n|no|nope)\b/i;
/** Full-time hours a week for hours-based FTE, until the council can set its own. */
export const FULL_TIME_HOURS = DEFAULT_FULL_TIME_HOURS;
/** Questions whose answer is free text: "change of hours …" typed there is an answer, not `change`. */
const FREE_TEXT = (key: QuestionKey) => ['title', 'line', 'moreLines'].includes(key) || key.startsWith('section:') || /:(jobTitle|description)$/.test(key);

/**
 * Raising a request, one question at a time. The draft in Table Storage is the truth:
 * each answer is validated, saved at once, and the next question is worked out from the
 * saved draft, so a restart or a reply days later carries on where the officer was.
 */
export class RequestDialog extends Dialog<RequestDialogOptions> {
  constructor(private readonly service: RequestService) {
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
    const text = typedText(context);
    if (LEAVE.test(text)) {
      await context.sendActivity('Your draft is saved. Type **continue** to carry on, today or another day.');
      return dc.endDialog();
    }
    const draft = await this.load(context, state);
    if (!draft) return dc.endDialog();
    const key = state.asked ?? state.focus ?? nextQuestion(draft.content)?.key;
    if (!key) return this.finish(dc, draft);

    const form = FormValue.safeParse(context.activity.value);
    const input: Answer = form.success && context.activity.value ? { form: form.data } : { text };
    if (!input.form) {
      const handled = await this.correcting(dc, state, draft, key, text);
      if (handled) return handled;
    }
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
    const { saved, reply } = outcome;
    if (reply) await context.sendActivity(reply);
    state.history = [...(state.history ?? []), { key, lines: draft.content.lines.length, funding: draft.content.funding.length }].slice(-40);
    state.asked = undefined;
    if (state.focus && key === state.focus) {
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

  /** Applies the answer to `draft` and saves it over the version read. */
  private async saveAnswer(context: TurnContext, draft: DraftRecord<DraftContent>, key: QuestionKey, input: Answer): Promise<{ saved: DraftRecord<DraftContent>; reply?: string } | { invalid: string; draft: DraftRecord<DraftContent> } | 'conflict' | 'gone'> {
    const result = answer(draft.content, key, input, {
      payTable: this.service.settings.payTable,
      fullTimeHours: FULL_TIME_HOURS,
      today: londonDate(this.service.workflow.now()),
      requesterName: activitySender(context.activity)?.name ?? '',
    });
    if (!result.ok) return { invalid: result.message, draft };
    try {
      return { saved: await this.service.drafts.save(ownerOf(context), draft, result.draft), reply: result.reply };
    } catch (e) {
      if (e instanceof DraftConflictError) return 'conflict';
      if (e instanceof NotFoundError) return 'gone';
      throw e;
    }
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

  private async ask(context: TurnContext, draft: DraftRecord<DraftContent>, q: Question, error = '', kept?: Answer): Promise<void> {
    const showForm = q.form && (q.key === 'line' || q.key === 'funding' || kept?.form);
    // Asked again (back, change, Edit on the summary): the saved answer is shown, and kept if wanted.
    const now = currentValue(draft.content, q.key);
    const asked = now === undefined ? q.text : `Now: **${now.slice(0, 300)}**. Type a new answer, or **keep** to leave it.\n\n${q.text}`;
    const text = error ? `${error}\n\n${asked}` : asked;
    const choices = now === undefined ? q.choices : [...(q.choices ?? []), 'keep'];
    const message = choices ? MessageFactory.suggestedActions(choices, text) : MessageFactory.text(text);
    await context.sendActivity(message);
    if (showForm && q.form?.kind === 'line') {
      const existing = draft.content.lines[q.form.lineIndex];
      const f = kept?.form ?? {};
      await context.sendActivity({
        attachments: [
          CardFactory.adaptiveCard(
            changeLineFormCard.render({
              heading: existing ? `Change ${q.form.lineIndex + 1}: ${describeLine(existing)}` : 'Describe a change',
              error: kept?.form ? error : '',
              kind: f.kind ?? existing?.kind ?? 'establish',
              fte: f.fte ?? '',
              jobTitle: f.jobTitle ?? '',
              grade: f.grade ?? '',
              scp: f.scp ?? '',
              cost: f.cost ?? '',
              previousCost: f.previousCost ?? '',
              term: f.term ?? '',
              effectiveDate: f.effectiveDate ?? '',
              draftKey: draft.draftId,
              lineIndex: String(q.form.lineIndex),
            }),
          ),
        ],
      });
    } else if (showForm && q.form?.kind === 'funding') {
      const f = kept?.form ?? {};
      await context.sendActivity({
        attachments: [
          CardFactory.adaptiveCard(
            fundingFormCard.render({ heading: 'Add a funding source', hint: 'One source at a time; the amount is per year.', error: kept?.form ? error : '', kind: f.kind ?? 'existing_budget', description: f.description ?? '', amount: f.amount ?? '', draftKey: draft.draftId }),
          ),
        ],
      });
    }
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
    const history = [...(state.history ?? [])];
    let previous = history.pop();
    const gone = (k: QuestionKey) => k.startsWith('lineField:') && Number(k.split(':')[1]) >= draft.content.lines.length;
    while (previous && (previous.key === current || gone(previous.key))) previous = history.pop();
    state.history = history;
    // No answers in this conversation yet (after continue or a restart): the question before in the questionnaire.
    if (!previous && !(state.history.length || state.focus)) {
      const before = previousInOrder(draft.content, current);
      if (before) previous = { key: before, lines: draft.content.lines.length, funding: draft.content.funding.length };
    }
    if (!previous) {
      await dc.context.sendActivity('There is no earlier answer in this conversation to go back to. Type `change <field>` to change any answer, e.g. `change service`.');
      await this.ask(dc.context, draft, question(current, draft.content));
      return Dialog.EndOfTurn;
    }
    let key = previous.key;
    if (key === 'line' || key === 'moreLines') key = draft.content.lines.length ? 'moreLines' : 'line';
    if (key === 'funding' || key === 'moreFunding') key = draft.content.funding.length ? 'moreFunding' : 'funding';
    if (key === 'moreLines' || key === 'moreFunding') {
      const what = key === 'moreLines' ? 'a change: `change fte of change 1` (or job title, grade, cost, term, start date), or **Remove** on the summary card' : 'a funding source: "sorry, I meant …" right after adding it, or **Edit** on the summary card';
      await dc.context.sendActivity(`Here is what you have so far. To correct ${what}.`);
    }
    state.asked = key;
    await this.ask(dc.context, draft, question(key, draft.content));
    return Dialog.EndOfTurn;
  }

  private async askAgain(context: TurnContext, draft: DraftRecord<DraftContent>, key: QuestionKey, message: string, kept: Answer): Promise<void> {
    const typed = kept.text ? ` (you typed "${kept.text.slice(0, 120)}")` : '';
    await this.ask(context, draft, question(key, draft.content), `${message}${kept.form ? '' : typed}`, kept);
  }

  private async finish(dc: DialogContext, draft: DraftRecord<DraftContent>): Promise<DialogTurnResult> {
    await sendDraftSummary(dc.context, this.service, draft);
    return dc.endDialog();
  }
}

function ownerOf(context: TurnContext) {
  const sender = activitySender(context.activity);
  if (!sender) throw new Error('No sender on the activity');
  return RequestService.owner(sender);
}

export async function sendDraftSummary(context: TurnContext, service: RequestService, draft: DraftRecord<DraftContent>): Promise<void> {
  const card = renderRequestSummary(draft.content, { key: draft.draftId, version: 0, statusLabel: 'Draft', editable: true, discardable: true, checks: service.settings.checks });
  await context.sendActivity({ attachments: [CardFactory.adaptiveCard(card)] });
}
