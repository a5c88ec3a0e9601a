import type { InvokeResponse } from 'botbuilder';
import { z } from 'zod';
import { Verbs, type RequestVerb as Verb } from '../../cards/verbs';
import { availableActions, DISCIPLINES, isSamePerson, type Person, type Command, type Discipline, type Rules } from '../../domain/lifecycle';
import { visibility, type Surface } from '../../domain/access';
import { surfaceOf } from '../surface';
import { parseReference } from '../../domain/reference';
import type { RequestCardData } from '../../cards/request-card';
import type { ActResult, WorkflowService } from '../../app/workflow-service';
import { cardAction, type CardActionContext, type CardActionHandler } from './card-action-router';
import { cardResponse, errorResponse, messageResponse, type AdaptiveCardInvokeBody } from './invoke-response';
import type { RequestContent } from '../../domain/request';
import { declared, standAside } from './interest-inputs';
import type { WorkflowState } from '../../domain/lifecycle';
import type { StoredRequest } from '../../storage/request-store';
import { isStorageUnavailable } from '../../storage/errors';

/**
 * Card data: only the reference and the version the card showed are read; the inputs a
 * card has are the only other keys allowed. Status, approvers or amounts sent back by a
 * tampered card are refused as unknown keys, never read.
 */
const text = z.string().max(4000).optional();
export const WorkflowActionData = z.strictObject({
  reference: z.string().max(40),
  version: z.union([
    z.number().int().min(1).max(1_000_000),
    z
      .string()
      .regex(/^\d{1,7}$/)
      .transform(Number),
  ]),
  commentText: text,
  returnReason: text,
  approveReasons: text,
  rejectReasons: text,
  committeeResolution: z.enum(['approve', 'reject', 'return', '']).optional(),
  committeeMinute: text,
  callInGrounds: text,
  referBackReason: text,
  referToCouncilReason: text,
  // The decision maker's declaration of interests, and democratic services' forward plan exception.
  decisionInterest: z.enum(['none', 'declared', 'prejudicial', '']).optional(),
  interestNature: text,
  interestDispensation: text,
  exceptionRoute: z.enum(['general_exception', 'special_urgency', '']).optional(),
  exceptionReasons: text,
  exceptionChair: text,
});
type Data = z.infer<typeof WorkflowActionData>;

type Stored = StoredRequest<RequestContent, WorkflowState>;
type Loaded = { stored: Stored; actor: Person; rules: Rules };

/**
 * Renders the card a viewer may see on a surface (domain/access.ts decides): the request
 * card, the public summary, or nothing at all (undefined).
 */
export interface WorkflowCardRenderer {
  (
    stored: Stored,
    viewer: Person,
    options: { rules: Rules; surface: Surface; banner?: RequestCardData['banner']; inputs?: Record<string, string | undefined> },
  ): Promise<object | undefined>;
}

/** What each verb asks the core to do, from the card's inputs. */
const VERB_COMMANDS: Record<Exclude<Verb, typeof Verbs.refresh>, (d: Data, stored: Stored, actor: Person, now: Date, rules: Rules) => Command> = {
  [Verbs.comment]: (d, stored, actor, now, rules) => ({
    type: 'add_comment',
    expectedVersion: d.version,
    // Which discipline is the sender's is read from the request, never from the card.
    discipline: availableActions(stored.workflow, actor, now, rules).find((a) => a.type === 'add_comment')?.discipline ?? commentDiscipline(stored, actor),
    text: d.commentText ?? '',
  }),
  [Verbs.returnForChanges]: (d) => ({ type: 'return_for_changes', expectedVersion: d.version, reason: d.returnReason ?? '' }),
  [Verbs.approve]: (d) =>
    standAside(d) ?? { type: 'approve', expectedVersion: d.version, ...(d.approveReasons?.trim() ? { reasons: d.approveReasons.trim() } : {}), ...declared(d) },
  [Verbs.reject]: (d) => standAside(d) ?? { type: 'reject', expectedVersion: d.version, reasons: d.rejectReasons ?? '', ...declared(d) },
  [Verbs.recordCommittee]: (d) =>
    (d.committeeResolution !== 'return' ? standAside(d) : undefined) ?? {
      type: 'record_committee_resolution',
      expectedVersion: d.version,
      resolution: d.committeeResolution || 'approve',
      minute: d.committeeResolution ? (d.committeeMinute ?? '') : '',
      ...declared(d),
    },
  [Verbs.forwardPlanException]: (d) => ({
    type: 'record_forward_plan_exception',
    expectedVersion: d.version,
    route: d.exceptionRoute || 'general_exception',
    reasons: d.exceptionReasons ?? '',
    chair: d.exceptionChair ?? '',
  }),
  [Verbs.callIn]: (d) => ({ type: 'call_in', expectedVersion: d.version, grounds: d.callInGrounds ?? '' }),
  [Verbs.release]: (d) => ({ type: 'release', expectedVersion: d.version }),
  [Verbs.referBack]: (d) => ({ type: 'refer_back', expectedVersion: d.version, reason: d.referBackReason ?? '' }),
  [Verbs.referToCouncil]: (d) => ({ type: 'refer_to_council', expectedVersion: d.version, reason: d.referToCouncilReason ?? '' }),
};

