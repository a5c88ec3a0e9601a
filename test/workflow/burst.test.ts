import { FORCED_STEP_MS } from '../../bot/foreground';
import { DRAINS_AT_ONCE, DRAINS_WHILE_BUSY } from '../../bot/workflow/outbox-dispatcher';
import { outboxVersion } from '../../storage/outbox-store';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

/**
 * A burst of decisions: each click is answered as soon as its decision is written, while
 * the notifications of all of them wait their turn, a few requests at a time, and are each
 * sent once in the end. Before, every click started its drain at once, so under load a
 * click queued for the CPU behind the notifications of every click before it.
 */
describe('a burst of approvals', () => {
  const bot = new BotHarness();
  const references = Array.from({ length: 10 }, (_, i) => `ECR-2026-${9501 + i}`);
  const approveAll = (seeded: Array<{ reference: string; workflow: { version: number } }>, label: string) =>
    Promise.all(
      seeded.map((s, i) =>
        bot.invoke(click(Verbs.approve, s.reference, s.workflow.version), PEOPLE.director, {
          conversation: { id: `a:${label}-${i}-${PEOPLE.director.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
        }),
      ),
    );
  const approvedOnce = async (officerChat: string, toldBefore: number, refs: string[]) => {
    const told = bot.connector
      .messagesTo(officerChat)
      .slice(toldBefore)
      .map((m) => String(m.text ?? ''));
    for (const reference of refs) expect(told.filter((t) => t.startsWith(`${reference} was approved`))).toHaveLength(1);
  };

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
    const answers = await approveAll(seeded, 'burst');
    expect(answers.map((a) => invokeText(a.body)).filter((t) => t.includes('You approved this request'))).toHaveLength(references.length);

    await bot.connector.waitFor(() => bot.connector.held.length >= DRAINS_AT_ONCE, 10_000);
    // Time enough for any other drain to have reached a send too, had it been let start.
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.connector.held).toHaveLength(DRAINS_AT_ONCE);
    expect(DRAINS_AT_ONCE).toBeLessThan(references.length);

    bot.connector.release();
    await bot.app.dispatcher.idle();
    await approvedOnce(officerChat, toldBefore, references);
  }, 60_000);

  it('while someone waits for an answer, drains one outbox at a time; once no one waits, DRAINS_AT_ONCE', async () => {
    const refs = Array.from({ length: 8 }, (_, i) => `ECR-2026-${9601 + i}`);
    const seeded = await Promise.all(refs.map((r) => seedAwaitingDecision(bot, r)));
    await bot.app.dispatcher.idle();
    const officerChat = bot.personalConversationId(OFFICER);
    const toldBefore = bot.connector.messagesTo(officerChat).length;
    // Someone's turn is under way: its reply is held by a silent Teams, so it stays in flight.
    const bystander = { tenantId: TENANT, aadObjectId: 'bystander-0001', name: 'Bystander' };
    const bystanderChat = bot.personalConversationId(bystander);
    const heldBefore = bot.connector.held.length;
    bot.connector.hold();
    const waiting = bot.say('help', bystander);
    await bot.connector.waitFor(() => bot.connector.held.some((c) => c.conversationId === bystanderChat), 10_000);

    await approveAll(seeded, 'busy');
    const drainSends = () => bot.connector.held.slice(heldBefore).filter((c) => c.conversationId !== bystanderChat).length;
    await bot.connector.waitFor(() => drainSends() >= DRAINS_WHILE_BUSY, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(drainSends()).toBe(DRAINS_WHILE_BUSY);
    expect(DRAINS_WHILE_BUSY).toBeLessThan(DRAINS_AT_ONCE);

    // The bystander is answered: no one is waiting now, and more drains start.
    bot.connector.releaseWhere((c) => c.conversationId === bystanderChat);
    await waiting;
    await bot.connector.waitFor(() => drainSends() >= DRAINS_AT_ONCE, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(drainSends()).toBe(DRAINS_AT_ONCE);

    bot.connector.release();
    await bot.app.dispatcher.idle();
    await approvedOnce(officerChat, toldBefore, refs);
  }, 60_000);

  it('while someone waits for an answer, a drain takes a step at most every FORCED_STEP_MS; once no one waits, it finishes at once', async () => {
    const reference = 'ECR-2026-9701';
    const seeded = await seedAwaitingDecision(bot, reference);
    await bot.app.dispatcher.idle();
    const officerChat = bot.personalConversationId(OFFICER);
    const toldBefore = bot.connector.messagesTo(officerChat).length;
    const { outbox } = storeFor(bot);
    // Rows of the approval and of the publication it causes that are done so far.
    const doneRows = async () => (await outbox.read(reference)).done.filter((key) => outboxVersion({ rowKey: key }) > seeded.workflow.version).length;
    // Only the bystander's reply is held: the drain's own sends go through.
    const bystander = { tenantId: TENANT, aadObjectId: 'bystander-0002', name: 'Bystander' };
    const bystanderChat = bot.personalConversationId(bystander);
    bot.connector.hold((c) => c.conversationId === bystanderChat);
    const waiting = bot.say('help', bystander);
    await bot.connector.waitForHeld((held) => held.some((c) => c.conversationId === bystanderChat), 10_000);

    const began = performance.now();
    const answer = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(answer.body)).toContain('You approved this request');
    await new Promise((r) => setTimeout(r, 3 * FORCED_STEP_MS));
    const done = await doneRows();
    // A step starts the drain, and each row after the first is a step: no more than one a FORCED_STEP_MS.
    expect(done).toBeLessThanOrEqual(Math.floor((performance.now() - began) / FORCED_STEP_MS) + 1);
    expect((await outbox.read(reference)).pending.length).toBeGreaterThan(0);

    bot.connector.stopHolding();
    bot.connector.releaseWhere((c) => c.conversationId === bystanderChat);
    await waiting;
    await bot.app.dispatcher.idle();
    expect((await outbox.read(reference)).pending).toEqual([]);
    await approvedOnce(officerChat, toldBefore, [reference]);
  }, 60_000);
});
