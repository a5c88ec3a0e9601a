import { BotHarness, textOf } from '../support/bot-harness';
import { submitDraft } from '../support/drafts';

type Message = Record<string, unknown>;
const text = (messages: Message[]) => messages.map(textOf).join('\n');

/** The draft key the summary card's Submit button carries. */
function draftKeyOf(messages: Message[]): string {
  const card = JSON.stringify(messages.at(-1));
  const m = /"draft":"([0-9a-z]+)"/.exec(card);
  if (!m) throw new Error(`No draft key in ${card.slice(0, 500)}`);
  return m[1]!;
}

describe('raising seed 004 through the dialogue (table-driven: what the officer says, what the bot replies)', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  const script: Array<[string, RegExp]> = [
    ['new request', /What is the request called/],
    ['Request to create traded Childrens Commissioning posts', /Which directorate/],
    ['Children and Families', /Which service/],
    ['Commissioning and Market Management', /Which team/],
    ['skip', /contact officer/],
    ['me', /Describe the first change/],
    [
      '1 FTE PO4 Commissioning Manager permanent from 1 December 2022',
      /I understood this change[\s\S]*1\. 1 fte Commissioning Manager \(PO4, £55,588 with on-costs\), permanent, with effect from 1 December 2022[\s\S]*Any more changes/,
    ],
    [
      '1.0 FTE PO2 Commissioning Officer, permanent, from 1 December 2022',
      /2\. 1 fte Commissioning Officer \(PO2, £44,832 with on-costs\)[\s\S]*Any more changes/,
    ],
    [
      '1 FTE PO4 Commissioning Manager fixed term to 31/03/2025',
      /3\. 1 fte Commissioning Manager \(PO4, £55,588 with on-costs\), temporary until 31 March 2025[\s\S]*From what date does it take effect/,
    ],
    ['next spring', /"next spring" is not a date I recognise[\s\S]*From what date/],
    ['1 December 2022', /Any more changes/],
    ['no', /How is it funded/],
    ['traded income from OAWY £100,420', /Added: OAWY £100,420[\s\S]*Another source/],
    ['government grant SAFE Taskforce £55,588', /Added: SAFE Taskforce £55,588/],
    ['no', /purpose of the request/],
    ['To create three traded commissioning posts funded by OAWY and the SAFE Taskforce.', /background/],
    ['skip', /What do you propose/],
    ['skip', /is needed for the decision maker[\s\S]*What do you propose/],
    ['Create two PO4 Commissioning Managers and one PO2 Commissioning Officer.', /other options/],
    ['A part-time PO6 post was considered but was less suitable.', /reasons for the recommendation/],
    ['The current arrangements are unsustainable.', /HR implications/],
    ['skip', /financial implications/],
    ['Funded by OAWY (£100,420) and SAFE Taskforce (£55,588).', /legal implications/],
    ['skip', /key risks/],
    ['skip', /equality and safeguarding/],
    ['skip', /consultation/],
    ['skip', /wards/],
    ['All', /recommendation/],
    ['The Director of Children and Families is recommended to approve the creation of the three posts.', /key decision/],
    ['maybe', /Please answer yes or no \(you typed "maybe"\)[\s\S]*key decision/],
    ['no', /open to call-in/],
    ['yes', /exempt information/],
    ['no', /£156,008/],
  ];

  it.each(script)('officer: %s', async (said, expected) => {
    expect(text(await bot.say(said))).toMatch(expected);
  });

  it('shows the totals of the report on the summary card and submits it as ECR-<year>-0001', async () => {
    const summary = await bot.say('continue');
    const card = text(summary);
    expect(card).toContain('Funding exactly covers the cost.');
    expect(card).toContain('£156,008');
    const replies = await submitDraft(bot, draftKeyOf(summary));
    expect(text(replies)).toMatch(/Submitted as \*\*ECR-\d{4}-0001\*\*/);
  });

  it('lists it under my requests and shows its status only to its owner and the people fixed on it', async () => {
    const reference = /ECR-\d{4}-0001/.exec(text(await bot.say('my requests')))![0];
    expect(text(await bot.say(`status ${reference.toLowerCase()}`))).toContain('Submitted');
    // The review opens in the background, after the submission's turn (start_review in the
    // outbox drain, which waits for gaps between turns): a fast run can ask before it has.
    await bot.app.dispatcher.idle();
    const finance = { aadObjectId: '00000000-0000-0000-0000-0000000000b1', name: 'Fiona Finance' };
    expect(text(await bot.say(`status ${reference}`, finance))).toContain('Add comment');
    const stranger = { aadObjectId: '00000000-0000-0000-0000-0000000000e9', name: 'Sid Stranger' };
    expect(text(await bot.say(`status ${reference}`, stranger))).toContain(`I can't find ${reference}`);
    expect(text(await bot.say(`withdraw ${reference}`, stranger))).toContain(`I can't find ${reference}`);
  });

  it('lets the officer withdraw it, once', async () => {
    const reference = /ECR-\d{4}-0001/.exec(text(await bot.say('my requests')))![0];
    expect(text(await bot.say(`withdraw ${reference}`))).toContain(`${reference} is withdrawn`);
    expect(text(await bot.say(`withdraw ${reference}`))).toContain('cannot be withdrawn');
    expect(text(await bot.say(`status ${reference}`))).toContain('Withdrawn');
  });

  it.each(["ECR-2026-0001' or ''='", 'ECR/2026/0001', 'x'.repeat(2000), 'ECR-2026-0001#?'])(
    'refuses the reference %s before it reaches storage',
    async (bad) => {
      expect(text(await bot.say(`status ${bad}`))).toMatch(/is not a request reference/);
    },
  );
});

describe('a draft survives a restart and resumes where it was', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('continues the same question after the bot restarts mid-dialogue', async () => {
    await bot.say('new request');
    expect(text(await bot.say('Temporary Short Breaks posts'))).toMatch(/Which directorate/);
    await bot.restart();
    expect(text(await bot.say('Children and Families'))).toMatch(/Which service/);
  });

  it('resumes with continue days later, after saving for later', async () => {
    expect(text(await bot.say('save'))).toMatch(/draft is saved/);
    await bot.restart();
    expect(text(await bot.say('continue'))).toMatch(/Carrying on with "Temporary Short Breaks posts"[\s\S]*Which service/);
  });

  it('quick entry of seed 002 shows what it understood and asks only for what is missing', async () => {
    await bot.say('Commissioning and Placements');
    await bot.say('skip');
    await bot.say('Jill Norman, Group Manager');
    const replies = text(await bot.say('1.5 fte Commissioning Assistants (Grade 3 scp 18 - £23,940 with on-costs)'));
    expect(replies).toMatch(/1\.5 fte Commissioning Assistant \(Grade 3 scp 18, £23,940 with on-costs\)[\s\S]*permanent, or temporary/);
    expect(text(await bot.say('until 31 March 2019'))).toMatch(/From what date/);
    expect(text(await bot.say('1 July 2018'))).toMatch(/Any more changes/);
    expect(text(await bot.say('£-5'))).toMatch(/could not find a post|cannot be negative/);
  });
});
