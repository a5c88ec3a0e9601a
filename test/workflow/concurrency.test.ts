import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER, TENANT } from '../support/bot-harness';
import { auditOf, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

/**
 * Many clicks on one request at the same moment, through the real HTTP endpoint and
 * Azurite: the etag on the request row lets exactly one win; the rest are told who did.
 */
describe('concurrent clicks decide once', () => {
  const bot = new BotHarness();
  let n = 0;
  const nextReference = () => `ECR-2026-${String(9000 + ++n)}`;
  const settle = () => bot.app.dispatcher.idle();

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
  });
  afterAll(() => bot.stop());

  const transitions = async (reference: string) => (await auditOf(bot, reference)).filter((e) => e.action && !e.refused && e.action !== 'seeded');

  it.each([2, 10, 20, 50])('%i simultaneous approvals, repeated: exactly one decision and one audit row each time', async (clicks) => {
    const repetitions = clicks === 20 ? 5 : 2;
    for (let r = 0; r < repetitions; r++) {
      const reference = nextReference();
      const seeded = await seedAwaitingDecision(bot, reference);
      // Each click on its own conversation (other devices, other bot instances): the bot
      // serialises turns of one conversation, so only the etag can separate these.
      const results = await Promise.all(
        Array.from({ length: clicks }, (_, i) =>
          bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director, {
            conversation: { id: `a:device-${i}-${PEOPLE.director.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
          }),
        ),
      );
      expect(results.every((x) => x.status === 200)).toBe(true);
      const texts = results.map((x) => invokeText(x.body));
      expect(texts.filter((t) => t.includes('You approved this request'))).toHaveLength(1);
      for (const t of texts.filter((x) => !x.includes('You approved this request'))) expect(t).toMatch(/Already approved by Dana Director|changing right now/);
      await settle();
      const audit = await transitions(reference);
      expect(audit.filter((e) => e.action === 'approve')).toHaveLength(1);
      // One "approved" message to the officer, however many clicks.
      const told = bot.connector.messagesTo(bot.personalConversationId(OFFICER)).filter((m) => String(m.text).includes(`${reference} was approved`));
      expect(told).toHaveLength(1);
    }
  });

  it('the same click re-delivered with the same activity id: one decision, one audit row, one notification', async () => {
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(bot, reference);
    const activity = bot.activity('invoke', PEOPLE.director, { name: 'adaptiveCard/action', value: click(Verbs.approve, reference, seeded.workflow.version) });
    const replies = await Promise.all([bot.post(activity), bot.post(activity), bot.post(activity)]);
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    await settle();
    expect((await transitions(reference)).filter((e) => e.action === 'approve')).toHaveLength(1);
    expect(bot.connector.messagesTo(bot.personalConversationId(OFFICER)).filter((m) => String(m.text).includes(`${reference} was approved`))).toHaveLength(1);
  });

  it('approve racing withdraw: exactly one wins and the loser is told', async () => {
    for (let r = 0; r < 3; r++) {
      const reference = nextReference();
      const seeded = await seedAwaitingDecision(bot, reference);
      const [approve, withdraw] = await Promise.all([
        bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director),
        bot.say(`withdraw ${reference}`),
      ]);
      const stored = (await storeFor(bot).requests.get(reference))!;
      const approveText = invokeText(approve.body);
      const withdrawText = withdraw.map((m) => String(m.text)).join('\n');
      if (stored.workflow.status === 'withdrawn') {
        expect(withdrawText).toContain(`${reference} is withdrawn`);
        expect(approveText).not.toContain('You approved this request');
      } else {
        expect(['approved', 'published']).toContain(stored.workflow.status);
        expect(approveText).toContain('You approved this request');
        expect(withdrawText).not.toContain('is withdrawn');
        expect(withdrawText).toMatch(/cannot be withdrawn|changed|Already/i);
      }
      const audit = await transitions(reference);
      expect(audit.filter((e) => e.action === 'approve' || e.action === 'withdraw')).toHaveLength(1);
    }
  });

  it('an approver removed from the request (a different director now in routing) cannot act: only the people fixed at submission can', async () => {
    const reference = nextReference();
    const seeded = await seedAwaitingDecision(bot, reference);
    // Derek is the committee route's officer, not the director fixed on this request.
    const other = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.democratic);
    // Nobody on the request: they learn nothing of it, not even that it exists.
    expect(other.body).toMatchObject({ statusCode: 404 });
    const otherTenant = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director, {
      channelData: { tenant: { id: '00000000-0000-0000-0000-00000000ffff' } },
      conversation: { id: bot.personalConversationId(PEOPLE.director), conversationType: 'personal', tenantId: '00000000-0000-0000-0000-00000000ffff' },
    });
    expect(JSON.stringify(otherTenant.body)).toMatch(/"statusCode":40[34]/);
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('awaiting_decision');
  });
});
