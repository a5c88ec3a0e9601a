import { Verbs } from '../../cards/verbs';
import { inFlightRequests } from '../../bot/server';
import { SCHEDULE_12A } from '../../domain/case-sections';
import { BotHarness } from '../support/bot-harness';
import { DECISIONS_CHANNEL, eventText, findExecuteAction, PlaygroundCast, readable, type PlaygroundEvent } from '../support/playground';

/** The exempt parts: information relating to an individual (Schedule 12A paragraph 1), and the costs. */
const PARAGRAPH = 1;
const PURPOSE =
  'To pay Jane Doe an honorarium of £3,161 for covering the vacant Team Manager post, and to establish her Senior Social Worker post permanently.';
const BACKGROUND = 'Jane Doe has covered the Team Manager post since her colleague Mark Roe went on long-term sick leave, at an extra cost of £4,200.';
const COMMENTS = {
  finance: 'The £55,161 is met from the existing Fostering budget.',
  hr: 'Jane Doe has agreed the honorarium; grades confirmed.',
  legal: 'No legal implications.',
};
const APPROVE_REASONS = 'Jane Doe has covered the post well.';

/** An officer's request with exempt information, typed into the chat (quick entry). */
const EXEMPT_BY_CHAT: ReadonlyArray<readonly [string, RegExp]> = [
  ['new request', /What is the request called/],
  ['Honorarium and a permanent Senior Social Worker post in Fostering', /Which directorate/],
  ['Children and Families', /Which service/],
  ['Fostering', /Which team/],
  ['skip', /contact officer/],
  ['me', /Describe the first change/],
  ['1 fte Senior Social Worker, Grade 9 scp 40, £52,000 with on-costs, permanent, from 1 April 2026', /Any more changes/],
  ['an honorarium payment of £3,161 from 1 April 2026', /Any more changes/],
  ['no', /How is it funded/],
  ['existing budget £55,161', /Another source/],
  ['no', /purpose/],
  [PURPOSE, /background/],
  [BACKGROUND, /propose/],
  ['Pay the honorarium and make the post permanent.', /other options/],
  ['skip', /reasons/],
  ['Continuity of casework for children in foster care.', /HR implications/],
  ['skip', /financial implications/],
  ['Met from the existing Fostering budget.', /legal/],
  ['skip', /risks/],
  ['skip', /equality/],
  ['skip', /consultation/],
  ['skip', /wards/],
  ['All', /recommendation/],
  ['Approve the honorarium and the permanent post.', /key decision/],
  ['no', /call-in/],
  ['yes', /exempt/],
  [`paragraph ${PARAGRAPH}: purpose, background, costs`, /Funding exactly covers the cost/],
];

/** Everything a person reads on a message: its text, the cards' text and facts, and its buttons. */
const seen = (e: PlaygroundEvent) => readable(e, Number.MAX_SAFE_INTEGER);
const isDecisionCard = (reference: string) => (e: PlaygroundEvent) => seen(e).includes(` | ${reference} | `);

/** What must never reach the channel: exempt text, names of individuals, exempt amounts, comments and reasons. */
const NEVER_PUBLISHED = [
  'Jane Doe',
  'Mark Roe',
  'Team Manager post',
  'long-term sick leave',
  'Olivia Officer',
  'Fiona Finance',
  'Harry Hr',
  'Lena Legal',
  'Dana Director',
  '£',
  '3,161',
  '3161',
  '52,000',
  '55,161',
  '4,200',
  'Grade 9 scp 40',
  'scp 40',
  PURPOSE,
  BACKGROUND,
  COMMENTS.finance,
  COMMENTS.hr,
  APPROVE_REASONS,
  'existing budget',
];

/**
 * Journey 5, in the Agents Playground: a request with exempt information (Schedule 12A
 * paragraph 1, covering its purpose, background and costs) is raised, approved and
 * published (open to call-in, so scrutiny members also get a view of their own). The Decisions channel post names the paragraph and carries none of the exempt
 * text, names of individuals or exempt amounts, not even in the card's data; the officer's
 * own card still shows them all.
 *
 * Each person has their own Playground (see sign-off.e2e.test.ts); Sam Scrutiny, a member
 * of the team, adds the bot to the Decisions channel from his, so its posts appear there.
 */