/** The sender's own discipline on the request, when the core offers them no comment (to say why). */
function commentDiscipline(stored: Stored, actor: Person): Discipline {
  const a = stored.workflow.approvers;
  return DISCIPLINES.find((d) => a && isSamePerson(a[d], actor)) ?? 'finance';
}

const DONE_TEXT: Record<Command['type'], string> = {
  submit: 'Submitted.',
  start_review: 'Sent for review.',
  withdraw: 'Withdrawn.',
  add_comment: 'Your comment is recorded. The requester has been told.',
  return_for_changes: 'Returned to the requester for changes.',
  resubmit: 'Resubmitted.',
  approve: 'You approved this request. The requester has been told.',
  reject: 'You rejected this request. The requester has been told, with your reasons.',
  record_committee_resolution: "The committee's resolution is recorded.",
  declare_interest: 'Your declaration of a prejudicial interest is recorded: the decision has passed to the alternate decision maker.',
  record_forward_plan_exception: 'The forward plan exception is recorded. The requester has been told.',
  publish: 'Published.',
  call_in: 'Your call-in request is recorded.',
  end_call_in_period: 'The call-in period has ended.',
  release: 'Released: the decision can now be implemented.',
  refer_back: 'Referred back to the decision maker.',
  refer_to_council: 'Referred to full Council.',
  reassign: 'Reassigned: the new holder has the card, and the requester has been told.',
};

/** Refusals after which what the person typed is put back into the card. */
const KEEP_TYPED: ReadonlySet<string> = new Set(['REASON_REQUIRED', 'INTEREST_REQUIRED', 'BUSY']);

const NOT_READ = 'The request could not be read just now: storage is not answering. Nothing was changed. Please try again in a moment.';
const NOT_CONFIRMED = 'Storage stopped answering, so this may not have been saved. Please try again in a moment.';

/** What the person typed into the card's inputs, to show again. */
const typedInputs = (data: Data) => ({ ...data, reference: undefined, version: undefined }) as Record<string, string | undefined>;

