import type { Activity } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { renderWeeklyDigestCard } from '../../cards/weekly-digest';
import { digestWeekDue, isEmptyDigest, weeklyDigest, type DecisionListing } from '../../domain/weekly-digest';
import type { DigestStore } from '../../storage/digest-store';
import type { Logger } from '../logger';
import { UnreachableError } from '../proactive/retry';

export interface WeeklyDigestDeps {
  digests: DigestStore;
  /** The public decision listing, newest first. */
  decisions(): Promise<DecisionListing[]>;
  log: Logger;
}

/** Posts to the decisions channel within its rate limit (the outbox dispatcher's). */
export type ChannelPoster = (activity: Partial<Activity>) => Promise<{ conversationId: string; activityId: string }>;

/**
 * Posts the Monday digest to the decisions channel, once a week. Called from every
 * schedule scan, so a bot that was down at 08:00 on Monday posts it when it is back.
 * A week with nothing published and no call-in open gets no post.
 */
export class WeeklyDigestPoster {
  /** The week this process knows is done, so later scans that week touch no storage. */
  private doneWeek: string | undefined;

  constructor(private readonly deps: WeeklyDigestDeps) {}

  async postIfDue(now: Date, post: ChannelPoster): Promise<void> {
    const week = digestWeekDue(now);
    if (week === this.doneWeek) return;
    const claim = await this.deps.digests.claim(week, now);
    if (!claim) {
      // Done, or another instance holds it: look again only once its lease could have run out.
      if (await this.deps.digests.isFinished(week)) this.doneWeek = week;
      return;
    }
    const digest = weeklyDigest(week, await this.deps.decisions());
    if (isEmptyDigest(digest)) {
      await this.deps.digests.finish(claim, { state: 'skipped' });
      this.doneWeek = week;
      return;
    }
    let posted;
    try {
      posted = await post({ type: 'message', attachments: [CardFactory.adaptiveCard(renderWeeklyDigestCard(digest))] });
    } catch (err) {
      // Removed from the team: nothing will change that by retrying. Anything else is
      // retried by a later scan once the claim's lease runs out.
      if (!(err instanceof UnreachableError)) throw err;
      this.deps.log.warn({ event: 'digest.unreachable', week }, 'decisions channel unreachable; weekly digest not posted');
      await this.deps.digests.finish(claim, { state: 'skipped' });
      this.doneWeek = week;
      return;
    }
    await this.deps.digests.finish(claim, { state: 'posted', ...posted });
    this.doneWeek = week;
    this.deps.log.info({ event: 'digest.posted', week, published: digest.published.length, callInOpen: digest.callInEnding.length }, 'weekly digest posted');
  }
}
