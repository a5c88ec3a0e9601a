import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { storeFor } from '../support/workflow';
import { clickDraft } from '../support/drafts';
import type { RequestContent } from '../../domain/request';

type Message = Record<string, unknown>;
const text = (messages: Message[]) => messages.map(textOf).join('\n');
const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };

/** What the officer says, what the bot replies, and (when given) what the draft then holds. */
type Step = [said: string, reply: RegExp, holds?: (draft: RequestContent) => void, notReply?: RegExp];

async function run(bot: BotHarness, steps: Step[]): Promise<void> {
  for (const [said, reply, holds, notReply] of steps) {
    const got = text(await bot.say(said));
    try {
      expect(got).toMatch(reply);
      if (notReply) expect(got).not.toMatch(notReply);
    } catch (e) {
      throw new Error(`After "${said}" the bot said:\n${got}\n\n${(e as Error).message}`);
    }
    if (holds) holds((await storeFor(bot).drafts.latest(owner))!.content);
  }
}

describe('correcting is easy: back, change <field>, keep, "sorry, I meant …", Edit shows the value', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  const steps: Step[] = [
    ['new request', /What is the request called/],
    ['back', /no earlier answer[\s\S]*What is the request called/, (d) => expect(d.title).toBeUndefined()],
    ['Short Breaks posts', /Which directorate/, (d) => expect(d.title).toBe('Short Breaks posts')],
    ['Adults', /Which service/],
    [
      'sorry, I meant Children and Families, not Adults',
      /Changed the directorate to "Children and Families"[\s\S]*Which service/,
      (d) => expect(d.directorate).toBe('Children and Families'),
    ],
    ['Commissioning', /Which team/],
    // back is never an answer: it re-asks the service, its saved answer shown
    ['back', /Now: \*\*Commissioning\*\*[\s\S]*Which service/, (d) => expect(d.team).toBeUndefined()],
    ['Commissioning and Placements', /Which team/, (d) => expect(d.service).toBe('Commissioning and Placements')],
    ['back', /Now: \*\*Commissioning and Placements\*\*[\s\S]*Which service/],
    ['keep', /Kept: Commissioning and Placements[\s\S]*Which team/, (d) => expect(d.service).toBe('Commissioning and Placements')],
    ['Placements team', /contact officer/, (d) => expect(d.team).toBe('Placements team')],
    ['I meant Placements', /Changed the team to "Placements"[\s\S]*contact officer/, (d) => expect(d.team).toBe('Placements')],
    // A correction naming an answer that is not there is asked about, not guessed
    ['sorry, I meant Resources, not Housing', /I have no answer "Housing"[\s\S]*"Resources" as the team/, (d) => expect(d.team).toBe('Placements')],
    ['no', /Left the team as it was[\s\S]*contact officer/, (d) => expect(d.team).toBe('Placements')],
    ['change the title', /Now: \*\*Short Breaks posts\*\*[\s\S]*What is the request called/],
    ['Temporary Short Breaks posts', /contact officer/, (d) => expect(d.title).toBe('Temporary Short Breaks posts')],
    ['change servce', /can't tell which answer "servce" is[\s\S]*contact officer/, (d) => expect(d.contactOfficer).toBeUndefined()],
    ['change service', /Now: \*\*Commissioning and Placements\*\*[\s\S]*Which service/],
    ['Short Breaks', /contact officer/, (d) => expect(d.service).toBe('Short Breaks')],
    ['save', /draft is saved/],
    // after continue (a new conversation turn with no answers of its own) back still goes back
    ['continue', /Carrying on[\s\S]*contact officer/],
    ['back', /Now: \*\*Placements\*\*[\s\S]*Which team/],
    ['keep', /Kept: Placements[\s\S]*contact officer/],
    ['Jill Norman, Group Manager', /Describe the first change/],
    // "no, …" right after an answer corrects it
    [
      'no, Jill Norman, Service Manager',
      /Changed the contact officer to "Jill Norman, Service Manager"[\s\S]*Describe the first change/,
      (d) => expect(d.contactOfficer).toEqual({ name: 'Jill Norman', jobTitle: 'Service Manager' }),
    ],
    ['1 FTE PO4 Commissioning Manager permanent from 1 December 2027', /I understood[\s\S]*Any more changes/],
    [
      'sorry, I meant 2 FTE PO4 Commissioning Manager permanent from 1 December 2027',
      /Changed the changes[\s\S]*2 fte Commissioning Manager[\s\S]*Any more changes/,
      (d) => {
        expect(d.lines).toHaveLength(1);
        expect(d.lines[0]!.fteHundredths).toBe(200);
      },
    ],
    ['back', /To correct a change: `change fte of change 1`[\s\S]*2 fte Commissioning Manager[\s\S]*Any more changes/, (d) => expect(d.lines).toHaveLength(1)],
    ['change fte', /Now: \*\*2\*\*[\s\S]*How many FTE/],
    ['1.5', /Any more changes/, (d) => expect(d.lines[0]!.fteHundredths).toBe(150)],
  ];
  it.each(steps.map((s, i) => [i + 1, s[0], s] as const))('%i. officer: %s', async (_i, _said, step) => {
    await run(bot, [step]);
  });

  it('Edit on the summary card shows the current value in the question', async () => {
    const draft = (await storeFor(bot).drafts.latest(owner))!;
    const replies = text(await clickDraft(bot, draft.draftId, 'draft.edit', { field: 'directorate' }));
    expect(replies).toMatch(/Now: \*\*Children and Families\*\*[\s\S]*Which directorate/);
    expect(text(await bot.say('keep'))).toMatch(/Kept: Children and Families/);
  });
});

