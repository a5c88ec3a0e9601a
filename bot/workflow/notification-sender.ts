import type { Activity } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { londonDate } from '../../domain/calendar-date';
import { SYSTEM, type Person, type Rules } from '../../domain/lifecycle';
import type { Notification } from '../../domain/notifications';
import { deputiesOnDuty } from '../../domain/reminders';
import { MAX_POSTED_CARDS, type PostedCard, type PostedCardStore } from '../../storage/posted-cards';
import type { Drain } from '../../app/ports/teams';
import type { Stored } from '../../app/ports/requests';
import type { Logger } from '../logger';
import type { ProactiveSender } from '../proactive/proactive-sender';
import { channelOf } from '../proactive/conversation-id';
import { ConversationRateLimiter } from '../proactive/rate-limit';
import { UnreachableError } from '../proactive/retry';
import type { TurnQueue } from './turn-queue';
import type { WorkflowService } from '../../app/workflow-service';

/** Renders the cards the dispatcher sends: a person's own view, or the public channel post. */
export interface CardRenderers {
  personal(stored: Stored, viewer: Person, rules: Rules): Promise<object>;
  channel?(stored: Stored, rules: Rules): Promise<object> | object;
}

export interface SenderDeps {
  sender: ProactiveSender;
  cards: CardRenderers;
  posts: PostedCardStore;
  workflow: WorkflowService;
  /** The decisions channel's conversation id, when one is configured. */
  decisionsChannel?: (tenantId: string) => Promise<string | undefined>;
  /** Sends take turns with the drains: one waiting for room under Teams' limits lends its turn. */
  turns: TurnQueue;
  /** Teams' limits for a conversation as every instance's sends count against them (storage/send-budget.ts). */
  budget?: { take(conversation: string): Promise<void>; room(conversation: string): Promise<void> };
  log: Logger;
}

/** Sends queued for one conversation past which a drain waiting for it lets go of its request. */
const LONG_QUEUE = 8;

/** The budget key of a person's 1:1 chat with the bot: new cards, messages and card updates there share it. */
const personal = (aadObjectId: string) => `user:${aadObjectId.toLowerCase()}`;

const card = (content: object): Partial<Activity> => ({ type: 'message', attachments: [CardFactory.adaptiveCard(content)] });

/** Carries out one notification in Teams: a message, a card, card updates, the channel post, or a system step. */
export class NotificationSender {
  private readonly limiter = new ConversationRateLimiter();

  constructor(private readonly deps: SenderDeps) {}

  /** Carries out `n`; resolves to the card it posted for a person, for the drain to remember with the row. */
  async perform(n: Notification, drain: Drain): Promise<PostedCard | undefined> {
    const { reference } = drain;
    switch (n.kind) {
      case 'system': {
        // On the request as this drain read it: the etag still guards the write.
        const now = await drain.current();
        const result = await this.deps.workflow.act(SYSTEM, reference, { type: n.command }, now ?? {});
        // The rest of the drain sees the request as this step left it.
        drain.changed(result.ok && now ? Promise.resolve({ stored: result.stored, rules: now.rules }) : undefined);
        // Refused means it already happened (or no longer applies): nothing to redo.
        if (!result.ok) this.deps.log.info({ event: 'outbox.system_skipped', reference, command: n.command, code: result.code }, 'system step not needed');
        return undefined;
      }
      case 'tell':
        await this.tell(n.to, n.text);
        return undefined;
      case 'card': {
        const now = await drain.current();
        if (!now) return undefined;
        const { stored, rules } = now;
        const posted = await this.sendCard(stored, n.to, rules);
        // The person's deputy, if one is in place today, gets their own copy.
        for (const d of deputiesOnDuty(rules.deputies, n.to, londonDate(this.deps.workflow.now()))) {
          const copy = await this.sendCard(stored, d.deputy, rules).catch((err: unknown) => {
            this.deps.log.warn({ event: 'outbox.deputy_unreachable', reference, err }, 'deputy could not be sent the card');
            return undefined;
          });
          if (copy) await this.rememberPost(drain, `deputy_${copy.activityId}`, copy);
        }
        return posted;
      }
      case 'update_cards':
        await this.updateCards(drain);
        return undefined;
      case 'channel_notice':
        await this.notice(n.text, drain);
        return undefined;
      case 'channel_post':
      case 'channel_update':
        // A new post is remembered with the row's completion, in one write: the shortest window in which a crash could leave it posted but unknown (and posted again).
        return this.channel(n, drain);
    }
  }

  async tell(to: Person, text: string): Promise<void> {
    await this.paced(personal(to.aadObjectId), () => this.deps.sender.sendToUser(to, { type: 'message', text }));
  }

  async sendCard(stored: Stored, to: Person, rules: Rules): Promise<PostedCard> {
    const content = await this.deps.cards.personal(stored, to, rules);
    const posted = await this.paced(personal(to.aadObjectId), () => this.deps.sender.sendToUser(to, card(content)));
    return {
      conversationId: posted.conversationId,
      activityId: posted.activityId,
      audience: 'person',
      viewerTenantId: to.tenantId,
      viewerAadObjectId: to.aadObjectId,
      viewerName: to.name,
    };
  }

  /** A post to a channel on a timetable of its own (the weekly digest), within the channel's limits. */
  postToChannel(channelId: string, activity: Partial<Activity>): Promise<{ conversationId: string; activityId: string }> {
    return this.paced(channelId, () => this.deps.sender.postToChannel(channelId, activity));
  }

