import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
// Not the package's index, which also loads every prompt and the text recognizers (see message-router.ts).
import { Dialog, type DialogInstance, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { z } from 'zod';
import { changeLineFormCard } from '../cards/change-line-form';
import { fundingFormCard } from '../cards/funding-form';
import { answer, nextQuestion, question, type Answer, type Question, type QuestionKey } from '../domain/questionnaire';
import { describeLine } from '../domain/quick-entry';
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

interface RequestDialogState extends RequestDialogOptions {
  asked?: QuestionKey;
  /** The draft's etag when this dialogue last read or saved it (see DraftRepository.get). */
  etag?: string;
}

const FormValue = z.record(z.string(), z.union([z.string(), z.number()]).transform(String).optional());
const LEAVE = /^(cancel|stop|save|later|save for later|pause|quit|exit)$/i;

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
    const result = answer(draft.content, key, input, { payTable: this.service.settings.payTable, requesterName: activitySender(context.activity)?.name ?? '' });
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
    const text = error ? `${error}\n\n${q.text}` : q.text;
    const message = q.choices ? MessageFactory.suggestedActions(q.choices, text) : MessageFactory.text(text);
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
