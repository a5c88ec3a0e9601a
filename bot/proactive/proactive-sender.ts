import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { channelOf, threadRootId } from './conversation-id';
import { RetryLaterError, UnreachableError, withRetry, type RetryOptions } from './retry';

/** Where an earlier post lives, so it can be updated in place or replied to. */
export interface PostedMessage {
  conversationId: string;
  activityId: string;
}

/** The three ways the bot speaks first. Implementations retry as Teams asks. */
export interface ProactiveSender {
  sendToUser(user: { tenantId: string; aadObjectId: string }, activity: Partial<Activity>): Promise<PostedMessage>;
  /** Starts a new thread in a channel the bot was added to. */
  postToChannel(channelId: string, activity: Partial<Activity>): Promise<PostedMessage>;
  /** Adds a reply to an earlier channel post's thread. */
  replyInThread(post: PostedMessage, activity: Partial<Activity>): Promise<PostedMessage>;
  /** Replaces an earlier message (a card) for everyone who sees it. */
  update(post: PostedMessage, activity: Partial<Activity>): Promise<void>;
}

/** The stored conversation references the sender needs. */
export interface ReferenceLookup {
  personal(tenantId: string, aadObjectId: string): Promise<Partial<ConversationReference> | undefined>;
  /** A reference to any conversation the bot has seen: a 1:1 chat, a channel or a thread. */
  conversation(conversationId: string): Promise<Partial<ConversationReference> | undefined>;
  markUnreachable(conversationId: string, reason: string): Promise<void>;
}

export class BotFrameworkProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly references: ReferenceLookup,
    private readonly log: Logger,
    private readonly retry: Partial<RetryOptions> = {},
  ) {}

  async sendToUser(user: { tenantId: string; aadObjectId: string }, activity: Partial<Activity>): Promise<PostedMessage> {
    const reference = await this.references.personal(user.tenantId, user.aadObjectId);
    if (!reference?.conversation?.id) throw new UnreachableError('The bot has no chat with this person yet: they need to install it.');
    return this.send(reference, activity);
  }

  async postToChannel(channelId: string, activity: Partial<Activity>): Promise<PostedMessage> {
    const reference = await this.references.conversation(channelId);
    if (!reference?.serviceUrl) throw new UnreachableError('The bot has not been added to this channel.');
    const tenantId = reference.conversation?.tenantId;
    return this.guard(channelId, async () => {
      let posted: PostedMessage | undefined;
      await this.adapter.createConversationAsync(
        this.appId,
        reference.channelId ?? 'msteams',
        reference.serviceUrl!,
        'https://api.botframework.com',
        { isGroup: true, channelData: { channel: { id: channelId }, tenant: { id: tenantId } }, activity: activity as Activity, tenantId, bot: reference.bot ?? { id: this.appId, name: "" }, members: [] },
        async (context: TurnContext) => {
          posted = { conversationId: context.activity.conversation.id, activityId: threadRootId(context.activity.conversation.id) ?? context.activity.id ?? '' };
        },
      );
      // A failed create throws from createConversationAsync itself, before the turn starts.
      if (!posted) throw new Error('Teams did not return the new post');
      return posted;
    });
  }

  async replyInThread(post: PostedMessage, activity: Partial<Activity>): Promise<PostedMessage> {
    const reference = await this.references.conversation(channelOf(post.conversationId));
    if (!reference) throw new UnreachableError('The bot has not been added to this channel.');
    const threadId = post.conversationId.includes(';messageid=') ? post.conversationId : `${post.conversationId};messageid=${post.activityId}`;
    return this.send({ ...reference, conversation: { ...reference.conversation!, id: threadId } }, activity);
  }

  async update(post: PostedMessage, activity: Partial<Activity>): Promise<void> {
    const reference = await this.references.conversation(channelOf(post.conversationId));
    if (!reference) throw new UnreachableError('The bot can no longer reach this conversation.');
    await this.guard(post.conversationId, () =>
      this.inTurn({ ...reference, conversation: { ...reference.conversation!, id: post.conversationId } }, async (context) => {
        await context.updateActivity({ ...activity, id: post.activityId, type: activity.type ?? 'message' });
      }),
    );
  }

  private async send(reference: Partial<ConversationReference>, activity: Partial<Activity>): Promise<PostedMessage> {
    const conversationId = reference.conversation!.id;
    return this.guard(conversationId, async () => {
      let activityId = '';
      await this.inTurn(reference, async (context) => {
        const response = await context.sendActivity(activity);
        activityId = response?.id ?? '';
      });
      return { conversationId, activityId };
    });
  }

  /**
   * Runs `logic` in a proactive turn and lets its error out: the adapter would otherwise
   * hand it to onTurnError, which apologises to the user and swallows the failure.
   */
  private async inTurn(reference: Partial<ConversationReference>, logic: (context: TurnContext) => Promise<void>): Promise<void> {
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = error;
      }
    });
    if (failure !== undefined) throw failure;
  }

  private async guard<T>(conversationId: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(operation, this.retry);
    } catch (error) {
      if (error instanceof UnreachableError) {
        this.log.warn({ event: 'proactive.unreachable', conversationId }, 'conversation unreachable');
        await this.references.markUnreachable(channelOf(conversationId), error.message);
      } else if (error instanceof RetryLaterError) {
        this.log.warn({ event: 'proactive.retry_later', conversationId, notBefore: new Date(error.notBeforeMs).toISOString() }, 'send deferred');
      }
      throw error;
    }
  }
}