  /** Whether one more post fits the request's posts row; past that, posts are sent but not updated later. */
  async roomForPost(drain: Drain): Promise<boolean> {
    if ((await this.postedCards(drain)).length < MAX_POSTED_CARDS) return true;
    this.deps.log.warn({ event: 'outbox.posts_full', reference: drain.reference }, 'too many cards posted for this request to keep them all up to date');
    return false;
  }

  /** Adds a post the drain has stored to what it knows of the request's posts. */
  async remembered(drain: Drain, posted: PostedCard): Promise<void> {
    if (drain.posts) (await drain.posts).push(posted);
  }

  private async updateCards(drain: Drain): Promise<void> {
    const now = await drain.current();
    if (!now) return;
    const { stored, rules } = now;
    // The publication that follows a decision in the same drain shows the same version.
    if (drain.cardsShow === stored.workflow.version) return;
    for (const post of await this.postedCards(drain)) {
      // Posted or edited a moment ago in this drain from this very version: nothing to change.
      if (post.audience === 'channel' && drain.channelShows === stored.workflow.version) continue;
      const content =
        post.audience === 'channel'
          ? await this.deps.cards.channel?.(stored, rules)
          : await this.deps.cards.personal(stored, { tenantId: post.viewerTenantId, aadObjectId: post.viewerAadObjectId, name: post.viewerName }, rules);
      if (!content) continue;
      // A person's card is updated in their 1:1 chat: the same budget as new cards to them.
      await this.paced(post.audience === 'person' ? personal(post.viewerAadObjectId) : post.conversationId, () =>
        this.deps.sender.update({ conversationId: post.conversationId, activityId: post.activityId }, card(content)),
      ).catch((err: unknown) => {
        // One card that cannot be updated (deleted chat) must not hold up the rest.
        if (err instanceof UnreachableError) return;
        throw err;
      });
    }
    drain.cardsShow = stored.workflow.version;
  }

  private async channel(n: Extract<Notification, { kind: 'channel_post' | 'channel_update' }>, drain: Drain): Promise<PostedCard | undefined> {
    // The requester's council's channel: never another council's.
    const tenantId = (await drain.current())?.stored.workflow.requester.tenantId;
    const channelId = tenantId && (await this.deps.decisionsChannel?.(tenantId));
    const render = this.deps.cards.channel;
    if (!channelId || !render) return undefined;
    const existing = (await this.postedCards(drain)).find((p) => p.audience === 'channel');
    // Behind a long queue for the channel (a burst of decisions: it takes 60 posts in 30 s),
    // each drain waiting would hold its request: it reads it again when its turn comes.
    if (this.limiter.queued(channelId) >= LONG_QUEUE) drain.changed(undefined);
    // Drawn once there is room, so nothing is held while waiting and the post is current.
    let shows: number | undefined;
    const draw = async () => {
      const now = await drain.current();
      shows = now?.stored.workflow.version;
      return now && card(await render(now.stored, now.rules));
    };
    if (!existing) {
      // Exactly one post per decision: a later update finds this one and edits it.
      const posted = await this.paced(channelId, async () => {
        const content = await draw();
        return content && this.deps.sender.postToChannel(channelId, content);
      });
      if (!posted) return undefined;
      drain.channelShows = shows;
      return {
        conversationId: posted.conversationId,
        activityId: posted.activityId,
        audience: 'channel',
        viewerTenantId: 'channel',
        viewerAadObjectId: 'channel',
        viewerName: 'channel',
      };
    }
    const root = { conversationId: existing.conversationId, activityId: existing.activityId };
    await this.paced(channelId, async () => {
      const content = await draw();
      if (content) await this.deps.sender.update(root, content);
    });
    drain.channelShows = shows;
    if (n.kind === 'channel_update' && n.reply) {
      await this.paced(channelId, () => this.deps.sender.replyInThread(root, { type: 'message', text: `${drain.reference}: ${n.reply}` }));
    }
    return undefined;
  }

  /** A forward plan notice in the requester's council's decisions channel: a line of public facts, not a decision's post. */
  private async notice(text: string, drain: Drain): Promise<void> {
    const tenantId = (await drain.current())?.stored.workflow.requester.tenantId;
    const channelId = tenantId && (await this.deps.decisionsChannel?.(tenantId));
    if (!channelId) return;
    await this.paced(channelId, () => this.deps.sender.postToChannel(channelId, { type: 'message', text }));
  }

  /** The request's posted cards, read once a drain. */
  private postedCards(drain: Drain): Promise<PostedCard[]> {
    return (drain.posts ??= this.deps.posts.cards(drain.reference));
  }

  private async rememberPost(drain: Drain, key: string, posted: PostedCard): Promise<void> {
    if (!(await this.roomForPost(drain))) return;
    await this.deps.posts.remember(drain.reference, key, posted);
    await this.remembered(drain, posted);
  }

  /**
   * A send paced by Teams' limits for its conversation. While it waits for room (a busy
   * decisions channel allows 60 posts in 30 s) its drain lends its turn to others, so
   * notifications to other conversations are not held up behind it.
   */
  private paced<T>(conversation: string, send: () => Promise<T>): Promise<T> {
    const budget = this.deps.budget;
    const key = channelOf(conversation);
    if (!budget) return this.limiter.run(conversation, send, (room) => this.deps.turns.aside(room));
    return this.limiter.run(
      conversation,
      // The slot across instances is taken with the turn back in hand, just before the send: its time is when the send goes.
      async () => (await budget.take(key), send()),
      (room) =>
        this.deps.turns.aside(async () => {
          const slot = await room();
          await budget.room(key);
          return slot;
        }),
    );
  }
}
