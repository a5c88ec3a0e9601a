import type { Activity } from 'botbuilder';
import { CardFactory } from 'botbuilder';
import { renderWeeklyDigestCard } from '../../cards/weekly-digest';
import { digestWeekDue, isEmptyDigest, weeklyDigest, type DecisionListing } from '../../domain/weekly-digest';
import type { DigestStore } from '../../storage/digest-store';
import type { ForwardPlanEntry } from '../../domain/forward-plan-listing';
import type { Logger } from '../logger';
import { UnreachableError } from '../proactive/retry';

export interface WeeklyDigestDeps {
  digests: DigestStore;
  /** The council's public decision listing, newest first. */
  decisions(tenantId: string): Promise<DecisionListing[]>;
  /** The council's forward plan of key decisions; absent where nothing lists it. */
  notices?(tenantId: string): Promise<ForwardPlanEntry[]>;
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
  /** The week this process knows is done for each council, so later scans that week touch no storage. */
  private readonly doneWeek = new Map<string, string>();

  constructor(private readonly deps: WeeklyDigestDeps) {}

  /** Each council's digest, in its own channel, from its own decisions. */
  async postIfDue(now: Date, post: ChannelPoster, tenantId: string): Promise<void> {
    const week = digestWeekDue(now);
    const done = this.doneWeek.get(tenantId);
    if (week === done) return;
    const markDone = () => this.doneWeek.set(tenantId, week);
    // One row per council and week: `<Monday>_<tenant>`.
    const key = `${week}_${tenantId.toLowerCase()}`;
    const claim = await this.deps.digests.claim(key, now);
    if (!claim) {
      // Done, or another instance holds it: look again only once its lease could have run out.
      if (await this.deps.digests.isFinished(key)) markDone();
      return;
    }
    const digest = weeklyDigest(week, await this.deps.decisions(tenantId), (await this.deps.notices?.(tenantId)) ?? []);
    if (isEmptyDigest(digest)) {
      await this.deps.digests.finish(claim, { state: 'skipped' });
      markDone();
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
      markDone();
      return;
    }
    await this.deps.digests.finish(claim, { state: 'posted', ...posted });
    markDone();
    this.deps.log.info(
      { event: 'digest.posted', week, published: digest.published.length, callInOpen: digest.callInEnding.length, notices: digest.notices.length },
      'weekly digest posted',
    );
  }
}
