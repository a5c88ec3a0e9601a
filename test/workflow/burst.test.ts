import { DRAINS_AT_ONCE } from '../../bot/workflow/outbox-dispatcher';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision } from '../support/workflow';

/**
 * A burst of decisions: each click is answered as soon as its decision is written, while
 * the notifications of all of them wait their turn, a few requests at a time, and are each
 * sent once in the end. Before, every click started its drain at once, so under load a
 * click queued for the CPU behind the notifications of every click before it.
 */
describe('a burst of approvals', () => {
  const bot = new BotHarness();
  const references = Array.from({ length: 10 }, (_, i) => `ECR-2026-${9501 + i}`);

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
  });
  afterAll(() => bot.stop());

  it('answers every click while at most DRAINS_AT_ONCE outboxes are drained, then sends each notification once', async () => {
    const seeded = await Promise.all(references.map((r) => seedAwaitingDecision(bot, r)));
    await bot.app.dispatcher.idle();
    const officerChat = bot.personalConversationId(OFFICER);
    const toldBefore = bot.connector.messagesTo(officerChat).length;
    // Teams stops answering: every drain that reaches a send stays there, holding its turn.
    bot.connector.hold();
    const answers = await Promise.all(
      seeded.map((s, i) =>
        bot.invoke(click(Verbs.approve, s.reference, s.workflow.version), PEOPLE.director, { conversation: { id: `a:burst-${i}-${PEOPLE.director.aadObjectId}`, conversationType: 'personal', tenantId: TENANT } }),
      ),
    );
    expect(answers.map((a) => invokeText(a.body)).filter((t) => t.includes('You approved this request'))).toHaveLength(references.length);

    await bot.connector.waitFor(() => bot.connector.held.length >= DRAINS_AT_ONCE, 10_000);
    // Time enough for any other drain to have reached a send too, had it been let start.
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.connector.held).toHaveLength(DRAINS_AT_ONCE);
    expect(DRAINS_AT_ONCE).toBeLessThan(references.length);

    bot.connector.release();
    await bot.app.dispatcher.idle();
    const told = bot.connector.messagesTo(officerChat).slice(toldBefore).map((m) => String(m.text ?? ''));
    for (const reference of references) {
      expect(told.filter((t) => t.startsWith(`${reference} was approved`))).toHaveLength(1);
    }
  }, 60_000);
});