describe('journey: a decision with exempt information is published without it in the Agents Playground', () => {
  const bot = new BotHarness();
  const cast = new PlaygroundCast('a:personal-chat-officer', ['officer', 'finance', 'hr', 'legal', 'director', 'scrutiny1'] as const);
  const { officer, director, scrutiny1: sam } = cast.seats;

  beforeAll(async () => {
    await bot.start();
    await cast.start(bot.app.url, async () => {
      while (inFlightRequests(bot.app.server) > 0) await new Promise((r) => setTimeout(r, 10));
    });
    await cast.step('Sam Scrutiny adds the bot to the Decisions channel', () => sam.installInChannel(DECISIONS_CHANNEL, /Exempt information is never posted/));
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
    process.stdout.write(`Journey 5 timings:\n${cast.report()}\nBot warnings and errors: ${warnings.length ? [...new Set(warnings)].join('; ') : 'none'}\n`);
  });

  it('the channel post names the Schedule 12A paragraph and leaves out the exempt text, names and amounts; the officer still sees them', async () => {
    const sinceSubmit = cast.mark();
    const reference = await cast.raiseAndSubmit('a request with exempt information', EXEMPT_BY_CHAT, ['£55,161', 'Jane Doe']);

    await cast.commentFromCards(reference, sinceSubmit, COMMENTS);

    const decisionCard = await cast.step('the director gets the decision card, exempt parts marked and shown to them', async () => {
      const card = await director.waitForRequestCard(sinceSubmit.get(director)!, reference, 'waiting for the decision card');
      const text = seen(card);
      for (const expected of [
        `Exempt information: Schedule 12A paragraph ${PARAGRAPH}: purpose, background, costs (not for publication)`,
        'Jane Doe',
        '£3,161',
        '£55,161',
      ])
        expect(text).toContain(expected);
      expect(findExecuteAction(card, Verbs.approve)).toBeDefined();
      return card;
    });

    const sinceDecision = cast.mark();
    await cast.step('the director approves from the card', async () => {
      const reply = await director.execute(decisionCard.message.messageId, Verbs.approve, { decisionInterest: 'none', approveReasons: APPROVE_REASONS });
      expect(reply.text).toContain('You approved this request');
    });

    await cast.step('the officer is told it was approved and published', async () => {
      await officer.waitForMessage(
        sinceDecision.get(officer)!,
        (e) => seen(e).includes(`${reference} was approved by Dana Director.`),
        'waiting for "was approved by Dana Director"',
      );
      await officer.waitForMessage(sinceDecision.get(officer)!, (e) => seen(e).includes(`${reference} was published on`), 'waiting for "was published on"');
    });

    const post = await cast.step('the Decisions channel gets the decision, naming the Schedule 12A paragraph', async () => {
      const card = await sam.waitForChannelPost(sinceDecision.get(sam)!, DECISIONS_CHANNEL, isDecisionCard(reference), 'waiting for the decision post');
      const text = seen(card);
      for (const expected of [
        'Honorarium and a permanent Senior Social Worker post in Fostering',
        reference,
        `Contains exempt information under paragraph ${PARAGRAPH} of Schedule 12A (${SCHEDULE_12A[PARAGRAPH]}): not published`,
        '• Establish 1 FTE Senior Social Worker (Grade 9) from 1 April 2026',
        '• One-off payment from 1 April 2026',
        'Directorate: Children and Families',
        'Service: Fostering',
        'Decision: Approved',
        'Decision maker: Director',
        'Key decision: No',
        'Open to call-in: Yes',
        'Call-in deadline: End of ',
      ]) {
        expect(text).toContain(expected);
      }
      // The purpose is exempt, and so are the costs: no section, no cost facts.
      expect(text).not.toContain('Purpose');
      expect(text).not.toContain('Full-year cost');
      return card;
    });

    await cast.step('nothing exempt is anywhere in the channel post, its data included', async () => {
      const everything = eventText(post);
      for (const secret of NEVER_PUBLISHED) expect({ secret, found: everything.includes(secret) }).toEqual({ secret, found: false });
    });

    await cast.step("nor in a scrutiny member's own view of the post (with Call in)", async () => {
      const { card: view } = await sam.refresh(post.message.messageId);
      expect(seen(view)).toContain(`paragraph ${PARAGRAPH} of Schedule 12A`);
      expect(findExecuteAction(view, Verbs.callIn)).toBeDefined();
      for (const secret of NEVER_PUBLISHED) expect({ secret, found: eventText(view).includes(secret) }).toEqual({ secret, found: false });
    });

    await cast.step(`the officer types "status ${reference}" and their own card still shows the exempt parts`, async () => {
      const since = officer.events.length;
      await officer.say(`status ${reference}`);
      const card = await officer.waitForMessage(
        since,
        (e) => (e.message.attachments ?? []).length > 0 && seen(e).includes(reference),
        'waiting for the request card',
      );
      const text = seen(card);
      for (const expected of [
        `Exempt information: Schedule 12A paragraph ${PARAGRAPH}: purpose, background, costs (not for publication)`,
        PURPOSE,
        BACKGROUND,
        '£3,161',
        '£52,000',
        '£55,161',
        'Olivia Officer',
        'Approved** by Dana Director',
        APPROVE_REASONS,
        COMMENTS.finance,
      ]) {
        expect(text).toContain(expected);
      }
    });
  }, 240_000);
});
