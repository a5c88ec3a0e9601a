import type { PersonKey } from '../../domain/person';
import { CardFactory, type TurnContext } from 'botbuilder';
import { draftNoticeCard, type DraftNoticeData } from '../../cards/draft-notice';
import type { RequestSummaryCardData } from '../../cards/request-summary';
import { md, TOKENS } from '../../cards/render';
import type { RequestContent } from '../../domain/request';
import type { DraftRecord } from '../../storage/draft-repository';
import type { RequestService } from '../../app/request-service';
import { renderRequestSummary } from '../views/request-summary-view';
import { turnLog } from '../turn-log';
import type { OfficerChat } from './officer-chat';
import { checksFor } from '../../app/request-rules';
import { activityTenantId } from '../actor';

export type Banner = NonNullable<RequestSummaryCardData['banner']>;
type Draft = DraftRecord<RequestContent>;

/** Summary cards a chat keeps track of; older entries are forgotten (their cards still refresh). */
const TRACKED = 20;

const titleOf = (draft: Pick<Draft, 'content'>) => draft.content.title ?? 'Untitled draft';

/**
 * The live summary of a draft: its buttons carry the draft's revision, and Teams refreshes
 * it whenever the officer looks at it, so an older copy shows itself superseded.
 */
export async function liveSummary(
  context: TurnContext,
  service: RequestService,
  draft: Draft,
  show: { banner?: Banner; confirmDiscard?: boolean } = {},
): Promise<object> {
  const officer = context.activity.from?.id;
  const checks = await checksFor(service.settings, activityTenantId(context.activity) ?? '');
  return renderRequestSummary(draft.content, {
    key: draft.draftId,
    version: draft.revision,
    statusLabel: draft.resubmits ? `Revising ${draft.resubmits}` : 'Draft',
    editable: true,
    discardable: true,
    checks,
    banner: show.banner ?? null,
    confirmDiscard: show.confirmDiscard ?? false,
    refreshUserIds: officer && TOKENS.teamsUserId.test(officer) ? [officer] : [],
  });
}

/** The summary as it was submitted: no buttons. */
export async function submittedSummary(service: RequestService, draft: Draft, reference: string, tenantId: string): Promise<object> {
  const checks = await checksFor(service.settings, tenantId);
  return renderRequestSummary(draft.content, {
    key: draft.draftId,
    version: draft.revision,
    statusLabel: `Submitted as ${reference}`,
    editable: false,
    discardable: false,
    checks,
    banner: { text: `Submitted as ${reference}. Type status ${reference} at any time.`, style: 'good' },
    confirmDiscard: false,
    refreshUserIds: [],
  });
}

const NOTICES = {
  superseded: (title: string) => ({
    title,
    statusLabel: 'Superseded',
    statusColor: 'Default',
    text: md`
This summary is out of date: the draft has changed since. The latest summary is further down; type **continue** to carry on.
    `,
  }),
  submitted: (title: string, reference?: string) => ({
    title,
    statusLabel: 'Submitted',
    statusColor: 'Good',
    text: reference
      ? md`This draft was submitted as ${reference}. Type **status ${reference}** to see where it is.`
      : md`
This draft was submitted. Type **my requests** to see where it is.
        `,
  }),
  discarded: (title: string) => ({
    title,
    statusLabel: 'Discarded',
    statusColor: 'Default',
    text: md`
This draft was discarded. Type **new request** to start another.
    `,
  }),
  gone: () => ({
    title: 'A draft',
    statusLabel: 'Closed',
    statusColor: 'Default',
    text: md`
This draft no longer exists. Type **my requests** to see your drafts and requests.
    `,
  }),
} satisfies Record<string, (title: string, reference?: string) => DraftNoticeData>;

export function noticeCard(kind: keyof typeof NOTICES, title = 'A draft', reference?: string): object {
  return draftNoticeCard.render(NOTICES[kind](title.slice(0, 200), reference));
}

/** The card for a draft that is no longer there: submitted (with its reference), discarded, or unknown. */
export async function closedDraftCard(service: RequestService, owner: PersonKey, draftId: string): Promise<object> {
  const closed = await service.drafts.closed(owner, draftId);
  if (!closed) return noticeCard('gone');
  return closed.submittedAs ? noticeCard('submitted', 'Submitted draft', closed.submittedAs) : noticeCard('discarded', 'Discarded draft');
}

/** Sends a draft's summary as a new message; it becomes the draft's live summary in this chat. */
export async function sendSummary(
  chat: OfficerChat,
  context: TurnContext,
  service: RequestService,
  draft: Draft,
  show: { banner?: Banner } = {},
): Promise<void> {
  const sent = await context.sendActivity({ attachments: [CardFactory.adaptiveCard(await liveSummary(context, service, draft, show))] });
  if (sent?.id) await makeLive(chat, context, draft, sent.id);
}

/**
 * `activityId` is now the draft's one live summary in this chat: the one before it is
 * updated to say it is superseded, so no two cards offer buttons on different versions.
 */
export async function makeLive(chat: OfficerChat, context: TurnContext, draft: Pick<Draft, 'draftId' | 'content'>, activityId: string): Promise<void> {
  const cards = { ...(await chat.summaryCards.get(context, {})) };
  const previous = cards[draft.draftId];
  delete cards[draft.draftId];
  cards[draft.draftId] = activityId;
  await chat.summaryCards.set(context, Object.fromEntries(Object.entries(cards).slice(-TRACKED)));
  if (previous && previous !== activityId) await replaceCard(context, previous, noticeCard('superseded', titleOf(draft)));
}

/** The draft was submitted or discarded: its live summary (unless that is the card clicked) says so. */
export async function closeSummary(chat: OfficerChat, context: TurnContext, draftId: string, card: object, clicked?: string): Promise<void> {
  const cards = { ...(await chat.summaryCards.get(context, {})) };
  const live = cards[draftId];
  if (!live) return;
  delete cards[draftId];
  await chat.summaryCards.set(context, cards);
  if (live !== clicked) await replaceCard(context, live, card);
}

/** Best effort: a card that cannot be updated (deleted, too old) still refreshes itself when seen. */
async function replaceCard(context: TurnContext, activityId: string, card: object): Promise<void> {
  try {
    await context.updateActivity({ id: activityId, type: 'message', attachments: [CardFactory.adaptiveCard(card)] });
  } catch (err) {
    // The card's refresh and its version check cover what an update could not.
    turnLog(context)?.warn({ event: 'summary.update_failed', err }, 'could not update an earlier summary card');
  }
}
