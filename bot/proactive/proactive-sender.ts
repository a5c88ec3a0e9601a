import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import type { Logger } from '../logger';
import { channelOf, threadRootId } from './conversation-id';
import { GraphInstallError, type GraphInstaller } from './graph-installer';
import { RetryLaterError, statusOf, UnreachableError, withRetry, type RetryOptions } from './retry';

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
  /** The person's stored 1:1 chat even when marked unreachable (a 403: they removed or blocked the bot). */
  getPersonal?(tenantId: string, aadObjectId: string): Promise<{ reference: Partial<ConversationReference>; unreachable?: unknown } | undefined>;
  /** Where to ask Teams to create a chat in this tenant (its most recent conversation's serviceUrl and bot). */
  tenantRoute?(tenantId: string): Promise<{ serviceUrl: string; bot: { id: string; name: string } } | undefined>;
  /** Keeps a 1:1 chat the bot created as the person's own, for later sends. */
  rememberCreatedChat?(
    person: { tenantId: string; aadObjectId: string; name?: string },
    chat: { conversationId: string; serviceUrl: string; bot: { id: string; name?: string } },
  ): Promise<unknown>;
}

/** How the sender reaches someone with no stored chat: create it, installing the app first if allowed. */
export interface ReachOptions {
  /** Create the chat at all (false in the Agents Playground: see TEAMS_CREATE_CHATS). */
  createChats?: boolean;
  /** A Teams service URL for tenants the bot has no conversation in yet (TEAMS_SERVICE_URL). */
  defaultServiceUrl?: string;
  /** Present when the council allows installing the app for people through Graph. */
  graph?: GraphInstaller;
}

const AUDIENCE = 'https://api.botframework.com';

export class BotFrameworkProactiveSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly references: ReferenceLookup,
    private readonly log: Logger,
    private readonly retry: Partial<RetryOptions> = {},
    private readonly reach: ReachOptions = {},
  ) {}

  /**
   * A 1:1 message. With no usable stored chat, the chat is created from the person's object
   * id and tenant (Teams allows it where the app is installed for them); if Teams answers
   * that it is not, and Graph installation is allowed, the app is installed for them and
   * the chat created again. Otherwise UnreachableError (why: not_installed), and the
   * caller keeps the notification for later.
   */
  async sendToUser(user: { tenantId: string; aadObjectId: string; name?: string }, activity: Partial<Activity>): Promise<PostedMessage> {
    const stored = this.references.getPersonal ? await this.references.getPersonal(user.tenantId, user.aadObjectId) : undefined;
    const reference = stored ? (stored.unreachable ? undefined : stored.reference) : await this.references.personal(user.tenantId, user.aadObjectId);
    if (reference?.conversation?.id) return this.send(reference, activity);
    // Teams refused their chat (403: removed, blocked or disabled): never retried until they install the bot again.
    if (stored?.unreachable) throw new UnreachableError('Teams refused messages to this person (403): they removed or blocked the bot.', 403, 'refused');
    return this.send(await this.createChat(user), activity);
  }

  private async createChat(user: { tenantId: string; aadObjectId: string; name?: string }): Promise<Partial<ConversationReference>> {
    if (!this.reach.createChats) throw new UnreachableError('The bot has no chat with this person yet: they need to install it.', undefined, 'not_installed');
    const route =
      (await this.references.tenantRoute?.(user.tenantId)) ??
      (this.reach.defaultServiceUrl ? { serviceUrl: this.reach.defaultServiceUrl, bot: { id: this.appId ? `28:${this.appId}` : '', name: '' } } : undefined);
    if (!route || !this.references.rememberCreatedChat)
      throw new UnreachableError(
        'The bot has no chat with this person yet and knows no Teams service to create one: they need to install it.',
        undefined,
        'no_route',
      );
    const create = () => this.createConversation(user, route);
    let conversationId: string;
    try {
      conversationId = await withRetry(create, this.retry);
    } catch (error) {
      if (!(error instanceof UnreachableError)) throw error;
      this.log.info(
        { event: 'proactive.not_installed', tenantId: user.tenantId, aadObjectId: user.aadObjectId },
        'Teams would not create a chat: the app is not installed for this person',
      );
      const graph = this.reach.graph;
      if (!graph) throw new UnreachableError('The app is not installed for this person, and the bot may not install it for them.', 403, 'not_installed');
      try {
        const installed = await graph.install(user);
        this.log.info(
          { event: 'proactive.installed', tenantId: user.tenantId, aadObjectId: user.aadObjectId, result: installed },
          'app installed for a person through Graph',
        );
      } catch (graphError) {
        const status = graphError instanceof GraphInstallError ? graphError.status : undefined;
        this.log.warn(
          { event: 'proactive.install_failed', tenantId: user.tenantId, aadObjectId: user.aadObjectId, status, err: graphError },
          'could not install the app for a person through Graph',
        );
        // Throttled or down: try again later, as a connector 429 or 5xx would be.
        if (status === 429 || (status !== undefined && status >= 500)) throw new RetryLaterError(Date.now() + 60_000, status);
        throw new UnreachableError(
          `The app is not installed for this person, and Graph could not install it (${graphError instanceof Error ? graphError.message : 'unknown error'}).`,
          403,
          'not_installed',
        );
      }
      try {
        conversationId = await withRetry(create, this.retry);
      } catch (again) {
        if (again instanceof UnreachableError)
          throw new UnreachableError(
            'The app was installed for this person, but Teams still will not create a chat with them yet.',
            statusOf(again),
            'not_installed',
          );
        throw again;
      }
    }
    await this.references.rememberCreatedChat({ ...user }, { conversationId, serviceUrl: route.serviceUrl, bot: route.bot });
    this.log.info(
      { event: 'proactive.chat_created', tenantId: user.tenantId, aadObjectId: user.aadObjectId },
      '1:1 chat created with someone who had not opened the bot',
    );
    return {
      channelId: 'msteams',
      serviceUrl: route.serviceUrl,
      conversation: { id: conversationId, tenantId: user.tenantId, conversationType: 'personal', isGroup: false, name: '' },
      bot: route.bot,
      user: { id: '', name: user.name ?? '', aadObjectId: user.aadObjectId },
    };
  }

  /** One createConversation for a 1:1 chat; the new conversation's id. */
  private async createConversation(
    user: { tenantId: string; aadObjectId: string },
    route: { serviceUrl: string; bot: { id: string; name: string } },
  ): Promise<string> {
    let conversationId: string | undefined;
    await this.adapter.createConversationAsync(
      this.appId,
      'msteams',
      route.serviceUrl,
      AUDIENCE,
      {
        isGroup: false,
        members: [{ id: user.aadObjectId, name: '' }],
        tenantId: user.tenantId,
        channelData: { tenant: { id: user.tenantId } },
        bot: route.bot,
      } as Parameters<CloudAdapter['createConversationAsync']>[4],
      async (context: TurnContext) => {
        conversationId = context.activity.conversation.id;
      },
    );
    if (!conversationId) throw new Error('Teams did not return the new chat');
    return conversationId;
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
        AUDIENCE,
        {
          isGroup: true,
          channelData: { channel: { id: channelId }, tenant: { id: tenantId } },
          activity: activity as Activity,
          tenantId,
          bot: reference.bot ?? { id: this.appId, name: '' },
          members: [],
        },
        async (context: TurnContext) => {
          posted = {
            conversationId: context.activity.conversation.id,
            activityId: threadRootId(context.activity.conversation.id) ?? context.activity.id ?? '',
          };
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
