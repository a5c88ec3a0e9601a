import { MessageFactory } from 'botbuilder';
import { Dialog, type DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { CHANGEABLE, changeTarget, currentValue, fieldLabel, keyHolding, parseCorrection, takesNo, type Correction } from '../../domain/corrections';
import { question, type QuestionKey } from '../../domain/questionnaire';
import type { RequestContent } from '../../domain/request';
import { DraftConflictError, type DraftRecord } from '../../storage/draft-repository';
import type { Answered } from './dialogue-history';
import type { DialogueSteps, RequestDialogState } from './request-dialog';

const BACK = /^(go\s+)?back$/i;
const KEEP = /^(keep|keep it|keep that|leave it|unchanged|no change)$/i;
const YES = /^(y|yes|yep|yeah|correct|that's right|ok|okay)\b/i;
const NO = /^(n|no|nope)\b/i;
/** Questions whose answer is free text: "change of hours …" typed there is an answer, not `change`. */
const FREE_TEXT = (key: QuestionKey) => ['title', 'line', 'moreLines'].includes(key) || key.startsWith('section:') || /:(jobTitle|description)$/.test(key);

/**
 * `back`, `change <field>`, `keep`, and "sorry, I meant …": handled here, never saved as
 * an answer. Returns undefined when the text is an ordinary answer.
 */
export async function correcting(
  steps: DialogueSteps,
  dc: DialogContext,
  state: RequestDialogState,
  draft: DraftRecord<RequestContent>,
  key: QuestionKey,
  text: string,
): Promise<DialogTurnResult | undefined> {
  const context = dc.context;
  const pending = state.pendingCorrection;
  state.pendingCorrection = undefined;
  if (pending && YES.test(text)) return applyCorrection(steps, dc, state, draft, pending.key, pending.text);
  if (pending && NO.test(text)) {
    await context.sendActivity(`Left the ${fieldLabel(pending.key)} as it was.`);
    return steps.askNext(dc, state, draft);
  }
  if (BACK.test(text)) return steps.back(dc, state, draft, key);
  const change = /^change\s+(.+)$/i.exec(text);
  if (change) {
    const target = changeTarget(change[1]!, draft.content);
    if (target) {
      state.asked = target;
      if (state.focus) state.focus = target;
      await steps.ask(context, draft, question(target, draft.content));
      return Dialog.EndOfTurn;
    }
    if (!FREE_TEXT(key)) {
      await context.sendActivity(`I can't tell which answer "${change[1]!.slice(0, 60)}" is. You can change: ${CHANGEABLE}.`);
      await steps.ask(context, draft, question(key, draft.content));
      return Dialog.EndOfTurn;
    }
  }
  const now = currentValue(draft.content, key);
  if (KEEP.test(text) && now !== undefined) {
    await context.sendActivity(`Kept: ${now.slice(0, 200)}.`);
    state.asked = undefined;
    if (state.focus === key) {
      state.focus = undefined;
      return steps.finish(dc, draft);
    }
    return steps.askNext(dc, state, draft);
  }
  const correction = parseCorrection(text, takesNo(key));
  if (!correction) return undefined;
  const last = state.history?.at(-1);
  const holder = correction.wrong ? keyHolding(draft.content, correction.wrong) : undefined;
  if (!last && !holder) return undefined;
  return correct(steps, dc, state, draft, last, holder, correction);
}

/** "sorry, I meant X, not Y": X replaces the answer that was Y, or else the last answer; unsure, it asks. */
async function correct(
  steps: DialogueSteps,
  dc: DialogContext,
  state: RequestDialogState,
  draft: DraftRecord<RequestContent>,
  last: Answered | undefined,
  holder: QuestionKey | undefined,
  correction: Correction,
): Promise<DialogTurnResult> {
  const lastValue = last ? currentValue(draft.content, last.key) : undefined;
  const fitsLast =
    last &&
    (!correction.wrong ||
      lastValue?.toLowerCase() === correction.wrong.toLowerCase() ||
      (!holder && ['line', 'moreLines', 'funding', 'moreFunding'].includes(last.key)));
  if (fitsLast) return applyCorrection(steps, dc, state, draft, last.key, correction.meant, last);
  if (holder) return applyCorrection(steps, dc, state, draft, holder, correction.meant);
  // "not Y" names nothing saved: ask rather than guess which answer is meant.
  state.pendingCorrection = { key: last!.key, text: correction.meant };
  const label = fieldLabel(last!.key);
  await dc.context.sendActivity(
    MessageFactory.suggestedActions(
      ['yes', 'no'],
      `I have no answer "${correction.wrong!.slice(0, 80)}". Do you want "${correction.meant.slice(0, 120)}" as the ${label}${lastValue ? ` (now "${lastValue.slice(0, 80)}")` : ''}? Say **yes**, or **no** to leave it; \`change <field>\` changes any other answer.`,
    ),
  );
  return Dialog.EndOfTurn;
}

async function applyCorrection(
  steps: DialogueSteps,
  dc: DialogContext,
  state: RequestDialogState,
  draft: DraftRecord<RequestContent>,
  target: QuestionKey,
  meant: string,
  entry?: Answered,
): Promise<DialogTurnResult> {
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
  const outcome = await steps.saveAnswer(context, { ...draft, content }, key, { text: meant });
  if (outcome === 'gone') return steps.gone(dc);
  if (outcome === 'conflict') {
    await context.sendActivity(`${new DraftConflictError().message} Here is the latest version.`);
    return steps.askNext(dc, state);
  }
  if (!('saved' in outcome)) {
    await context.sendActivity(`I could not use "${meant.slice(0, 120)}" as the ${fieldLabel(target)}: ${outcome.invalid}`);
    return steps.askNext(dc, state, draft);
  }
  const value = currentValue(outcome.saved.content, key);
  await context.sendActivity(`Changed the ${fieldLabel(target)}${value ? ` to "${value.slice(0, 200)}"` : ''}.${outcome.reply ? `\n\n${outcome.reply}` : ''}`);
  if (state.asked && currentValue(outcome.saved.content, state.asked) !== undefined && state.asked !== state.focus) state.asked = undefined;
  return steps.askNext(dc, state, outcome.saved);
}
