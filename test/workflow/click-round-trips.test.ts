import { Verbs } from '../../cards/verbs';
import { BotHarness, TENANT, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';
import { FaultProxy } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import { click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, raiseSeed004 } from '../support/workflow';

/**
 * A click waits for each storage round trip it makes in turn, so the round trips it can
 * avoid or overlap are counted here, through a proxy in front of Azurite.
 */
describe('storage round trips of a click', () => {
  const proxy = new FaultProxy(testConnectionString());
  const bot = new BotHarness();
  beforeAll(async () => {
    await proxy.start();
    await bot.start({ AZURE_TABLES_CONNECTION_STRING: proxy.connectionString });
    await installForEveryone(bot);
  });
  afterAll(async () => {
    await bot.stop();
    await proxy.stop();
  });

  it('reads the request and the tenant deputies at the same time', async () => {
    const seeded = await seedAwaitingDecision(bot, 'ECR-2026-9801');
    await bot.app.dispatcher.idle();
    const isRead = (r: { method: string; path: string }) =>
      r.method === 'GET' && (r.path.includes("RowKey='request_ECR-2026-9801'") || r.path.includes('Delegations'));
    // Neither read is answered until both have been sent: one after the other would never finish.
    const bothSent = proxy.holdTogether(
      (r) => isRead({ ...r, path: decodeURIComponent(r.path) }),
      2,
      (body) => body.length,
    );
    const answer = await bot.invoke(click(Verbs.approve, seeded.reference, seeded.workflow.version), PEOPLE.director, {
      conversation: { id: `a:rt-${PEOPLE.director.aadObjectId}`, conversationType: 'personal', tenantId: TENANT },
    });
    await bothSent;
    expect(invokeText(answer.body)).toContain('You approved this request');
  });

  it('writes all the follow-ups of sending a request for review (its outbox, a reminder and an escalation for each reviewer) in one transaction', async () => {
    const draft = await raiseSeed004(bot);
    expect(draft).toBeDefined();
    const since = proxy.requests.length;
    const submitted = (await submitDraft(bot, draft!)).map(textOf).join('\n');
    expect(submitted).toMatch(/ECR-\d{4}-\d{4}/);
    // Sending it for review (done just after, from the outbox) schedules a reminder and an escalation for each reviewer.
    await bot.app.dispatcher.idle();
    const writes = proxy.requests
      .slice(since)
      .filter((r) => r.method !== 'GET' && (decodeURIComponent(r.path).includes('Schedule(') || r.body?.includes('Schedule(')));
    const review = writes.filter((r) => r.body?.includes('_remind_'));
    expect(review).toHaveLength(1);
    const rows = review[0]!.body!.match(/^PUT \S+Schedule\(\S+_(outbox|remind|escalate)_/gm)!.map((line) => /_(outbox|remind|escalate)_$/.exec(line)![1]);
    expect(rows.sort()).toEqual(['escalate', 'escalate', 'escalate', 'outbox', 'remind', 'remind', 'remind']);
  });
});
