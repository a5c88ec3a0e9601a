import { BotHarness } from '../support/bot-harness';
import { eventText, findExecuteAction, Playground } from '../support/playground';

const CHAT = 'a:personal-chat-officer';
const OFFICER = '29:officer';

/** Journey 1, in the Agents Playground: the officer raises seed 004 by chat and submits it. */
describe('journey: an officer raises seed 004 in the Agents Playground', () => {
  const bot = new BotHarness();
  const playground = new Playground();
  beforeAll(async () => {
    await bot.start();
    await playground.start(bot.app.url);
  }, 60_000);
  afterAll(async () => {
    await playground.stop();
    await bot.stop();
  });

  it('walks the dialogue with quick entry, sees the report totals and submits from the card', async () => {
    const steps: Array<[string, RegExp]> = [
      ['new request', /What is the request called/],
      ['Request to create traded Childrens Commissioning posts', /Which directorate/],
      ['Children and Families', /Which service/],
      ['Commissioning and Market Management', /Which team/],
      ['skip', /contact officer/],
      ['me', /Describe the first change/],
      ['1.0 FTE PO4 Commissioning Manager, permanent, from 1 December 2022', /Any more changes/],
      ['1.0 FTE PO2 Commissioning Officer, permanent, from 1 December 2022', /Any more changes/],
      ['1 FTE PO4 Commissioning Manager fixed term to 31/03/2025 from 1 December 2022', /Any more changes/],
      ['no', /How is it funded/],
      ['traded income from OAWY £100,420', /Another source/],
      ['government grant SAFE Taskforce £55,588', /Another source/],
      ['no', /purpose/],
      ['To create three traded commissioning posts.', /background/],
      ['skip', /propose/],
      ['Two PO4 Commissioning Managers and one PO2 Commissioning Officer.', /other options/],
      ['skip', /reasons/],
      ['The current arrangements are unsustainable.', /HR implications/],
      ['skip', /financial implications/],
      ['Funded by OAWY and the SAFE Taskforce.', /legal/],
      ['skip', /risks/],
      ['skip', /equality/],
      ['skip', /consultation/],
      ['skip', /wards/],
      ['All', /recommendation/],
      ['Approve the creation of the three posts.', /key decision/],
      ['no', /call-in/],
      ['yes', /exempt/],
    ];
    for (const [said, expected] of steps) await playground.ask(CHAT, said, OFFICER, expected);

    const summary = await playground.ask(CHAT, 'no', OFFICER, /Funding exactly covers the cost/);
    expect(eventText(summary)).toContain('£156,008');
    const submit = findExecuteAction(summary, 'draft.submit')!;
    expect(submit.data).toEqual({ draft: expect.stringMatching(/^[0-9a-z]+$/), version: expect.any(Number) });

    const seen = playground.events.length;
    await playground.invoke(
      CHAT,
      summary.message.messageId,
      { action: { type: 'Action.Execute', verb: 'draft.submit', data: submit.data }, trigger: 'manual' },
      OFFICER,
    );
    const confirmation = await playground.waitForNew(seen, (e) => /Submitted as/.test(eventText(e)), 10_000, 'after clicking Submit');
    const reference = /ECR-\d{4}-0001/.exec(eventText(confirmation))![0];

    await playground.ask(CHAT, `status ${reference}`, OFFICER, /Submitted/);
  }, 120_000);
});
