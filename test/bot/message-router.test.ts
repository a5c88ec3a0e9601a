import { CHAT_COMMANDS } from '../../bot/commands/registry';
import { SYSTEM } from '../../domain/lifecycle';
import { SEED_004 } from '../../fixtures/seed-004';
import { officer, person } from '../fakes/app-fixture';
import { RouterHarness, textOf, type Where } from '../support/router-harness';

/**
 * bot/message-router.ts on its own (test/support/router-harness.ts): typed text becomes a
 * command or a dialogue step; group chats and channels get only what is public; a card
 * button from before every button became Action.Execute changes nothing.
 */
const DIRECTORATE = 'Which directorate is it in?';
const owner = { tenantId: officer.tenantId, aadObjectId: officer.aadObjectId };
const OLDER = 'That card is from an older version of this bot, so nothing was done.';

/** A harness with a decision published (exempt: its listing hides the title) and a request still in review. */
async function withRequests() {
  const bot = new RouterHarness();
  const { app } = bot;
  const exempt = {
    ...SEED_004,
    title: 'Regrade of the Head of Service post',
    decisionFacts: { ...SEED_004.decisionFacts, exempt: { paragraph: 1, sections: ['background' as const] } },
  };
  const published = await app.submitted(exempt);
  await app.workflow.act(SYSTEM, published, { type: 'start_review' });
  for (const discipline of ['finance', 'hr', 'legal'] as const) {
    const { workflow } = (await app.stores.requests.get(published))!;
    await app.workflow.act(person(discipline), published, { type: 'add_comment', expectedVersion: workflow.version, discipline, text: 'Noted.' });
  }
  await app.workflow.act(person('director'), published, {
    type: 'approve',
    interest: { kind: 'none' },
    expectedVersion: (await app.stores.requests.get(published))!.workflow.version,
  });
  expect(await app.workflow.act(SYSTEM, published, { type: 'publish' })).toMatchObject({ ok: true });
  const inReview = await app.submitted({ ...SEED_004, title: 'Unpublished commissioning posts' });
  return { bot, published, inReview };
}

describe('MessageRouter: group chats and channels', () => {
  it.each<[string, Where]>([
    ['a group chat', 'groupChat'],
    ['a channel', 'channel'],
    ['a conversation Teams does not mark', 'unmarked'],
  ])('in %s, nothing of a request is shown, even to the people on it', async (_name, where) => {
    const { bot, published, inReview } = await withRequests();
    const typed = [
      `status ${published}`,
      `status ${inReview}`,
      `history ${published}`,
      `report ${published}`,
      'my requests',
      'new request',
      'continue',
      `withdraw ${inReview}`,
    ];
    for (const who of [officer, person('director'), person('finance')]) {
      for (const text of typed) {
        const replies = await bot.send({ text }, who, where);
        expect(replies).toHaveLength(1);
        expect(replies[0]!.attachments ?? []).toEqual([]);
        expect(replies[0]!.text).toMatch(/^I answer that in our 1:1 chat only, so that nothing about a request is posted here\./);
      }
    }
    // Nothing was started or changed by any of it.
    expect((await bot.app.stores.requests.get(inReview))!.workflow.status).toBe('submitted');
    expect(await bot.app.stores.drafts.listForOwner(owner)).toMatchObject({ drafts: [] });
  });

  it('lists published decisions by their public title only, and says what it is for to anything else', async () => {
    const { bot, published, inReview } = await withRequests();
    const listed = await bot.say('decisions', person('stranger'), 'channel');
    expect(listed).toContain(`**${published}** Establishment change (contains exempt information)`);
    expect(listed).not.toContain('Regrade of the Head of Service post');
    expect(listed).not.toContain(inReview);
    expect(await bot.say('help', officer, 'groupChat')).toMatch(/^I post establishment change decisions here\. Open a chat with me/);
    expect(await bot.say('what is this?', officer, 'groupChat')).toMatch(/^I post establishment change decisions here\./);
  });

  it('refuses a card action sent from a group', async () => {
    const bot = new RouterHarness();
    expect(textOf(await bot.send({ value: { action: 'submit' } }, officer, 'groupChat'))).toBe('That card action only works in your 1:1 chat with me.');
  });
});

