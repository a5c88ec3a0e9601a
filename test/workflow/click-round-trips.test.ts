import { Verbs } from '../../cards/verbs';
import { BotHarness, TENANT, textOf } from '../support/bot-harness';
import { FaultProxy } from '../support/fault-proxy';
import { testConnectionString } from '../support/tables';
import { click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision } from '../support/workflow';

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
    const isRead = (r: { method: string; path: string }) => r.method === 'GET' && (r.path.includes("RowKey='request_ECR-2026-9801'") || r.path.includes('Delegations'));
    // Neither read is answered until both have been sent: one after the other would never finish.
    const bothSent = proxy.holdTogether((r) => isRead({ ...r, path: decodeURIComponent(r.path) }), 2, (body) => body.length);
    const answer = await bot.invoke(click(Verbs.approve, seeded.reference, seeded.workflow.version), PEOPLE.director, { conversation: { id: `a:rt-${PEOPLE.director.aadObjectId}`, conversationType: 'personal', tenantId: TENANT } });
    await bothSent;
    expect(invokeText(answer.body)).toContain('You approved this request');
  });

  it('writes all the follow-ups of sending a request for review (its outbox, a reminder and an escalation for each reviewer) in one transaction', async () => {
    for (const said of [
      'new request', 'Request to create traded Childrens Commissioning posts', 'Children and Families', 'Commissioning and Market Management', 'skip', 'me',
      '1 FTE PO4 Commissioning Manager permanent from 1 December 2022', '1.0 FTE PO2 Commissioning Officer, permanent, from 1 December 2022',
      '1 FTE PO4 Commissioning Manager fixed term to 31/03/2025', '1 December 2022', 'no',
      'traded income from OAWY £100,420', 'government grant SAFE Taskforce £55,588', 'no',
      'To create three traded commissioning posts.', 'skip', 'Create two PO4 and one PO2 posts.', 'skip', 'The current arrangements are unsustainable.', 'skip',
      'Funded by OAWY and SAFE Taskforce.', 'skip', 'skip', 'skip', 'skip', 'All', 'The Director is recommended to approve the three posts.', 'no', 'yes',
    ]) await bot.say(said);
    const summary = await bot.say('no');
    const draft = /"action":"draft\.submit","draft":"([0-9a-z]+)"/.exec(JSON.stringify(summary))?.[1];
    expect(draft).toBeDefined();
    const since = proxy.requests.length;
    const submitted = (await bot.submit({ action: 'draft.submit', draft, version: 0 })).map(textOf).join('\n');
    expect(submitted).toMatch(/ECR-\d{4}-\d{4}/);
    // Sending it for review (done just after, from the outbox) schedules a reminder and an escalation for each reviewer.
    await bot.app.dispatcher.idle();
    const writes = proxy.requests.slice(since).filter((r) => r.method !== 'GET' && (decodeURIComponent(r.path).includes('Schedule(') || r.body?.includes('Schedule(')));
    const review = writes.filter((r) => r.body?.includes('_remind_'));
    expect(review).toHaveLength(1);
    const rows = review[0]!.body!.match(/^PUT \S+Schedule\(\S+_(outbox|remind|escalate)_/gm)!.map((line) => /_(outbox|remind|escalate)_$/.exec(line)![1]);
    expect(rows.sort()).toEqual(['escalate', 'escalate', 'escalate', 'outbox', 'remind', 'remind', 'remind']);
  });
});
