import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Verbs } from '../../cards/verbs';
import { inFlightRequests } from '../../bot/server';
import { callInWindow } from '../../domain/call-in';
import { formatLongDate, londonDate } from '../../domain/calendar-date';
import { RoutingConfigSchema } from '../../domain/routing';
import { workingCalendar } from '../../domain/working-days';
import { BotHarness } from '../support/bot-harness';
import {
  cardRefresh,
  DECISIONS_CHANNEL,
  eventText,
  findExecuteAction,
  PlaygroundCast,
  readable,
  SEED_004_BY_CHAT,
  type PlaygroundEvent,
} from '../support/playground';

const routing = RoutingConfigSchema.parse(JSON.parse(readFileSync(join(__dirname, '..', '..', 'config', 'routing.example.json'), 'utf8')));
const COMMITTEE = routing.default.committee.name;
const MINUTE = 'Minute 42: the Committee resolved to approve the creation of the three posts.';
const GROUNDS = 'The traded income from OAWY is not contracted beyond March 2025.';

/** Everything a person reads on a message: its text, the cards' text and facts, and its buttons. */
const seen = (e: PlaygroundEvent) => readable(e, Number.MAX_SAFE_INTEGER);
/** The channel's decision card for `reference` (its reference stands alone under the title; the greeting only mentions one as an example). */
const isDecisionCard = (reference: string) => (e: PlaygroundEvent) => seen(e).includes(` | ${reference} | `);

/**
 * Seed 004 as a key decision open to call-in. A key decision goes to the committee
 * (domain/routing.ts), whose resolution democratic services records; it is open to call-in
 * because the officer says so (decisionFacts.openToCallIn, fixed on the request at submission).
 */
const KEY_DECISION_BY_CHAT = SEED_004_BY_CHAT.map(([said, next]): readonly [string, RegExp] => (next.source === 'call-in' ? ['yes', next] : [said, next]));

/**
 * Journey 3, in the Agents Playground: a key decision is raised, reviewed and approved by
 * the committee (recorded by democratic services from their card); it is published to the
 * decisions channel with its call-in deadline; a scrutiny member calls it in from the
 * channel card, giving grounds; the post is updated in place and the thread told; the
 * scrutiny officer releases it from their card; the officer is told it can be implemented.
 *
 * Each person has their own Playground (see sign-off.e2e.test.ts). Sam Scrutiny adds the
 * bot to the Decisions channel from his, so the bot's channel posts appear there.
 */