/** The Action.Execute handlers of the request card, one per verb. */
export function workflowActionHandlers(
  workflow: WorkflowService,
  render: WorkflowCardRenderer,
  audit: (stored: Stored, entry: object) => Promise<void>,
): CardActionHandler[] {
  const notVisible = () => errorResponse(404, 'NOT_FOUND', "That request isn't one you can see. Nothing was changed.");

  /**
   * The request, the sender and the rules (read once per click), or the answer to give.
   * Every verb and trigger comes through here: someone the access policy shows nothing of
   * the request on this surface learns nothing, whatever the card sent.
   */
  const load = async (ctx: CardActionContext, data: Data, verb: Verb): Promise<Loaded | InvokeResponse<AdaptiveCardInvokeBody>> => {
    const reference = parseReference(data.reference);
    if (!reference) return errorResponse(400, 'BAD_REFERENCE', 'The card names a request reference that is not valid. Nothing was changed.');
    const found = await workflow.load(reference, ctx.sender.tenantId);
    if (!found) return notVisible();
    const actor: Person = { tenantId: ctx.sender.tenantId, aadObjectId: ctx.sender.aadObjectId, name: ctx.sender.name };
    if (visibility(found.stored.workflow, actor, surfaceOf(ctx.turn.activity), workflow.now(), found.rules) === 'none') {
      // A click (not a refresh) by someone with no part in it is kept on the request's record.
      if (verb !== Verbs.refresh && ctx.trigger === 'manual') {
        ctx.log.warn({ event: 'workflow.refused', verb, reference, code: 'NOT_ALLOWED' }, 'card action by someone who may not see the request');
        await audit(found.stored, {
          refused: 'NOT_ALLOWED',
          verb,
          actor,
          at: workflow.now().toISOString(),
          version: found.stored.workflow.version,
          correlationId: correlationOf(ctx),
        });
      }
      return notVisible();
    }
    return { ...found, actor };
  };
  /** The card for the clicker, or "not visible" when the policy shows them nothing. */
  const answer = async (card: object | undefined) => (card ? cardResponse(card) : notVisible());

  /**
   * Storage did not answer (table-service.ts gives up within seconds): say so now, as Teams
   * waits only briefly for an invoke, on the card as last read when there is one.
   */
  const storageDown = async (
    ctx: CardActionContext,
    verb: Verb,
    data: Data,
    error: unknown,
    loaded?: Loaded,
  ): Promise<InvokeResponse<AdaptiveCardInvokeBody>> => {
    if (!isStorageUnavailable(error)) throw error;
    ctx.log.warn({ event: 'workflow.storage_unavailable', verb, reference: loaded?.stored.reference, err: error }, 'storage did not answer a card action');
    if (!loaded) return errorResponse(503, 'STORAGE_UNAVAILABLE', NOT_READ);
    const surface = surfaceOf(ctx.turn.activity);
    if (surface !== 'personal') return messageResponse(NOT_CONFIRMED);
    return answer(
      await render(loaded.stored, loaded.actor, {
        rules: loaded.rules,
        surface,
        banner: { text: NOT_CONFIRMED, style: 'attention' },
        inputs: typedInputs(data),
      }),
    );
  };

  const refresh = cardAction({
    verb: Verbs.refresh,
    data: WorkflowActionData,
    async handle(ctx, data) {
      try {
        const loaded = await load(ctx, data, Verbs.refresh);
        if ('status' in loaded) return loaded;
        const { stored, actor, rules } = loaded;
        // A refresh only ever reads: it shows what this viewer may see on this surface.
        return answer(await render(stored, actor, { rules, surface: surfaceOf(ctx.turn.activity) }));
      } catch (error) {
        return storageDown(ctx, Verbs.refresh, data, error);
      }
    },
  });

  const acting = (Object.keys(VERB_COMMANDS) as Array<keyof typeof VERB_COMMANDS>).map((verb) =>
    cardAction({
      verb,
      data: WorkflowActionData,
      async handle(ctx, data) {
        let loaded: Loaded | undefined;
        try {
          const found = await load(ctx, data, verb);
          if ('status' in found) return found;
          loaded = found;
          const { stored, actor, rules } = found;
          const surface = surfaceOf(ctx.turn.activity);
          const show = async (current: Stored, extra: { banner?: RequestCardData['banner']; inputs?: Record<string, string | undefined> } = {}) =>
            answer(await render(current, actor, { rules, surface, ...extra }));
          // Teams only refreshes automatically; an automatic "action" never changes state.
          if (ctx.trigger === 'automatic') return show(stored);
          const command = VERB_COMMANDS[verb](data, stored, actor, workflow.now(), rules);
          const result: ActResult = await workflow.act(actor, stored.reference, command, { correlationId: correlationOf(ctx), rules, stored });
          if (result.ok) {
            ctx.log.info(
              { event: 'workflow.transition', verb, reference: stored.reference, to: result.stored.workflow.status, version: result.stored.workflow.version },
              'request changed',
            );
            // Done, and no longer theirs to see (scrutiny referring a decision back): say so in words.
            const after = await render(result.stored, actor, { rules, surface, banner: { text: DONE_TEXT[command.type], style: 'good' } });
            return after ? cardResponse(after) : messageResponse(DONE_TEXT[command.type]);
          }
          ctx.log.warn({ event: 'workflow.refused', verb, reference: stored.reference, code: result.code }, 'card action refused');
          const current = result.stored ?? stored;
          if (result.code === 'NOT_ALLOWED' || result.code === 'SELF_APPROVAL' || result.code === 'CONFLICT_OF_ROLES') {
            await audit(current, {
              refused: result.code,
              action: command.type,
              actor,
              at: workflow.now().toISOString(),
              version: current.workflow.version,
              correlationId: correlationOf(ctx),
            });
            if (visibility(current.workflow, actor, surface, workflow.now(), rules) === 'none')
              return errorResponse(403, result.code, `${result.message} Nothing was changed.`);
          }
          if (result.code === 'NOT_FOUND') return notVisible();
          // The channel card has no banner: say why in a message and leave the card as it is.
          if (surface !== 'personal') return messageResponse(result.message);
          // Refused but allowed to see it: the current card, with why, and what they typed kept.
          const keep = KEEP_TYPED.has(result.code) ? typedInputs(data) : {};
          return show(current, {
            banner: { text: result.message, style: KEEP_TYPED.has(result.code) && result.code !== 'BUSY' ? 'warning' : 'attention' },
            inputs: keep,
          });
        } catch (error) {
          return storageDown(ctx, verb, data, error, loaded);
        }
      },
    }),
  );
  return [refresh, ...acting];
}

function correlationOf(ctx: CardActionContext): string | undefined {
  const id = (ctx.turn.turnState.get('correlationId') as unknown) ?? undefined;
  return typeof id === 'string' ? id : undefined;
}
