import { Verbs } from '../../cards/verbs';
import { MAX_POSTED_CARDS, type PostedCard } from '../../storage/posted-cards';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { addToDecisionsTeam, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

/**
 * The cards the bot posted for a request (to update them in place as it moves on) are one
 * row with an entry a post, read by key: they were rows of their own, found by a query of
 * the partition, and Azurite answers every query by scanning the whole table.
 */
describe("a request's posted cards", () => {
  const bot = new BotHarness();
  // Each person has one 1:1 chat with the bot: a post in another conversation is another person's (their sends share one budget).
  const card = (activityId: string, conversationId = 'a:someone', viewerAadObjectId: string = PEOPLE.finance.aadObjectId): PostedCard => ({
    conversationId,
    activityId,
    audience: 'person',
    viewerTenantId: TENANT,
    viewerAadObjectId,
    viewerName: PEOPLE.finance.name,
  });

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot);
  });
  afterAll(() => bot.stop());

  it('are kept an entry a key, in key order; remembering a key again replaces its entry', async () => {
    const { posts } = storeFor(bot);
    expect(await posts.cards('ECR-2026-9701')).toEqual([]);
    await posts.remember('ECR-2026-9701', 'b', card('2'));
    await posts.remember('ECR-2026-9701', 'a', card('1'));
    await posts.remember('ECR-2026-9701', 'deputy_f:1-x', card('3'));
    await posts.remember('ECR-2026-9701', 'a', card('1 again'));
    expect((await posts.cards('ECR-2026-9701')).map((p) => p.activityId)).toEqual(['1 again', '2', '3']);
  });

  it(`past ${MAX_POSTED_CARDS} posts the drain still sends, remembers no more (the row stays within Table Storage's 252 properties) and says so`, async () => {
    const { posts } = storeFor(bot);
    const seeded = await seedAwaitingDecision(bot, 'ECR-2026-9702');
    await bot.app.dispatcher.idle();
    const full = Array.from({ length: MAX_POSTED_CARDS - (await posts.cards('ECR-2026-9702')).length }, (_, i) => i);
    for (let i = 0; i < full.length; i += 20)
      await Promise.all(
        full
          .slice(i, i + 20)
          .map((n) => posts.remember('ECR-2026-9702', `filler_${String(n).padStart(3, '0')}`, card(`filler-${n}`, `a:filler-${n}`, `filler-${n}`))),
      );
    expect(await posts.cards('ECR-2026-9702')).toHaveLength(MAX_POSTED_CARDS);
    // A new thread in the decisions channel is a createConversation carrying the card.
    const channelPosts = () =>
      bot.connector.calls.filter((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes('ECR-2026-9702'));
    expect(channelPosts()).toHaveLength(0);

    const answer = await bot.invoke(click(Verbs.approve, 'ECR-2026-9702', seeded.workflow.version), PEOPLE.director);
    expect(invokeText(answer.body)).toContain('You approved this request');
    await bot.app.dispatcher.idle();

    expect(channelPosts()).toHaveLength(1);
    expect(
      bot.connector.messagesTo(bot.personalConversationId(OFFICER)).filter((m) => String(m.text ?? '').startsWith('ECR-2026-9702 was approved')),
    ).toHaveLength(1);
    expect(await posts.cards('ECR-2026-9702')).toHaveLength(MAX_POSTED_CARDS);
    expect(bot.logs.some((l) => l.event === 'outbox.posts_full' && l.reference === 'ECR-2026-9702')).toBe(true);
  }, 60_000);
});
