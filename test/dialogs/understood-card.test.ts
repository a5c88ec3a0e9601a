import { BotHarness, cardWith, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { storeFor } from '../support/workflow';

type Message = Record<string, unknown>;
const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
const card = (m: Message) => (m.attachments as Array<{ content: Record<string, unknown> }> | undefined)?.[0]?.content;
const understoodOf = (messages: Message[]) => messages.find((m) => /"verb":"draft\.fixLine"/.test(JSON.stringify(card(m) ?? {})));

/** The understood card's rows: label → [value recorded, the words quoted]. */
function rows(message: Message): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as { type?: string; columns?: Array<{ items: Array<{ text: string }> }> };
    if (o.type === 'ColumnSet' && o.columns?.length === 3) {
      const [label, value, words] = o.columns.map((c) => c.items[0]!.text);
      if (label !== 'Field') out[label!] = [value!, words!];
      return;
    }
    Object.values(o).forEach(visit);
  };
  visit(card(message));
  return out;
}

async function startDraft(bot: BotHarness): Promise<void> {
  for (const said of ['new request', 'Short Breaks posts', 'Children and Families', 'Short Breaks', 'skip', 'me']) await bot.say(said);
}

const SENTENCE = 'establish two 30 hours a week Project Officers (Grade 5), £33,504 inc. on-costs, fixed term 18 months from 1 October 2026';

describe.each([
  [37, 162, '1.62'],
  [36, 166, '1.66'],
])('"I understood" as a card, full-time week %s hours', (hours, fte, shown) => {
  const bot = new BotHarness();
  beforeAll(() => bot.start({ FULL_TIME_HOURS: String(hours) }));
  afterAll(() => bot.stop());

  it('lays out each field beside the words it came from; Fix opens the form filled in, which saves the correction', async () => {
    await startDraft(bot);
    const replies = await bot.say(SENTENCE);
    const understood = understoodOf(replies);
    expect(understood).toBeDefined();
    const r = rows(understood!);
    expect(r['Change']).toEqual(['Establish', '“establish”']);
    expect(r['FTE']).toEqual([shown, '“two … 30 hours a week”']);
    expect(r['Job title']).toEqual(['Project Officer', '“Project Officers”']);
    expect(r['Grade']).toEqual(['Grade 5', '“(Grade 5)”']);
    expect(r['Cost with on-costs']![1]).toBe('“£33,504 inc. on-costs”');
    expect(r['Cost with on-costs']![0]).toMatch(/^£33,504 a year per FTE/);
    expect(r['Permanent or temporary']).toEqual(['Temporary for 18 months', '“fixed term 18 months”']);
    expect(r['From']).toEqual(['1 October 2026', '“from 1 October 2026”']);
    expect(textOf(understood!)).toContain(`30 hours a week at ${hours} full-time hours`);
    // The dialogue goes on with its next question after the card.
    expect(replies.map(textOf).join('\n')).toMatch(/Any more changes/);

    const draft = (await storeFor(bot).drafts.latest(owner))!;
    expect(draft.content.lines[0]!.fteHundredths).toBe(fte);

    const fixed = await bot.click(understood!, 'Fix change 1');
    expect(fixed.body.type).toBe('application/vnd.microsoft.activity.message');
    const form = cardWith(fixed.messages, 'Save this change');
    const values = JSON.stringify(card(form));
    for (const v of [
      `"value":"${shown}"`,
      '"value":"Project Officer"',
      '"value":"Grade 5"',
      '"value":"£33,504"',
      '"value":"18 months"',
      '"value":"1 October 2026"',
    ])
      expect(values).toContain(v);

    const saved = await bot.click(form, 'Save this change', { grade: 'Grade 6' });
    expect(textOf(saved.card!)).toMatch(/Saved/);
    const after = (await storeFor(bot).drafts.latest(owner))!;
    expect(after.content.lines).toHaveLength(1);
    expect(after.content.lines[0]).toMatchObject({ grade: 'Grade 6', fteHundredths: fte, jobTitle: 'Project Officer', annualCostPerFtePence: 3_350_400 });

    // The card is now older than the draft: Fix still opens the change as it stands, saying so.
    const again = await bot.click(understood!, 'Fix change 1');
    const newer = JSON.stringify(card(cardWith(again.messages, 'Save this change')));
    expect(newer).toContain('The draft has changed since that card was sent');
    expect(newer).toContain('"value":"Grade 6"');
  });

  it('asks, and shows as still to ask, what the words do not give; funding is a card too', async () => {
    await bot.say('cancel');
    await bot.say('discard');
    await startDraft(bot);
    const replies = await bot.say('delete 0.5 fte Business Support Assistant');
    const r = rows(understoodOf(replies)!);
    expect(r['Change']).toEqual(['Disestablish (delete)', '“delete”']);
    expect(r['Grade']).toBeUndefined();
    expect(JSON.stringify(card(understoodOf(replies)!))).toMatch(/I will ask: the grade, the annual cost per FTE with on-costs, the start date/);
    expect(replies.map(textOf).join('\n')).toMatch(/What grade/);
    for (const said of ['Grade 3', '1 April 2027', 'no']) await bot.say(said);
    const funding = (await bot.say('contribution from the ICB £13,000')).find((m) => /Added: /.test(textOf(m)));
    expect(textOf(funding!)).toContain('Added: contribution from the ICB £13,000');
    const f = rows(funding!);
    expect(f['Source']).toEqual(['Partner contribution', '“contribution”']);
    expect(f['Amount a year']).toEqual(['£13,000', '“£13,000”']);
  });
});
