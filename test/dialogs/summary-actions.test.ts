import { BotHarness, textOf } from '../support/bot-harness';

const text = (messages: Array<Record<string, unknown>>) => messages.map(textOf).join('\n');
const draftKey = (messages: Array<Record<string, unknown>>) => /"draft":"([0-9a-z]+)"/.exec(JSON.stringify(messages))![1]!;

/** A complete draft, built by answering every question. */
async function completeDraft(bot: BotHarness, title: string): Promise<string> {
  const answers = [
    'new request', title, 'Children and Families', 'Commissioning', 'skip', 'me',
    '2 fte Service Organiser (Grade 4 scp 23 - £28,376 with on-costs) permanent from 1 April 2027', 'no',
    'existing budget £56,752', 'no',
    'Purpose', 'skip', 'Proposal', 'skip', 'Reasons', 'skip', 'Finance', 'skip', 'skip', 'skip', 'skip', 'All', 'Recommendation',
    'no', 'yes',
  ];
  for (const a of answers) await bot.say(a);
  return draftKey(await bot.say('no'));
}

describe('the summary card: edit, add, remove, save, discard and submit', () => {
  const bot = new BotHarness();
  let key: string;
  beforeAll(async () => {
    await bot.start();
    key = await completeDraft(bot, 'Service Organisers');
  });
  afterAll(() => bot.stop());

  it('edits one part and shows the summary again', async () => {
    expect(text(await bot.submit({ action: 'draft.edit', draft: key, version: 0, field: 'title' }))).toMatch(/What is the request called/);
    const summary = text(await bot.say('Two Service Organisers'));
    expect(summary).toContain('Two Service Organisers');
    expect(summary).toContain('£56,752');
  });

  it('adds a change, asking only for what is missing, then shows the new totals', async () => {
    expect(text(await bot.submit({ action: 'draft.addLine', draft: key, version: 0 }))).toMatch(/Any more changes/);
    expect(text(await bot.say('1 fte Project Manager Grade 5 scp 28 from 1 April 2027'))).toMatch(/permanent, or temporary/);
    expect(text(await bot.say('12 months'))).toMatch(/Any more changes/);
    const summary = text(await bot.say('no'));
    expect(summary).toContain('£90,256'); // 56,752 + 33,504
    expect(summary).toMatch(/Shortfall: funding falls £33,504 short/);
  });

  it('removes a change', async () => {
    const summary = text(await bot.submit({ action: 'draft.removeLine', draft: key, version: 0, line: '2' }));
    expect(summary).toContain('Removed change 2');
    expect(summary).toContain('Funding exactly covers the cost.');
  });

  it('ignores an edit choice the card never offered', async () => {
    expect(text(await bot.submit({ action: 'draft.edit', draft: key, version: 0, field: '__proto__' }))).toContain('Choose what to change');
  });

  it('uses the change-line form: a bad field is refused with the typed values kept', async () => {
    await bot.submit({ action: 'draft.addLine', draft: key, version: 0 });
    const refused = text(await bot.submit({ action: 'line.form', draft: key, line: '1', kind: 'establish', fte: '0', jobTitle: 'Analyst', grade: 'Grade 5', scp: '28', term: 'permanent', effectiveDate: '1 April 2027' }));
    expect(refused).toContain('FTE must be more than zero');
    expect(refused).toContain('"value":"Analyst"');
    const saved = text(await bot.submit({ action: 'line.form', draft: key, line: '1', kind: 'establish', fte: '0.5', jobTitle: 'Analyst', grade: 'Grade 5', scp: '28', term: 'permanent', effectiveDate: '1 April 2027' }));
    expect(saved).toMatch(/Saved: 0\.5 fte Analyst \(Grade 5 scp 28, £33,504 with on-costs\)/);
    await bot.submit({ action: 'draft.removeLine', draft: key, version: 0, line: '2' });
  });

  it('saves for later, then submits; a second click on Submit does not submit twice', async () => {
    expect(text(await bot.submit({ action: 'draft.save', draft: key, version: 0 }))).toContain('Saved');
    const before = bot.connector.messagesTo(bot.personalConversationId()).length;
    await Promise.all([bot.submit({ action: 'draft.submit', draft: key, version: 0 }), bot.submit({ action: 'draft.submit', draft: key, version: 0 })]);
    const replies = bot.connector.messagesTo(bot.personalConversationId()).slice(before).map(textOf);
    expect(replies.filter((r) => /Submitted as \*\*ECR-\d{4}-\d{4}\*\*/.test(r))).toHaveLength(1);
    expect(replies.filter((r) => /submitted or changed a moment ago|no longer exists/.test(r))).toHaveLength(1);
    expect(text(await bot.say('my requests')).match(/ECR-\d{4}-\d{4}/g)).toHaveLength(1);
  });

  it('keeps several drafts and discards one', async () => {
    const a = await completeDraft(bot, 'Draft A');
    await completeDraft(bot, 'Draft B');
    expect(text(await bot.submit({ action: 'draft.discard', draft: a, version: 0 }))).toContain('Discarded the draft "Draft A"');
    const list = text(await bot.say('my requests'));
    expect(list).toContain('Draft: Draft B');
    expect(list).not.toContain('Draft A');
  });
});
