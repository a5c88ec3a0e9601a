import { Verbs } from '../../cards/verbs';
import { BotHarness, cardWith, OFFICER, textOf } from '../support/bot-harness';
import { addToDecisionsTeam, click, fromChannel, installForEveryone, invokeText, PEOPLE, RAISE_SEED_004, storeFor } from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';
type User = { aadObjectId: string; name: string };

/**
 * What people read on their cards after they act, driven as Teams does: the click's answer
 * says it was done, and moments later the bot updates the same card with the new state.
 * That update must still say what the person did, and when, in the dates people read
 * ("25 November 2026"), with no internal version number; the decisions channel's post says
 * a called-in decision cannot be implemented, and who released it (by role) and when.
 */
describe('the card after a click, and the channel post through call-in and release', () => {
  const bot = new BotHarness();
  let reference = '';
  const settle = () => bot.app.dispatcher.idle();
  const version = async () => (await storeFor(bot).requests.get(reference))!.workflow.version;
  /** The bot's last update of a card in this person's 1:1 chat. */
  const lastUpdateFor = (user: User) => {
    const updates = bot.connector.updates().filter((u) => u.conversationId === bot.personalConversationId(user));
    return updates.length ? JSON.stringify(updates.at(-1)!.body) : '';
  };
  /** The channel post as last sent (created, then edited in place). */
  const channelPost = () => {
    const calls = bot.connector.calls.filter(
      (c) => (c.method === 'PUT' && c.conversationId.startsWith(CHANNEL)) || (c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path)),
    );
    const last = calls.filter((c) => JSON.stringify(c.body).includes(reference)).at(-1);
    // The card people read (the activity around it names whom the bot replied to); a new post carries it in `activity`.
    const activity = (last?.body.activity ?? last?.body) as { attachments?: Array<{ content: unknown }> } | undefined;
    return JSON.stringify(activity?.attachments?.[0]?.content ?? {});
  };

  beforeAll(async () => {
    // Monday 23 November 2026, 10:00 in London (GMT).
    bot.clock = new Date('2026-11-23T10:00:00Z');
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot, CHANNEL);
    // Seed 004 raised by chat (quick entry), then submitted from its summary card.
    for (const said of RAISE_SEED_004.slice(0, -1)) await bot.say(said);
    const submitted = await bot.click(cardWith(await bot.say(RAISE_SEED_004.at(-1)!), 'Submit'), 'Submit');
    reference = /ECR-\d{4}-\d{4}/.exec([submitted.card, ...submitted.messages].map((m) => (m ? textOf(m) : '')).join('\n'))![0];
    await settle();
  });
  afterAll(() => bot.stop());

  it("a reviewer's card, updated after their comment, still says they commented and when; no version number", async () => {
    bot.clock = new Date('2026-11-24T14:05:00Z');
    const answer = invokeText((await bot.invoke(click(Verbs.comment, reference, await version(), { commentText: 'Funding confirmed.' }), PEOPLE.finance)).body);
    expect(answer).toContain('Your comment is recorded');
    await settle();
    const updated = lastUpdateFor(PEOPLE.finance);
    expect(updated).toContain(reference);
    expect(updated).not.toContain('Your comment is recorded');
    expect(updated).toContain('You added the Finance comment on 24 November 2026 at 14:05.');
    expect(updated).toContain('"title":"Submitted","value":"23 November 2026"');
    expect(updated).not.toMatch(/"title":"Version"/);
  });

  it("the director's card, updated after approving, still says they approved it and when", async () => {
    bot.clock = new Date('2026-11-25T09:00:00Z');
    for (const [who, text] of [
      [PEOPLE.hr, 'Grades confirmed.'],
      [PEOPLE.legal, 'No legal implications.'],
    ] as const) {
      await bot.invoke(click(Verbs.comment, reference, await version(), { commentText: text }), who);
      await settle();
    }
    bot.clock = new Date('2026-11-26T11:30:00Z');
    const answer = invokeText((await bot.invoke(click(Verbs.approve, reference, await version()), PEOPLE.director)).body);
    expect(answer).toContain('You approved this request');
    await settle();
    expect(lastUpdateFor(PEOPLE.director)).toContain('You approved it on 26 November 2026 at 11:30.');
    expect(channelPost()).toContain('Can be implemented from');
  });

  it('called in, the channel post gives no date it can be implemented from and says the committee is considering it', async () => {
    bot.clock = new Date('2026-11-27T10:00:00Z');
    const called = await bot.invoke(
      click(Verbs.callIn, reference, await version(), { callInGrounds: 'The funding is not secured.' }),
      PEOPLE.scrutiny1,
      fromChannel(CHANNEL),
    );
    expect(invokeText(called.body)).toContain('Called in');
    await settle();
    const post = channelPost();
    expect(post).toContain('it cannot be implemented while the scrutiny committee considers it');
    expect(post).not.toContain('Can be implemented from');
  });

  it("released, the scrutiny officer's card says so after its update, and the channel post says released by the scrutiny officer and when", async () => {
    bot.clock = new Date('2026-11-30T15:00:00Z');
    const answer = invokeText((await bot.invoke(click(Verbs.release, reference, await version()), PEOPLE.scrutinyOfficer)).body);
    expect(answer).toContain('Released');
    await settle();
    expect(lastUpdateFor(PEOPLE.scrutinyOfficer)).toContain('You released it from call-in on 30 November 2026 at 15:00.');
    const post = channelPost();
    expect(post).toContain('{"title":"Released by","value":"Scrutiny officer"}');
    expect(post).toContain('{"title":"Released on","value":"30 November 2026"}');
    expect(post).not.toContain(PEOPLE.scrutinyOfficer.name);
    expect(post).not.toContain(OFFICER.name);
  });
});
