import { BotHarness, cardWith, textOf, type Clicked } from '../support/bot-harness';

type Message = Record<string, unknown>;
const text = (messages: Message[]) => messages.map(textOf).join('\n');
const shown = (clicked: Clicked) => [clicked.card ? textOf(clicked.card) : JSON.stringify(clicked.body.value), text(clicked.messages)].join('\n');

const ANSWERS = (title: string) => [
  'new request',
  title,
  'Children and Families',
  'Commissioning',
  'skip',
  'me',
  '2 fte Service Organiser (Grade 4 scp 23 - £28,376 with on-costs) permanent from 1 April 2027',
  'no',
  'existing budget £56,752',
  'no',
  'Purpose',
  'skip',
  'Proposal',
  'skip',
  'Reasons',
  'skip',
  'Finance',
  'skip',
  'skip',
  'skip',
  'skip',
  'All',
  'Recommendation',
  'no',
  'yes',
];

/** A complete draft, built by answering every question: the summary card the bot sent last. */
async function completeDraft(bot: BotHarness, title: string): Promise<Message> {
  for (const a of ANSWERS(title)) await bot.say(a);
  return cardWith(await bot.say('no'), 'Submit');
}

/** Answers up to the first change's question: the message carrying the change form. */
async function formFor(bot: BotHarness, title: string): Promise<Message> {
  const answers = ['new request', title, 'Children and Families', 'Commissioning', 'skip'];
  for (const a of answers) await bot.say(a);
  return cardWith(await bot.say('me'), 'Save this change');
}

const submittedCount = async (bot: BotHarness) => (text(await bot.say('my requests')).match(/ECR-\d{4}-\d{4}/g) ?? []).length;

