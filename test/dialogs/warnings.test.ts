import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { storeFor } from '../support/workflow';
import { clickDraft } from '../support/drafts';

type Message = Record<string, unknown>;
const text = (messages: Message[]) => messages.map(textOf).join('\n');
const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };

/**
 * Remarks a careful officer would want, never refusals: the dialogue gives the
 * questionnaire today's London date (the harness clock) and the full-time hours.
 */
describe('warnings: a start date in the past, an FTE or cost far outside the pay table, a title that reads like a sentence', () => {
  const bot = new BotHarness();
  beforeAll(async () => {
    bot.clock = new Date('2026-12-07T12:00:00Z');
    await bot.start();
    for (const a of ['new request', 'Support posts', 'Adults', 'Support', 'skip', 'me']) await bot.say(a);
  });
  afterAll(() => bot.stop());

  const steps: Array<{ said: string; reply: RegExp; not?: RegExp; lines: number }> = [
    {
      said: '1 FTE PO4 Commissioning Manager permanent from 1 December 2022',
      reply: /Note: 1 December 2022 is in the past: is that right\?[\s\S]*Any more changes/,
      lines: 1,
    },
    { said: '1 FTE PO4 Commissioning Manager permanent from 1 April 2027', reply: /Any more changes/, not: /Note:/, lines: 2 },
    { said: '25 fte Support Worker Grade 3 scp 18 permanent from 1 April 2027', reply: /Note: 25 FTE on one change is a lot: is that right\?/, lines: 3 },
    {
      said: '1 fte Project Officer, Grade 5, £950,000 with on-costs, permanent, from 1 April 2027',
      reply: /Note: £950,000 a year per FTE is far outside the pay table \(£[\d,]+ to £[\d,]+\): is that right\?/,
      lines: 4,
    },
    {
      said: '1 fte Project Officer, Grade 5, £3,000 with on-costs, permanent, from 1 April 2027',
      reply: /Note: £3,000 a year per FTE is far outside the pay table/,
      lines: 5,
    },
    // hours are converted at 37 full-time hours
    { said: '2 fte Project Officer, Grade 5 scp 28, permanent, from 1 April 2027', reply: /Any more changes/, not: /Note:/, lines: 6 },
  ];
  it.each(steps.map((s) => [s.said, s] as const))('officer: %s', async (_said, step) => {
    const got = text(await bot.say(step.said));
    expect(got).toMatch(step.reply);
    if (step.not) expect(got).not.toMatch(step.not);
    expect((await storeFor(bot).drafts.latest(owner))!.content.lines).toHaveLength(step.lines);
  });

  it('remarks on a job title that reads like a sentence, and on a date in the past answered on its own', async () => {
    const draft = (await storeFor(bot).drafts.latest(owner))!;
    const saved = text(
      await clickDraft(bot, draft.draftId, 'draft.saveLine', {
        line: 'new',
        kind: 'establish',
        fte: '1',
        jobTitle: 'We will recruit an officer to lead the review of the service.',
        grade: 'Grade 5',
        scp: '28',
        term: 'permanent',
        effectiveDate: '',
      }),
    );
    expect(saved).toMatch(/reads like a sentence rather than a job title: is that the title\?/);
    expect(saved).toMatch(/From what date/);
    expect(text(await bot.say('1 May 2022'))).toMatch(/Note: 1 May 2022 is in the past: is that right\?[\s\S]*Any more changes/);
    expect((await storeFor(bot).drafts.latest(owner))!.content.lines[6]!.effectiveDate).toBe('2022-05-01');
  });

  it('converts hours a week at 37 full-time hours', async () => {
    const draft = (await storeFor(bot).drafts.latest(owner))!;
    await clickDraft(bot, draft.draftId, 'draft.saveLine', {
      line: 'new',
      kind: 'establish',
      fte: '',
      jobTitle: 'Support Worker',
      grade: 'Grade 3',
      scp: '',
      term: 'permanent',
      effectiveDate: '1 April 2027',
    });
    expect(text(await bot.say('18.5 hours'))).toMatch(/18\.5 hours a week at 37 full-time hours = 0\.5 FTE/);
  });
});
