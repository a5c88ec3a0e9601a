import { Verbs } from '../../cards/verbs';
import { inFlightRequests } from '../../bot/server';
import { BotHarness } from '../support/bot-harness';
import { cardVersion, eventText, findExecuteAction, PlaygroundCast, type PlaygroundEvent, type PlaygroundSeat } from '../support/playground';

const RETURN_REASON = 'Please say why the fixed-term post cannot be permanent.';
const NEW_REASONS = 'The current arrangements are unsustainable, and the fixed-term post covers the SAFE Taskforce grant period only.';
const REJECT_REASONS = 'The traded income from OAWY is not yet contracted.';

/** The version in an invoke's card reply. */
function replyVersion(reply: { value?: unknown }): number | undefined {
  return cardVersion({
    action: 'invoke',
    actionConversationId: '',
    message: { messageId: '', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: reply.value }] },
  });
}

/**
 * Journey 4, in the Agents Playground: finance returns a request for changes; the officer
 * revises it by chat, edits a section from the summary card and resubmits; the three
 * reviewers comment again; the director rejects it with reasons, which the officer sees.
 * Each person has their own Playground (see sign-off.e2e.test.ts).
 */
describe('journey: a returned request is revised, resubmitted and rejected in the Agents Playground', () => {
  const bot = new BotHarness();
  const cast = new PlaygroundCast();
  const { officer, finance, hr, legal, director } = cast.seats;
  const reviewers = [finance, hr, legal];
  const mark = () => new Map(cast.all.map((s) => [s, s.events.length]));

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
    process.stdout.write(`Journey 4 timings:\n${cast.report()}\nBot warnings and errors: ${warnings.length ? [...new Set(warnings)].join('; ') : 'none'}\n`);
  });

  /** Each reviewer's new request card about `reference` since `since`. */
  async function reviewCards(since: Map<PlaygroundSeat, number>, reference: string, round: string): Promise<Map<PlaygroundSeat, PlaygroundEvent>> {
    return cast.step(`${round}: each reviewer gets a request card with Add comment and Return for changes`, async () => {
      const cards = new Map<PlaygroundSeat, PlaygroundEvent>();
      for (const reviewer of reviewers) {
        const card = await reviewer.waitForRequestCard(since.get(reviewer)!, reference, 'waiting for the request card');
        expect(eventText(card)).toContain(Verbs.comment);
        expect(eventText(card)).toContain(Verbs.returnForChanges);
        expect(eventText(card)).not.toContain(Verbs.reject);
        cards.set(reviewer, card);
      }
      return cards;
    });
  }

  it('finance returns it, the officer revises and resubmits, three comment again and the director rejects with reasons', async () => {
    const sinceSubmit = mark();
    const reference = await cast.raiseAndSubmitSeed004();
    const firstCards = await reviewCards(sinceSubmit, reference, 'first review');

    const sinceReturn = mark();
    await cast.step('finance returns it for changes from the card', async () => {
      const reply = await finance.execute(firstCards.get(finance)!.message.messageId, Verbs.returnForChanges, { returnReason: RETURN_REASON });
      expect(reply.text).toContain(RETURN_REASON);
      expect(reply.text).not.toContain(Verbs.comment);
    });

    await cast.step('the officer is told why, and how to revise it', async () => {
      const told = await officer.waitForMessage(
        sinceReturn.get(officer)!,
        (e) => eventText(e).includes(`${reference}: Returned for changes by Fiona Finance`),
        'waiting for "Returned for changes by Fiona Finance"',
      );
      expect(eventText(told)).toContain(RETURN_REASON);
      expect(eventText(told)).toContain(`revise ${reference}`);
    });

    await cast.step("HR's and legal's cards are updated in place: returned, with no buttons", async () => {
      for (const reviewer of [hr, legal]) {
        const cardId = firstCards.get(reviewer)!.message.messageId;
        await reviewer.waitForUpdate(
          sinceReturn.get(reviewer)!,
          (e) => e.message.messageId === cardId && eventText(e).includes(RETURN_REASON) && !eventText(e).includes(Verbs.comment),
          'waiting for the card to show the return',
        );
      }
    });

    const summary = await cast.step(`the officer types "revise ${reference}" and gets the returned request back`, async () => {
      const since = officer.events.length;
      await officer.ask(`revise ${reference}`, /as it was returned/);
      return officer.waitForMessage(since, (e) => findExecuteAction(e, 'draft.edit') !== undefined, 'waiting for the summary card of the revision');
    });

    const revised = await cast.step('the officer edits the reasons from the summary card', async () => {
      const since = officer.events.length;
      await officer.execute(summary.message.messageId, 'draft.edit', { field: 'section:reasons' });
      await officer.waitForMessage(since, (e) => /reasons/i.test(eventText(e)), 'waiting for the question about reasons');
      const after = officer.events.length;
      await officer.say(NEW_REASONS);
      const card = await officer.waitForMessage(
        after,
        (e) => findExecuteAction(e, 'draft.submit') !== undefined,
        'waiting for the summary card after the edit',
      );
      expect(eventText(card)).toContain('£156,008');
      return card;
    });

    const sinceResubmit = mark();
    await cast.step('the officer resubmits from the summary card', async () => {
      await officer.execute(revised.message.messageId, 'draft.submit');
      const confirmation = await officer.waitForMessage(
        sinceResubmit.get(officer)!,
        (e) => eventText(e).includes(reference) && /submitted/i.test(eventText(e)),
        'waiting for the resubmission to be confirmed',
      );
      expect(eventText(confirmation)).not.toMatch(/couldn't|cannot|can't/i);
    });

    const secondCards = await reviewCards(sinceResubmit, reference, 'second review');
    await cast.step('the new cards show the revised reasons', async () => {
      for (const reviewer of reviewers) expect(eventText(secondCards.get(reviewer)!)).toContain('fixed-term post covers the SAFE Taskforce grant period');
    });

    const sinceComments = mark();
    let version: number | undefined;
    const comments: Array<[PlaygroundSeat, string, string]> = [
      [finance, 'The revised funding case is confirmed.', 'Financial Comments (FF '],
      [hr, 'Grades confirmed by job evaluation.', 'HR Comments (HH '],
      [legal, 'No legal implications.', 'Legal Comments (LL '],
    ];
    for (const [reviewer, comment, heading] of comments) {
      await cast.step(`${reviewer.person.name} comments again from the new card`, async () => {
        const cardId = secondCards.get(reviewer)!.message.messageId;
        if (version !== undefined) {
          await reviewer.waitForUpdate(
            sinceComments.get(reviewer)!,
            (e) => e.message.messageId === cardId && cardVersion(e) === version,
            `waiting for the card to show version ${version}`,
          );
        }
        const reply = await reviewer.execute(cardId, Verbs.comment, { commentText: comment });
        expect(reply.text).toContain('Your comment is recorded');
        expect(reply.text).toContain(heading);
        version = replyVersion(reply);
      });
    }

    const decisionCard = await cast.step('the director gets the decision card', async () => {
      await officer.waitForMessage(sinceComments.get(officer)!, (e) => eventText(e).includes('All comments are in'), 'waiting for "All comments are in"');
      const card = await director.waitForRequestCard(sinceResubmit.get(director)!, reference, 'waiting for the decision card');
      for (const expected of ['Legal Comments (LL', 'fixed-term post covers the SAFE Taskforce grant period', Verbs.reject])
        expect(eventText(card)).toContain(expected);
      return card;
    });

    const sinceDecision = mark();
    await cast.step('the director rejects it with reasons from the card', async () => {
      const reply = await director.execute(decisionCard.message.messageId, Verbs.reject, { decisionInterest: 'none', rejectReasons: REJECT_REASONS });
      expect(reply.text).toMatch(/You rejected/);
      expect(reply.text).not.toContain(Verbs.reject);
    });

    await cast.step('the officer sees the rejection and its reasons', async () => {
      await officer.waitForMessage(
        sinceDecision.get(officer)!,
        (e) => eventText(e).includes(`${reference}: Rejected by Dana Director: ${REJECT_REASONS}`),
        'waiting for "Rejected by Dana Director" with the reasons',
      );
    });

    await cast.step("everyone's current card is updated in place to show the rejection", async () => {
      const cards: Array<[PlaygroundSeat, string]> = [
        ...reviewers.map((r): [PlaygroundSeat, string] => [r, secondCards.get(r)!.message.messageId]),
        [director, decisionCard.message.messageId],
      ];
      for (const [seat, cardId] of cards) {
        const updated = await seat.waitForUpdate(
          sinceDecision.get(seat)!,
          (e) => e.message.messageId === cardId && eventText(e).includes(REJECT_REASONS),
          'waiting for the card to show the rejection',
        );
        expect(eventText(updated)).not.toContain(Verbs.approve);
        expect(eventText(updated)).not.toContain(Verbs.comment);
      }
    });
  }, 180_000);
});