describe('the summary card: every button is an Action.Execute checked against the revision it showed', () => {
  const bot = new BotHarness();
  let summary: Message;
  beforeAll(async () => {
    await bot.start();
    summary = await completeDraft(bot, 'Service Organisers');
  });
  afterAll(() => bot.stop());

  it('edits one part and shows the summary again', async () => {
    const clicked = await bot.click(summary, 'Edit', { field: 'title' });
    expect(shown(clicked)).toMatch(/Changing the title/);
    expect(text(clicked.messages)).toMatch(/What is the request called/);
    const replies = await bot.say('Two Service Organisers');
    expect(text(replies)).toContain('Two Service Organisers');
    expect(text(replies)).toContain('£56,752');
    summary = cardWith(replies, 'Submit');
  });

  it('adds a change, asking only for what is missing, then shows the new totals', async () => {
    const clicked = await bot.click(summary, 'Add a change');
    expect(text(clicked.messages)).toMatch(/Any more changes/);
    expect(text(await bot.say('1 fte Project Manager Grade 5 scp 28 from 1 April 2027'))).toMatch(/permanent, or temporary/);
    expect(text(await bot.say('12 months'))).toMatch(/Any more changes/);
    const replies = await bot.say('no');
    expect(text(replies)).toContain('£90,256'); // 56,752 + 33,504
    expect(text(replies)).toMatch(/Shortfall: funding falls £33,504 short/);
    summary = cardWith(replies, 'Submit');
  });

  it('removes a change, on the card itself', async () => {
    const clicked = await bot.click(summary, 'Remove', { line: '2' });
    expect(shown(clicked)).toContain('Removed change 2');
    expect(shown(clicked)).toContain('Funding exactly covers the cost.');
    summary = clicked.card!;
  });

  it('ignores an edit choice the card never offered', async () => {
    expect(shown(await bot.click(summary, 'Edit', { field: '__proto__' }))).toContain('Choose what to change');
  });

  it('refuses card data it does not expect, changing nothing', async () => {
    const action = await bot.click(summary, 'Save for later', { status: 'approved' } as Record<string, string>);
    expect(action.body).toMatchObject({ statusCode: 400, value: { code: 'BAD_ACTION_DATA' } });
  });

  it('uses the change form: a bad field comes back on the form with the typed values kept', async () => {
    const form = await formFor(bot, 'Form draft');
    const refused = await bot.click(form, 'Save this change', {
      kind: 'establish',
      fte: '0',
      jobTitle: 'Analyst',
      grade: 'Grade 5',
      scp: '28',
      term: 'permanent',
      effectiveDate: '1 April 2027',
    });
    expect(shown(refused)).toContain('FTE must be more than zero');
    expect(JSON.stringify(refused.card)).toContain('"value":"Analyst"');
    const saved = await bot.click(refused.card!, 'Save this change', {
      kind: 'establish',
      fte: '0.5',
      jobTitle: 'Analyst',
      grade: 'Grade 5',
      scp: '28',
      term: 'permanent',
      effectiveDate: '1 April 2027',
    });
    expect(shown(saved)).toMatch(/Saved: 0\.5 fte Analyst \(Grade 5 scp 28, £33,504 with on-costs\)/);
    // The form is now a note of what was saved: no inputs or buttons to use twice.
    expect(JSON.stringify(saved.card)).not.toContain('Action.Execute');
    expect(text(saved.messages)).toMatch(/Any more changes/);
    await bot.say('save');
  });

  it('asks before discarding, on the card; "No, keep it" keeps it', async () => {
    const asked = await bot.click(summary, 'Discard');
    expect(textOf(asked.card!)).toMatch(/Discard the draft \\"Two Service Organisers\\"\? It cannot be undone/);
    expect(JSON.stringify(asked.card)).not.toContain('"title":"Submit"');
    const kept = await bot.click(asked.card!, 'No, keep it');
    expect(shown(kept)).toContain('Kept the draft');
    summary = kept.card!;
  });

  it('saves for later, then submits; a second click on Submit does not submit twice', async () => {
    expect(shown(await bot.click(summary, 'Save for later'))).toContain('Saved for later');
    const before = bot.connector.messagesTo(bot.personalConversationId()).length;
    const clicks = await Promise.all([bot.click(summary, 'Submit'), bot.click(summary, 'Submit')]);
    // Each click's own card says what happened to it: one submitted, the other refused.
    const cards = clicks.map((c) => textOf(c.card!));
    expect(cards.filter((r) => /"text":"Submitted as ECR-\d{4}-\d{4}\./.test(r))).toHaveLength(1);
    expect(cards.filter((r) => /submitted or changed a moment ago|This draft was submitted/.test(r))).toHaveLength(1);
    expect(text(bot.connector.messagesTo(bot.personalConversationId()).slice(before)).match(/Submitted as \*\*ECR-\d{4}-\d{4}\*\*/g)).toHaveLength(1);
    expect(await submittedCount(bot)).toBe(1);
    // The submitted summary has no buttons left and says what it became.
    const done = clicks.find((c) => /"text":"Submitted as ECR/.test(textOf(c.card!)))!;
    expect(textOf(done.card!)).toMatch(/Submitted as ECR-\d{4}-\d{4}/);
    expect(JSON.stringify(done.card)).not.toContain('Action.Execute');
  });

  it('a summary clicked after its draft was submitted says what became of it', async () => {
    const again = await bot.click(summary, 'Submit');
    expect(shown(again)).toMatch(/This draft was submitted as ECR-\d{4}-\d{4}/);
    expect(await submittedCount(bot)).toBe(1);
  });
});

describe('stale cards: the three bugs of two roads', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it("an older summary's Submit submits nothing: the card shows the draft as it now stands", async () => {
    const older = await completeDraft(bot, 'Older summary');
    const added = await bot.click(older, 'Add a change');
    expect(text(added.messages)).toMatch(/Any more changes/);
    // A complete change ends the edit: the new summary comes at once.
    const newer = cardWith(await bot.say('1 fte Project Manager Grade 5 scp 28 permanent from 1 April 2027'), 'Save for later');
    // The card it showed (two Service Organisers, no shortfall) is not the draft now (three posts, a shortfall).
    const stale = await bot.click(older, 'Submit');
    expect(shown(stale)).toMatch(/older version of the draft, so nothing was changed/);
    expect(shown(stale)).toMatch(/Shortfall: funding falls £33,504 short/);
    expect(await submittedCount(bot)).toBe(0);
    // The summary sent after it is the live one; a click there acts.
    expect(shown(await bot.click(newer, 'Remove', { line: '2' }))).toContain('Removed change 2');
  });

  it('the summary sent before a newer one is updated to say it is superseded, without buttons', async () => {
    const first = await completeDraft(bot, 'Superseded summary');
    const updatesBefore = bot.connector.updates().length;
    await bot.click(first, 'Edit', { field: 'title' });
    await bot.say('Superseded summary, renamed');
    const update = bot.connector
      .updates()
      .slice(updatesBefore)
      .find((u) => u.path.endsWith(`/activities/${String(first.id)}`));
    expect(update).toBeDefined();
    expect(JSON.stringify(update!.body)).toMatch(/Superseded/);
    expect(JSON.stringify(update!.body)).not.toContain('Action.Execute');
    // And when Teams refreshes the old card, it shows the same.
    const refreshed = await bot.execute(
      'draft.refresh',
      { draft: /"draft":"([0-9a-z]+)"/.exec(JSON.stringify(first))![1]!, version: 1 },
      String(first.id),
      undefined,
      'automatic',
    );
    expect(shown(refreshed)).toMatch(/Superseded/);
  });

  it("a change form from draft A, saved while draft B's questions are under way, changes A only", async () => {
    // Draft A: asked for its first change, with the form.
    const formA = await formFor(bot, 'Draft A');
    // Draft B: a second draft whose questions are now under way.
    for (const a of ['new request', 'Draft B', 'Adults', 'Reablement', 'skip', 'me']) await bot.say(a);
    await bot.say('1 fte Reablement Worker Grade 4 scp 23 £28,376 with on-costs permanent from 1 April 2027');
    const saved = await bot.click(formA, 'Save this change', {
      kind: 'establish',
      fte: '2',
      jobTitle: 'Family Worker',
      grade: 'Grade 5',
      scp: '28',
      term: 'permanent',
      effectiveDate: '1 April 2027',
    });
    expect(shown(saved)).toMatch(/Saved: 2 fte Family Worker/);
    expect(text(saved.messages)).toMatch(/Saved to "Draft A"\. Now back to the draft we were on/);
    // B's question again, listing B's change only.
    const b = text(saved.messages);
    expect(b).toMatch(/1\. 1 fte Reablement Worker[^\n]*\n\nAny more changes/);
    expect(b).not.toContain('Family Worker');
    await bot.say('save');
    // A (saved last) has the form's change as its first.
    const a = text(await bot.say('continue'));
    expect(a).toMatch(/Carrying on with "Draft A"/);
    expect(a).toMatch(/1\. 2 fte Family Worker/);
    expect(a).not.toContain('Reablement');
    await bot.say('save');
  });

  it('a change form used when no questions are under way is saved to its draft, not dropped', async () => {
    const form = await formFor(bot, 'Form later');
    await bot.say('save');
    const saved = await bot.click(form, 'Save this change', {
      kind: 'establish',
      fte: '1',
      jobTitle: 'Data Analyst',
      grade: 'Grade 5',
      scp: '28',
      term: 'permanent',
      effectiveDate: '1 April 2027',
    });
    expect(shown(saved)).toMatch(/Saved: 1 fte Data Analyst/);
    // The draft is picked up where it stands: the next question is asked.
    expect(text(saved.messages)).toMatch(/Any more changes/);
  });

  it('a form older than its draft saves nothing and comes back with what was typed', async () => {
    const form = await formFor(bot, 'Typed then form');
    await bot.say('1 fte Project Manager Grade 5 scp 28 permanent from 1 April 2027');
    const stale = await bot.click(form, 'Save this change', {
      kind: 'establish',
      fte: '1',
      jobTitle: 'Data Analyst',
      grade: 'Grade 5',
      scp: '28',
      term: 'permanent',
      effectiveDate: '1 April 2027',
    });
    expect(shown(stale)).toMatch(/changed since this form was shown, so nothing was saved/);
    expect(JSON.stringify(stale.card)).toContain('"value":"Data Analyst"');
    // Clicked again, it adds the change after the one typed meanwhile.
    const saved = await bot.click(stale.card!, 'Save this change');
    expect(shown(saved)).toMatch(/Saved: 1 fte Data Analyst/);
    // Added after the change typed meanwhile, which is kept.
    expect(text(saved.messages)).toMatch(/1\. 1 fte Project Manager[^\n]*\n2\. 1 fte Data Analyst/);
    await bot.say('save');
  });

  it("someone else's draft key finds nothing of theirs", async () => {
    const summary = await completeDraft(bot, 'Not yours');
    const other = { aadObjectId: '7b0c2f1e-8c55-4c7e-9b1a-2f6d3c4e5a6b', name: 'Someone Else' };
    const action = /"draft":"([0-9a-z]+)","version":(\d+)/.exec(JSON.stringify(summary))!;
    const clicked = await bot.execute('draft.submit', { draft: action[1]!, version: Number(action[2]) }, String(summary.id), other);
    expect(shown(clicked)).toMatch(/no longer exists/);
    expect(shown(clicked)).not.toContain('Not yours');
    expect(await submittedCount(bot)).toBe(0);
  });

  it('`discard <title>` asks about the draft named, not the newest', async () => {
    await completeDraft(bot, 'Older draft');
    await completeDraft(bot, 'Newer draft');
    expect(text(await bot.say('discard Older draft'))).toMatch(/Discard the draft "Older draft"\?/);
    expect(text(await bot.say('yes'))).toContain('Discarded the draft "Older draft"');
    const list = text(await bot.say('my requests'));
    expect(list).toContain('Newer draft');
    expect(list).not.toContain('Older draft');
  });

  it('an Action.Submit from a card of an older version of the bot does nothing, and says so', async () => {
    const before = await submittedCount(bot);
    expect(text(await bot.submit({ action: 'draft.submit', draft: 'abcdefgh12345678', version: 0 }))).toMatch(/older version of this bot, so nothing was done/);
    expect(await submittedCount(bot)).toBe(before);
  });
});
