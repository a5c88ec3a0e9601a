import type { ConversationReference } from 'botbuilder';
import { visibility, type Surface } from '../domain/access';
import type { CheckOptions } from '../domain/checks';
import type { Person, Rules, WorkflowState } from '../domain/lifecycle';
import type { RequestContent } from '../domain/request';
import type { StoredRequest } from '../storage/request-store';
import { renderChannelCard } from './views/decision-channel-view';
import type { DocumentLink } from './views/document-views';
import { renderRequestCard, type RequestCardOptions } from './views/request-card-view';
import { checksOf } from '../app/request-rules';

type Stored = StoredRequest<RequestContent, WorkflowState>;
type Extra = Pick<RequestCardOptions, 'banner' | 'inputs'>;

export interface RequestViewDeps {
  checks: CheckOptions;
  now(): Date;
  /** A person's stored 1:1 conversation, whose Teams user id lets their client refresh a card. */
  personal(tenantId: string, aadObjectId: string): Promise<Partial<ConversationReference> | undefined>;
  /** Where a supporting document is downloaded (views/document-views.ts); none are listed without it. */
  documentLink?: DocumentLink;
}

/**
 * The one place a request becomes a card for somebody. Whoever asks (a click's answer, a
 * refresh, a command, the outbox), the card is what domain/access.ts lets this viewer see
 * on this surface: the whole request, the public summary, or nothing.
 */
export class RequestViews {
  constructor(private readonly deps: RequestViewDeps) {}

  /** The card for `viewer` on `surface`, or undefined when the policy shows them nothing. */
  async cardFor(stored: Stored, viewer: Person, surface: Surface, rules: Rules, extra: Extra = {}): Promise<object | undefined> {
    const view = visibility(stored.workflow, viewer, surface, this.deps.now(), rules);
    if (view === 'none') return undefined;
    if (view === 'public') return this.publicCard(stored, rules, viewer);
    const reference = await this.deps.personal(viewer.tenantId, viewer.aadObjectId).catch(() => undefined);
    const refreshUserIds = reference?.user?.id ? [reference.user.id] : [];
    return renderRequestCard(stored.reference, stored.content, stored.workflow, {
      viewer,
      rules,
      now: this.deps.now(),
      checks: checksOf(rules, this.deps.checks),
      refreshUserIds,
      documentLink: this.deps.documentLink,
      ...extra,
    });
  }

  /** A card sent or updated in someone's 1:1 chat: when they may no longer see it, a card that says so. */
  async personalCard(stored: Stored, viewer: Person, rules: Rules): Promise<object> {
    return (await this.cardFor(stored, viewer, 'personal', rules)) ?? unavailableCard(stored.reference);
  }

  /** The decisions channel's post: the public summary, whoever reads it. */
  async channelCard(stored: Stored, rules: Rules, scrutinyUserIds: readonly string[] = []): Promise<object> {
    return renderChannelCard(stored.reference, stored.content, stored.workflow, {
      rules,
      checks: checksOf(rules, this.deps.checks),
      now: this.deps.now(),
      scrutinyUserIds,
    });
  }

  private publicCard(stored: Stored, rules: Rules, viewer: Person): object {
    return renderChannelCard(stored.reference, stored.content, stored.workflow, {
      rules,
      checks: checksOf(rules, this.deps.checks),
      now: this.deps.now(),
      viewer,
    });
  }
}

/** Replaces a card its reader may no longer see (a deputy whose dates ended): the reference alone, no content. */
export function unavailableCard(reference: string): object {
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    body: [
      { type: 'TextBlock', text: reference.replace(/[^A-Z0-9-]/g, ''), weight: 'Bolder' },
      { type: 'TextBlock', text: 'This request is no longer shown to you.', wrap: true, isSubtle: true },
    ],
  };
}
