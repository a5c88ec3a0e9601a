import { TeamsActivityHandler, TurnContext, type InvokeResponse, type ConversationReference } from 'botbuilder';
import { activitySender } from './actor';
import type { CardActionRouter } from './invoke/card-action-router';
import type { Logger } from './logger';
import { turnLog } from './turn-log';

export interface TeamsBotDeps {
  cardActions: CardActionRouter;
  /** Handles a user's message in any conversation (typed text; card buttons are invokes). */
  onMessage(context: TurnContext): Promise<void>;
  /** Greets someone who has just installed the bot or added it to a team. */
  greet(context: TurnContext): Promise<void>;
  /** Remembers where the bot can reach this conversation later; true when it was not known before. */
  rememberConversation(reference: Partial<ConversationReference>, context: TurnContext): Promise<boolean>;
  /** Saves conversation and user state at the end of every turn. */
  saveState(context: TurnContext): Promise<void>;
  log: Logger;
}

/** Only dispatches: every decision is made by the handlers it is given. */
export class TeamsBot extends TeamsActivityHandler {
  constructor(private readonly deps: TeamsBotDeps) {
    super();

    this.onMessage(async (context, next) => {
      await this.deps.onMessage(context);
      await next();
    });

    this.onInstallationUpdateAdd(async (context, next) => {
      await this.remember(context);
      await this.deps.greet(context);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botAdded) {
        const isNew = await this.remember(context);
        // installationUpdate greets in a 1:1 chat; a team is greeted once, however often it is opened.
        if (isNew && context.activity.conversation?.conversationType !== 'personal') await this.deps.greet(context);
      }
      await next();
    });
  }

  /** Turns of one conversation in this process, oldest first. */
  private readonly turns = new Map<string, Promise<void>>();

  /**
   * Turns of one conversation run one after another: a reply goes out before the turn's
   * state is saved, so a quick next message must not read the state from before it.
   */
  override async run(context: TurnContext): Promise<void> {
    const key = context.activity.conversation?.id ?? '';
    const previous = this.turns.get(key) ?? Promise.resolve();
    const turn = previous.then(async () => {
      await super.run(context);
      await this.deps.saveState(context);
    });
    const settled = turn.catch(() => undefined);
    this.turns.set(key, settled);
    void settled.then(() => {
      if (this.turns.get(key) === settled) this.turns.delete(key);
    });
    return turn;
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name === 'adaptiveCard/action') {
      const log = turnLog(context) ?? this.deps.log;
      return this.deps.cardActions.dispatch(context, activitySender(context.activity), log);
    }
    return super.onInvokeActivity(context);
  }

  private async remember(context: TurnContext): Promise<boolean> {
    return this.deps.rememberConversation(TurnContext.getConversationReference(context.activity), context);
  }
}
