import type { PostedCard } from '../../app/ports/outbox';
import type { Drain, NotificationSending } from '../../app/ports/teams';
import type { Stored } from '../../app/ports/requests';
import type { WorkflowService } from '../../app/workflow-service';
import { SYSTEM, type Person, type Rules } from '../../domain/lifecycle';
import type { Notification } from '../../domain/notifications';

/**
 * Teams as the use cases reach it, recording what was sent in order. A system step is
 * carried out on the workflow as the real sender does; `fail` makes sends throw (once each,
 * in order) before they are recorded.
 */
export class RecordingSender implements NotificationSending {
  readonly performed: Array<{ reference: string; notification: Notification }> = [];
  readonly told: Array<{ to: Person; text: string }> = [];
  readonly cards: Array<{ reference: string; to: Person }> = [];
  /** Errors the next sends throw, one each. */
  readonly fail: Error[] = [];
  private posted = 0;

  constructor(private readonly workflow: Pick<WorkflowService, 'act'>) {}

  async perform(n: Notification, drain: Drain): Promise<PostedCard | undefined> {
    const failure = this.fail.shift();
    if (failure) throw failure;
    this.performed.push({ reference: drain.reference, notification: n });
    if (n.kind === 'system') {
      const now = await drain.current();
      const result = await this.workflow.act(SYSTEM, drain.reference, { type: n.command }, now ?? {});
      drain.changed(result.ok && now ? Promise.resolve({ stored: result.stored, rules: now.rules }) : undefined);
    }
    return n.kind === 'card' ? this.card(n.to) : undefined;
  }

  async roomForPost(): Promise<boolean> {
    return true;
  }

  async remembered(drain: Drain, posted: PostedCard): Promise<void> {
    if (drain.posts) (await drain.posts).push(posted);
  }

  async tell(to: Person, text: string): Promise<void> {
    const failure = this.fail.shift();
    if (failure) throw failure;
    this.told.push({ to, text });
  }

  async sendCard(stored: Stored, to: Person, _rules: Rules): Promise<PostedCard> {
    this.cards.push({ reference: stored.reference, to });
    return this.card(to);
  }

  private card(to: Person): PostedCard {
    return {
      conversationId: `a:${to.aadObjectId}`,
      activityId: `m${++this.posted}`,
      audience: 'person',
      viewerTenantId: to.tenantId,
      viewerAadObjectId: to.aadObjectId,
      viewerName: to.name,
    };
  }
}