describe('MessageRouter: an Action.Submit from a card of an older version', () => {
  it('mid-dialogue: says so, changes nothing, and the dialogue carries on where it was', async () => {
    const bot = new RouterHarness();
    await bot.say('new request');
    expect(await bot.say('Posts for Short Breaks')).toContain(DIRECTORATE);
    const draft = (await bot.app.stores.drafts.latest(owner))!;

    const replies = await bot.send({ value: { action: 'saveLine', draftId: draft.draftId, kind: 'establish', fte: '1', jobTitle: 'Old card post' } });

    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toMatch(new RegExp(`^${OLDER}`));
    expect(await bot.app.stores.drafts.latest(owner)).toEqual(draft);
    expect(await bot.say('Children and Families')).toContain('Which service?');
  });

  it('leaves a yes/no question pending as it was', async () => {
    const bot = new RouterHarness();
    await bot.say('new request');
    await bot.say('Posts for Short Breaks');
    expect(await bot.say('discard')).toMatch(/Say \*\*yes\*\* to discard it/);
    expect(textOf(await bot.send({ value: { action: 'discardDraft', confirmed: true } }))).toMatch(new RegExp(`^${OLDER}`));
    expect((await bot.app.stores.drafts.listForOwner(owner)).drafts).toHaveLength(1);
    await bot.say('yes');
    expect((await bot.app.stores.drafts.listForOwner(owner)).drafts).toHaveLength(0);
  });

  it("an old summary card's Submit submits nothing, however complete the draft", async () => {
    const bot = new RouterHarness();
    const draft = await bot.app.draft(SEED_004);
    const replies = await bot.send({ value: { action: 'submitDraft', draftId: draft.draftId, revision: draft.revision } });
    expect(textOf(replies)).toMatch(new RegExp(`^${OLDER} Type \\*\\*my requests\\*\\*`));
    expect(bot.app.changes).toEqual([]);
    expect(await bot.app.stores.drafts.get(owner, draft.draftId)).toEqual(draft);
  });
});

describe('MessageRouter: a command typed mid-dialogue', () => {
  const example = (usage: string) => usage.replace('<grounds>', 'Consultation was inadequate.');
  const specs = Object.values(CHAT_COMMANDS);

  it.each(specs.filter((c) => c.midDialogue === 'ask-again').map((c) => [c.name, example(c.usage)] as const))(
    '%s ("%s") runs, and the question is asked again',
    async (_name, typed) => {
      const bot = new RouterHarness();
      await bot.say('new request');
      await bot.say('Posts for Short Breaks');
      const replies = await bot.send({ text: typed });
      expect(replies.length).toBeGreaterThan(1);
      expect(textOf(replies.slice(-1))).toContain(DIRECTORATE);
      expect(textOf(replies.slice(0, -1))).not.toContain(DIRECTORATE);
      // It was not taken as the answer.
      expect((await bot.app.stores.drafts.latest(owner))!.content.directorate).toBeUndefined();
    },
  );

  it.each(specs.filter((c) => c.midDialogue === 'takes-over').map((c) => [c.name, example(c.usage)] as const))(
    '%s ("%s") asks its own question instead',
    async (_name, typed) => {
      const bot = new RouterHarness();
      await bot.say('new request');
      await bot.say('Posts for Short Breaks');
      const said = await bot.say(typed);
      expect(said).not.toMatch(new RegExp(`${DIRECTORATE}[^]*${DIRECTORATE}`));
      expect((await bot.app.stores.drafts.latest(owner))?.content.directorate).toBeUndefined();
    },
  );

  it('plain text is the answer, even when it looks like a slip of a command; a question about how is answered', async () => {
    const bot = new RouterHarness();
    await bot.say('new request');
    await bot.say('Posts for Short Breaks');
    expect(await bot.say('how do I withdraw a request?')).toMatch(/^- `withdraw ECR-2026-0001`: Withdraw a request[^]*\nWhich directorate is it in\?/);
    expect(await bot.say('Stauts Office')).toContain('Which service?');
    expect((await bot.app.stores.drafts.latest(owner))!.content.directorate).toBe('Stauts Office');
  });
});

describe('MessageRouter: text that is no command', () => {
  it('suggests the command it is probably a slip of, and a yes runs it', async () => {
    const bot = new RouterHarness();
    const suggested = await bot.send({ text: 'stauts ECR-2026-0042' });
    expect(textOf(suggested)).toBe('Did you mean `status ECR-2026-0042`? Say **yes** to run it.');
    expect(suggested[0]!.suggestedActions?.actions.map((a) => a.value)).toEqual(['status ECR-2026-0042', 'no']);
    expect(await bot.say('yes')).toContain("I can't find ECR-2026-0042");
  });

  it('says where to start when it recognises nothing', async () => {
    const bot = new RouterHarness();
    expect(await bot.say('good morning')).toBe(
      'I didn\'t recognise "good morning". Type **help** to see what I can do, or **new request** to raise a staffing establishment change.',
    );
  });

  it('answers help for anyone, but shows requests only to someone it can identify', async () => {
    const bot = new RouterHarness();
    expect(await bot.say('help', null)).toContain('new request');
    expect(await bot.say('my requests', null)).toBe('I could not tell who you are, so I cannot show or change requests here.');
  });
});