describe('journey: a key decision is published, called in by scrutiny and released in the Agents Playground', () => {
  const bot = new BotHarness();
  const cast = new PlaygroundCast('a:personal-chat-officer', ['officer', 'finance', 'hr', 'legal', 'democratic', 'scrutiny1', 'scrutinyOfficer'] as const);
  const { officer, hr, democratic, scrutiny1: sam, scrutinyOfficer: oscar } = cast.seats;

  beforeAll(async () => {
    await bot.start();
    await cast.start(bot.app.url, async () => {
      while (inFlightRequests(bot.app.server) > 0) await new Promise((r) => setTimeout(r, 10));
    });
    await cast.step('Sam Scrutiny adds the bot to the Decisions channel', () =>
      sam.installInChannel(DECISIONS_CHANNEL, /I post each establishment change decision here/),
    );
  }, 120_000);
  afterAll(async () => {
    // Let the bot finish its last card updates before the Playgrounds go away.
    await bot.app?.dispatcher.idle().catch(() => undefined);
    await cast.stop();
    await bot.stop();
    // (http.error MethodNotAllowed is the Playground probing GET /api/messages as it starts.)
    const warnings = bot.logs
      .filter((l) => l.level >= 40)
      .map(
        (l) =>
          `${String(l.event ?? l.msg)}${l.kind ? ` [${String(l.kind)}]` : ''}${l.name ? ` ${String(l.name)}` : ''}${(l.err as { message?: string } | undefined)?.message ? `: ${(l.err as { message: string }).message.slice(0, 200)}` : ''}`,
      );
    process.stdout.write(`Journey 3 timings:\n${cast.report()}\nBot warnings and errors: ${warnings.length ? [...new Set(warnings)].join('; ') : 'none'}\n`);
  });

  it('committee approval, publication with the call-in deadline, call-in from the channel card, release by the scrutiny officer', async () => {
    const sinceSubmit = cast.mark();
    const reference = await cast.raiseAndSubmit('seed 004 as a key decision open to call-in', KEY_DECISION_BY_CHAT, ['£156,008']);

    // A key decision: its notice is on the forward plan from submission, and democratic services get the card at once.
    await cast.step('democratic services gets the request card at submission, with its forward plan and no decision yet', async () => {
      const card = await democratic.waitForRequestCard(sinceSubmit.get(democratic)!, reference, 'waiting for the request card');
      const text = seen(card);
      for (const expected of [reference, 'Key decision: Yes', 'Earliest decision date', '[Forward plan exception]']) expect(text).toContain(expected);
      expect(findExecuteAction(card, Verbs.recordCommittee)).toBeUndefined();
      return card;
    });

    const sinceComments = cast.mark();
    await cast.commentFromCards(reference, sinceSubmit, {
      finance: 'Funding from OAWY and the SAFE Taskforce is confirmed.',
      hr: 'Grades confirmed by job evaluation.',
      legal: 'No legal implications.',
    });

    const decisionCard = await cast.step('democratic services gets the decision card for the committee, with every comment', async () => {
      // A new card, not the one it had at submission: the request now awaits the committee.
      const card = await democratic.waitForRequestCard(sinceComments.get(democratic)!, reference, 'waiting for the decision card');
      const text = seen(card);
      for (const expected of [
        reference,
        '£156,008',
        'Key decision: Yes',
        'Open to call-in: Yes',
        `${COMMITTEE} (recorded by Derek Democratic)`,
        'Financial Comments (FF',
        'HR Comments (HH',
        'Legal Comments (LL',
        '[Forward plan exception]',
      ]) {
        expect(text).toContain(expected);
      }
      expect(findExecuteAction(card, Verbs.approve)).toBeUndefined();
      // A key decision: no resolution can be recorded before its 28 clear days on the forward plan.
      expect(findExecuteAction(card, Verbs.recordCommittee)).toBeUndefined();
      return card;
    });

    await cast.step('democratic services records special urgency from the card: the chair agreed it cannot wait', async () => {
      const reply = await democratic.execute(decisionCard.message.messageId, Verbs.forwardPlanException, {
        exceptionRoute: 'special_urgency',
        exceptionChair: 'Cllr Chris Chair',
        exceptionReasons: 'The SAFE Taskforce grant must be committed this month.',
      });
      expect(reply.text).toContain('The forward plan exception is recorded.');
      expect(findExecuteAction(democratic.view(decisionCard.message.messageId)!, Verbs.recordCommittee)).toBeDefined();
    });

    const sinceDecision = cast.mark();
    await cast.step("democratic services records the committee's resolution to approve from the card", async () => {
      const reply = await democratic.execute(decisionCard.message.messageId, Verbs.recordCommittee, {
        committeeResolution: 'approve',
        committeeMinute: MINUTE,
        decisionInterest: 'none',
      });
      expect(reply.text).toContain("The committee's resolution is recorded.");
      expect(findExecuteAction(democratic.view(decisionCard.message.messageId)!, Verbs.recordCommittee)).toBeUndefined();
    });

    // The dates the bot should give, from the project's own working-day calendar.
    const today = londonDate(new Date());
    const period = callInWindow(today, workingCalendar(), routing.scrutiny.callInWorkingDays);
    const deadline = formatLongDate(period.deadline);
    const implementableFrom = formatLongDate(period.implementableFrom);

    await cast.step('the officer is told it was approved, published, and when call-in ends', async () => {
      await officer.waitForMessage(
        sinceDecision.get(officer)!,
        (e) => eventText(e).includes(`${reference} was approved by Derek Democratic.`),
        'waiting for "was approved by Derek Democratic"',
      );
      const published = await officer.waitForMessage(
        sinceDecision.get(officer)!,
        (e) => eventText(e).includes(`${reference} was published on`),
        'waiting for "was published on"',
      );
      expect(seen(published)).toContain(
        `${reference} was published on ${formatLongDate(today)}. The call-in period ends on ${deadline}; it can be implemented from ${implementableFrom} unless it is called in.`,
      );
    });

    const post = await cast.step('the Decisions channel gets the published decision card with its call-in deadline', async () => {
      const card = await sam.waitForChannelPost(sinceDecision.get(sam)!, DECISIONS_CHANNEL, isDecisionCard(reference), 'waiting for the decision post');
      const text = seen(card);
      for (const expected of [
        'Request to create traded Childrens Commissioning posts',
        reference,
        'Published: call-in period',
        `Open to call-in until the end of ${deadline}. Unless it is called in, it can be implemented from ${implementableFrom}.`,
        'Decision: Approved',
        `Decision maker: ${COMMITTEE}`,
        `Date of decision: ${formatLongDate(today)}`,
        'Key decision: Yes',
        'Open to call-in: Yes',
        `Call-in deadline: End of ${deadline}`,
        `Can be implemented from: ${implementableFrom}`,
        'Call-in requests: 0',
        'Full-year cost (with on-costs): £156,008',
      ]) {
        expect(text).toContain(expected);
      }
      // The post everyone sees has no buttons and names nobody.
      expect(findExecuteAction(card, Verbs.callIn)).toBeUndefined();
      for (const name of ['Olivia Officer', 'Derek Democratic', 'Fiona Finance', 'Harry Hr', 'Lena Legal', MINUTE]) expect(eventText(card)).not.toContain(name);
      return card;
    });

    const samView = await cast.step("Sam Scrutiny's Teams shows him his own view of the post, with Call in", async () => {
      // His Teams user id is in the card's refresh list, so his client refreshes it by itself.
      expect(cardRefresh(post)?.userIds).toContain(sam.person.id);
      const refreshed = await sam.refresh(post.message.messageId);
      expect(refreshed.trigger).toBe('automatic');
      const text = seen(refreshed.card);
      expect(text).toContain('[Call in]');
      expect(text).toContain(`Call-in deadline: End of ${deadline}`);
      expect(findExecuteAction(refreshed.card, Verbs.callIn)).toBeDefined();
      return refreshed.card;
    });

    const sinceCallIn = cast.mark();
    await cast.step('Sam Scrutiny clicks Call in on the channel card and gives his grounds', async () => {
      const reply = await sam.execute(samView.message.messageId, Verbs.callIn, { callInGrounds: GROUNDS });
      // In the channel he gets the public card back, now called in and without the button.
      const text = seen(sam.view(post.message.messageId)!);
      expect(reply.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(text).toContain('Called in by scrutiny: it cannot be implemented while the scrutiny committee considers it.');
      expect(text).not.toContain('Can be implemented from');
      expect(text).not.toContain('[Call in]');
    });

    await cast.step('the channel post is updated in place to "Called in", and the thread is told', async () => {
      const updated = await sam.waitForChannelUpdate(
        sinceCallIn.get(sam)!,
        post,
        (e) => seen(e).includes('Called in by scrutiny'),
        'waiting for the post to show the call-in',
      );
      const text = seen(updated);
      expect(text).toContain('Call-in requests: 1');
      expect(text).not.toContain('[Call in]');
      // Call-in grounds and who called it in are not published.
      expect(eventText(updated)).not.toContain(GROUNDS);
      expect(eventText(updated)).not.toContain('Sam Scrutiny');
      await sam.waitForThreadReply(
        sinceCallIn.get(sam)!,
        post,
        (e) => seen(e).includes(`${reference}: This decision has been called in by scrutiny and is suspended.`),
        'waiting for the reply in the thread',
      );
      const posts = sam.events.filter((e) => e.action === 'createMessage' && e.message.postConversationId !== undefined && isDecisionCard(reference)(e));
      expect(posts).toHaveLength(1);
    });

    await cast.step('the officer and democratic services are told it was called in', async () => {
      await officer.waitForMessage(
        sinceCallIn.get(officer)!,
        (e) => seen(e).includes(`${reference} has been called in by scrutiny: it cannot be implemented until scrutiny decides.`),
        'waiting for "has been called in by scrutiny"',
      );
      await democratic.waitForMessage(
        sinceCallIn.get(democratic)!,
        (e) => seen(e).includes(`Your decision on ${reference} has been called in by scrutiny.`),
        'waiting for "Your decision … has been called in"',
      );
    });

    const oscarCard = await cast.step('the scrutiny officer gets a card with the grounds and Release, Refer back and Refer to full Council', async () => {
      const card = await oscar.waitForRequestCard(sinceCallIn.get(oscar)!, reference, 'waiting for the call-in card');
      const text = seen(card);
      for (const expected of ['Called in', `Called in by Sam Scrutiny on`, GROUNDS, '[Release]', '[Refer back]', '[Refer to full Council]'])
        expect(text).toContain(expected);
      return card;
    });

    const sinceRelease = cast.mark();
    await cast.step('the scrutiny officer clicks Release', async () => {
      const reply = await oscar.execute(oscarCard.message.messageId, Verbs.release);
      expect(reply.text).toContain('Released: the decision can now be implemented.');
      expect(seen(oscar.view(oscarCard.message.messageId)!)).not.toContain('[Release]');
    });

    await cast.step('the officer is told it can be implemented and recruitment can proceed; so is HR', async () => {
      await officer.waitForMessage(
        sinceRelease.get(officer)!,
        (e) => seen(e).includes(`${reference} can now be implemented: you can proceed to recruitment.`),
        'waiting for "can now be implemented: you can proceed to recruitment"',
      );
      await hr.waitForMessage(
        sinceRelease.get(hr)!,
        (e) => seen(e).includes(`${reference} can now be implemented: recruitment can proceed.`),
        'waiting for "recruitment can proceed"',
      );
    });

    await cast.step('the channel post is updated in place to "Can be implemented", and the thread is told', async () => {
      const updated = await sam.waitForChannelUpdate(
        sinceRelease.get(sam)!,
        post,
        (e) => seen(e).includes('Can be implemented') && !seen(e).includes('Called in by scrutiny'),
        'waiting for the post to show "Can be implemented"',
      );
      await sam.waitForThreadReply(
        sinceRelease.get(sam)!,
        post,
        (e) => seen(e).includes(`${reference}: Can be implemented.`),
        'waiting for the reply in the thread',
      );
      // Released today: implementable from today, not from the day after the period would have ended.
      expect(seen(updated)).toContain(`Can be implemented from: ${formatLongDate(today)}`);
    });
  }, 240_000);
});