describe('funding typed among the changes, and "no" where a value is needed', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it.each(
    (
      [
        ['new request', /request called/],
        ['Support posts', /directorate/],
        ['Adults', /service/],
        ['Support', /team/],
        ['skip', /contact officer/],
        ['me', /Describe the first change/],
        [
          'existing budget £21,960',
          /reads as funding, so I added it as a funding source: existing budget £21,960[\s\S]*Describe the first change/,
          (d: RequestContent) => {
            expect(d.funding).toEqual([{ kind: 'existing_budget', amountPence: 2_196_000 }]);
            expect(d.lines).toHaveLength(0);
          },
        ],
        ['1 fte Project Officer (Grade 5 scp 28) permanent from 1 April 2027', /I understood[\s\S]*Any more changes/],
        [
          'partner contribution from the ICB £33,504',
          /added it as a funding source: ICB £33,504, and took the list of changes as complete[\s\S]*Another source/,
          (d: RequestContent) => {
            expect(d.funding).toHaveLength(2);
            expect(d.lines).toHaveLength(1);
            expect(d.linesComplete).toBe(true);
          },
          /How many FTE|is not an FTE/,
        ],
        ['change changes', /Project Officer[\s\S]*Any more changes/],
        ['no', /Another source/, (d: RequestContent) => expect(d.linesComplete).toBe(true)],
      ] as Step[]
    ).map((s) => [s[0], s] as const),
  )('officer: %s', async (_said, step) => {
    await run(bot, [step]);
  });

  it('"no" at the FTE question gets a way out, never "is not an FTE"; remove takes the change out', async () => {
    const draft = (await storeFor(bot).drafts.latest(owner))!;
    await clickDraft(bot, draft.draftId, 'draft.addLine');
    const asked = text(
      await clickDraft(bot, draft.draftId, 'draft.saveLine', {
        line: 'new',
        kind: 'establish',
        fte: '',
        jobTitle: 'Support Worker',
        grade: 'Grade 3',
        scp: '',
        term: 'permanent',
        effectiveDate: '1 April 2027',
      }),
    );
    expect(asked).toMatch(/How many FTE/);
    await run(bot, [
      ['no', /still needs this[\s\S]*\*\*remove\*\*[\s\S]*How many FTE/, (d) => expect(d.lines).toHaveLength(2), /is not an FTE/],
      ['remove', /Removed change 2 \(Support Worker/, (d) => expect(d.lines).toHaveLength(1)],
    ]);
  });
});

describe('discard from anywhere asks first, naming the draft; cancel offers keep or discard', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());
  const titles = async () => (await storeFor(bot).drafts.listForOwner(owner)).drafts.map((d) => d.title).sort();

  it.each(
    (
      [
        ['new request', /request called/],
        ['Older draft', /directorate/],
        ['new request', /request called/],
        ['Newer draft', /directorate/],
        ['discard Older draft', /Discard the draft "Older draft"\? It cannot be undone/, ['Newer draft', 'Older draft']],
        ['yes', /Discarded the draft "Older draft"[\s\S]*Which directorate/, ['Newer draft']],
        ['discard', /Discard the draft "Newer draft"\?/, ['Newer draft']],
        ['no', /Kept the draft "Newer draft"[\s\S]*Which directorate/, ['Newer draft']],
        ['cancel', /Keep the draft "Newer draft" to carry on later[\s\S]*discard/, ['Newer draft']],
        ['keep it', /Your draft "Newer draft" is kept[\s\S]*continue/, ['Newer draft']],
        // the questions have stopped: this is not taken as the directorate
        ['Children and Families', /didn't recognise/, ['Newer draft']],
        ['continue', /Carrying on with "Newer draft"[\s\S]*Which directorate/],
        ['cancel', /Keep the draft "Newer draft"/],
        ['no', /Discard the draft "Newer draft"\?/, ['Newer draft']],
        ['yes, discard', /Discarded the draft "Newer draft"/, []],
        ['cancel', /Nothing to cancel/],
        ['discard', /no draft to discard/],
      ] as Array<[string, RegExp, string[]?]>
    ).map((s) => [s[0], s] as const),
  )('officer: %s', async (_said, [said, reply, drafts]) => {
    const got = text(await bot.say(said));
    expect(got).toMatch(reply);
    if (drafts) expect(await titles()).toEqual(drafts);
  });

  it('keeps the directorate out of the cancelled draft', async () => {
    expect((await storeFor(bot).drafts.listForOwner(owner)).drafts).toHaveLength(0);
  });
});
