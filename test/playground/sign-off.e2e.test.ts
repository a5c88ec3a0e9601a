import { Verbs } from '../../cards/verbs';
import { inFlightRequests } from '../../bot/server';
import { BotHarness } from '../support/bot-harness';
import { cardVersion, eventText, PlaygroundCast, type PlaygroundEvent, type PlaygroundSeat } from '../support/playground';

/**
 * Journey 2, in the Agents Playground: the officer raises seed 004 by chat and submits it;
 * finance, HR and legal each add a comment from the card in their own 1:1 chat; the
 * director approves; every card is updated in place and the officer is told.
 *
 * The Playground streams only the current user's own chat, so each person has their own
 * Playground (as each has their own Teams client) and installs the bot there first.
 */
describe('journey: seed 004 is signed off by finance, HR, legal and the director in the Agents Playground', () => {
  const bot = new BotHarness();
  const cast = new PlaygroundCast();
  const { officer, finance, hr, legal, director } = cast.seats;

  beforeAll(async () => {
    await bot.start();
    await cast.start(bot.app.url, async () => {
      while (inFlightRequests(bot.app.server) > 0) await new Promise((r) => setTimeout(r, 10));
    });
  }, 90_000);
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
    process.stdout.write(`Journey 2 timings:\n${cast.report()}\nBot warnings and errors: ${warnings.length ? [...new Set(warnings)].join('; ') : 'none'}\n`);
  });

  it('three comments from the cards, then approval: every card updates and the officer is told', async () => {
    const sinceSubmit = new Map(cast.all.map((s) => [s, s.events.length]));
    const reference = await cast.raiseAndSubmitSeed004();

    const reviewCards = new Map<PlaygroundSeat, PlaygroundEvent>();
    await cast.step('each reviewer gets the request card with Add comment and Return for changes', async () => {
      for (const reviewer of [finance, hr, legal]) {
        const card = await reviewer.waitForRequestCard(sinceSubmit.get(reviewer)!, reference, 'waiting for the request card');
        const text = eventText(card);
        expect(text).toContain('£156,008');
        expect(text).toContain(Verbs.comment);
        expect(text).toContain(Verbs.returnForChanges);
        expect(text).not.toContain(Verbs.approve);
        reviewCards.set(reviewer, card);
      }
    });

    const comments: Array<[PlaygroundSeat, string, string, RegExp]> = [
      [
        finance,
        'Funding from OAWY and the SAFE Taskforce is confirmed.',
        'Financial Comments (FF ',
        /Finance comment on ECR-\d{4}-\d{4} added by Fiona Finance\. Still to comment: HR, Legal/,
      ],
      [hr, 'Grades confirmed by job evaluation.', 'HR Comments (HH ', /HR comment on ECR-\d{4}-\d{4} added by Harry Hr\. Still to comment: Legal/],
      [legal, 'No legal implications.', 'Legal Comments (LL ', /Legal comment on ECR-\d{4}-\d{4} added by Lena Legal\. All comments are in/],
    ];
    let version: number | undefined;
    const sinceComments = new Map(cast.all.map((s) => [s, s.events.length]));
    for (const [reviewer, comment, heading, told] of comments) {
      await cast.step(`${reviewer.person.name} adds a comment from the card`, async () => {
        const cardId = reviewCards.get(reviewer)!.message.messageId;
        if (version !== undefined) {
          // The previous comment changed the request: this card is updated in place to the new version.
          await reviewer.waitForUpdate(
            sinceComments.get(reviewer)!,
            (e) => e.message.messageId === cardId && cardVersion(e) === version,
            `waiting for the card to show version ${version}`,
          );
        }
        const officerSeen = officer.events.length;
        const result = await reviewer.execute(cardId, Verbs.comment, { commentText: comment });
        expect(result.text).toContain('Your comment is recorded');
        expect(result.text).toContain(heading);
        version = cardVersion({
          action: 'invoke',
          actionConversationId: reviewer.chat,
          message: { messageId: cardId, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: result.value }] },
        });
        await officer.waitForMessage(officerSeen, (e) => told.test(eventText(e)), `waiting for the officer to be told of ${reviewer.person.name}'s comment`);
      });
    }

    const decisionCard = await cast.step('the director gets the decision card with every comment', async () => {
      const card = await director.waitForRequestCard(sinceSubmit.get(director)!, reference, 'waiting for the decision card');
      for (const expected of [
        reference,
        '£156,008',
        'Financial Comments (FF',
        'HR Comments (HH',
        'Legal Comments (LL',
        'No legal implications.',
        Verbs.approve,
        Verbs.reject,
        Verbs.returnForChanges,
      ]) {
        expect(eventText(card)).toContain(expected);
      }
      return card;
    });

    await cast.step("the reviewers' cards now show all three comments and no buttons", async () => {
      for (const reviewer of [finance, hr, legal]) {
        const cardId = reviewCards.get(reviewer)!.message.messageId;
        await reviewer.waitForUpdate(
          sinceComments.get(reviewer)!,
          (e) => e.message.messageId === cardId && eventText(e).includes('Legal Comments (LL') && !eventText(e).includes(Verbs.comment),
          'waiting for the card to show every comment',
        );
      }
    });

    const sinceDecision = new Map(cast.all.map((s) => [s, s.events.length]));
    await cast.step('the director approves from the card', async () => {
      const result = await director.execute(decisionCard.message.messageId, Verbs.approve, { decisionInterest: 'none', approveReasons: 'Fully funded.' });
      expect(result.text).toContain('You approved this request');
      expect(result.text).not.toContain(Verbs.approve);
    });

    await cast.step('the officer is told it was approved and when call-in ends', async () => {
      await officer.waitForMessage(
        sinceDecision.get(officer)!,
        (e) => eventText(e).includes(`${reference} was approved by Dana Director`),
        'waiting for "was approved by Dana Director"',
      );
      await officer.waitForMessage(sinceDecision.get(officer)!, (e) => eventText(e).includes('The call-in period ends on'), 'waiting for the call-in period');
    });

    await cast.step("everyone's card is updated in place to show the approval, without decision buttons", async () => {
      const cards: Array<[PlaygroundSeat, string]> = [
        [finance, reviewCards.get(finance)!.message.messageId],
        [hr, reviewCards.get(hr)!.message.messageId],
        [legal, reviewCards.get(legal)!.message.messageId],
        [director, decisionCard.message.messageId],
      ];
      for (const [seat, cardId] of cards) {
        const updated = await seat.waitForUpdate(
          sinceDecision.get(seat)!,
          (e) => e.message.messageId === cardId && eventText(e).includes('Approved** by Dana Director'),
          'waiting for the card to show the approval',
        );
        expect(eventText(updated)).not.toContain(Verbs.approve);
        expect(eventText(updated)).not.toContain(Verbs.comment);
      }
    });

    // Nobody got a second copy of the card: the updates were in place.
    for (const seat of [finance, hr, legal, director]) {
      const copies = seat.events.filter((e) => e.action === 'createMessage' && eventText(e).includes(`"reference":"${reference}"`));
      expect(copies).toHaveLength(1);
    }
  }, 180_000);
});
