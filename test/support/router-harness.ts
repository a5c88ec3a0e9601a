import { ConversationState, MemoryStorage, TestAdapter, type Activity } from 'botbuilder';
import { OfficerChat } from '../../bot/dialogs/officer-chat';
import { MessageRouter } from '../../bot/message-router';
import { RequestViews } from '../../bot/request-views';
import type { Person } from '../../domain/lifecycle';
import { AppFixture, officer } from '../fakes/app-fixture';

export type Where = 'personal' | 'groupChat' | 'channel' | 'unmarked';

/**
 * bot/message-router.ts on its own: botbuilder's TestAdapter turns activities into
 * TurnContexts for it, the officer's chat keeps its state in memory, and the application
 * layer is the in-memory AppFixture. No HTTP, no Azurite: what the router answers, and
 * what it leaves in the stores, is all there is to read.
 */
export class RouterHarness {
  readonly app = new AppFixture();
  private readonly state = new ConversationState(new MemoryStorage());
  readonly chat = new OfficerChat(this.state, this.app.service, { fullTimeHours: 37 });
  readonly router = new MessageRouter(
    this.chat,
    this.app.service,
    new RequestViews({ checks: { keyDecisionThresholdPence: 50_000_000 }, now: () => this.app.now, personal: async () => undefined }),
  );
  private readonly adapter = new TestAdapter(async (context) => {
    await this.router.onMessage(context);
    await this.state.saveChanges(context);
  });

  /** Sends an activity as Teams would from `who` (null: someone Teams does not identify) in `where`, and returns what the router sent back. */
  async send(activity: Partial<Activity>, who: Person | null = officer, where: Where = 'personal'): Promise<Array<Partial<Activity>>> {
    const tenantId = who?.tenantId ?? officer.tenantId;
    await this.adapter.processActivity({
      type: 'message',
      from: who ? { id: `29:${who.aadObjectId}`, aadObjectId: who.aadObjectId, name: who.name } : { id: '29:someone', name: 'Someone' },
      conversation: {
        id: `${where}:${who?.aadObjectId ?? 'someone'}`,
        isGroup: where !== 'personal',
        name: '',
        conversationType: where === 'unmarked' ? '' : where,
        tenantId,
      },
      channelData: { tenant: { id: tenantId } },
      ...activity,
    });
    const replies: Array<Partial<Activity>> = [];
    for (let reply = this.adapter.getNextReply(); reply; reply = this.adapter.getNextReply()) replies.push(reply);
    return replies;
  }

  /** Types `text` and returns the text of every reply, cards included, joined. */
  async say(text: string, who?: Person | null, where?: Where): Promise<string> {
    return textOf(await this.send({ text }, who, where));
  }
}

/** The text of replies, with any card's JSON. */
export function textOf(replies: ReadonlyArray<Partial<Activity>>): string {
  return replies.map((r) => [r.text ?? '', ...(r.attachments ?? []).map((a) => JSON.stringify(a.content))].join('\n')).join('\n');
}
