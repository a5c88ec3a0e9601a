import { Verbs } from '../../cards/verbs';
import { decide, newWorkflow, SYSTEM, type Person, type Command } from '../../domain/lifecycle';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { GraphStandIn } from '../support/graph-stand-in';
import { click, invokeText, PEOPLE, SEED_004, storeFor } from '../support/workflow';

/**
 * Reaching people who never opened the bot, through the real bot and a stand-in for the
 * Teams connector and Microsoft Graph that answer as they do (error bodies included): the
 * director has never installed the app or written to the bot, so the bot has no chat with
 * her when the legal comment sends the request to her for decision.
 */
type User = { aadObjectId: string; name: string };
const DIRECTOR = PEOPLE.director;
/** As with credentials (local mode leaves chat creation off, for the Playground). */
const CREATE_CHATS = { TEAMS_CREATE_CHATS: 'true' };
const WAITING_TEXT =
  "Dana Director hasn't installed Establishment Changes yet: the card will reach them as soon as they do. Ask them to install it, or an administrator to install it for them.";

/** Everyone but the director installs the app (so the bot has their chats). */
async function installAllButDirector(bot: BotHarness): Promise<void> {
  for (const user of Object.values(PEOPLE)) {
    if (user.aadObjectId !== DIRECTOR.aadObjectId) await bot.post(bot.activity('installationUpdate', user, { action: 'add' }));
  }
}

/** A request with finance and HR comments in (version 5): legal's comment sends it to the director. */
async function seedAwaitingLegal(bot: BotHarness, reference: string): Promise<number> {
  const { drafts, requests } = storeFor(bot);
  const person = (u: User, initials: string) => ({ tenantId: TENANT, aadObjectId: u.aadObjectId, name: u.name, initials });
  const actor = (u: User): Person => ({ tenantId: TENANT, aadObjectId: u.aadObjectId, name: u.name });
  const approvers = {
    finance: person(PEOPLE.finance, 'FF'),
    hr: person(PEOPLE.hr, 'HH'),
    legal: person(PEOPLE.legal, 'LL'),
    decision: { kind: 'director' as const, person: person(DIRECTOR, 'DD') },
  };
  const steps: Array<[Person, Command]> = [
    [actor(OFFICER), { type: 'submit', approvers, openToCallIn: true }],
    [SYSTEM, { type: 'start_review' }],
    [actor(PEOPLE.finance), { type: 'add_comment', expectedVersion: 3, discipline: 'finance', text: 'Funding confirmed.' }],
    [actor(PEOPLE.hr), { type: 'add_comment', expectedVersion: 4, discipline: 'hr', text: 'Grades confirmed.' }],
  ];
  let state = newWorkflow({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId, name: OFFICER.name });
  for (const [who, command] of steps) {
    const d = decide(state, command, who, new Date());
    if (!d.ok) throw new Error(`seeding: ${d.message}`);
    state = d.state;
  }
  const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
  const draft = await drafts.create(owner, SEED_004);
  return (await requests.submitDraft(owner, draft, reference, state, { action: 'seeded' })).workflow.version;
}

/** Legal comments through the card, as Teams sends the click; the decision card then goes to the director. */
async function legalComments(bot: BotHarness, reference: string, version: number): Promise<void> {
  const result = await bot.invoke(click(Verbs.comment, reference, version, { commentText: 'No legal implications.' }), PEOPLE.legal);
  expect(invokeText(result.body)).not.toMatch(/"statusCode":(4|5)\d\d/);
  await bot.app.dispatcher.idle();
}

const directorChat = (bot: BotHarness) => bot.connector.messagesTo(bot.personalConversationId(DIRECTOR)).map(textOf);
const decisionCards = (bot: BotHarness, reference: string) => directorChat(bot).filter((t) => t.includes(reference) && t.includes('AdaptiveCard'));
const officerSaw = (bot: BotHarness) => bot.connector.messagesTo(bot.personalConversationId(OFFICER)).map(textOf).join('\n');
const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('reaching a director who never opened the bot', () => {
  describe('the app is installed for her (org-wide policy) but she never opened it', () => {
    const bot = new BotHarness();
    beforeAll(async () => {
      bot.clock = new Date('2026-11-23T10:00:00Z');
      await bot.start(CREATE_CHATS);
      await installAllButDirector(bot);
      // An org-wide setup policy installed the app for her; she never opened it.
      bot.connector.appInstalledFor(DIRECTOR.aadObjectId);
    });
    afterAll(() => bot.stop());

    it('gets the decision card through a 1:1 chat the bot creates from her object id, and later sends reuse it', async () => {
      const reference = 'ECR-2026-7101';
      await legalComments(bot, reference, await seedAwaitingLegal(bot, reference));
      const created = bot.connector.chatCreations();
      expect(created).toHaveLength(1);
      expect(created[0]!.body).toMatchObject({
        isGroup: false,
        members: [{ id: DIRECTOR.aadObjectId }],
        tenantId: TENANT,
        channelData: { tenant: { id: TENANT } },
      });
      expect(decisionCards(bot, reference)).toHaveLength(1);
      expect(await storeFor(bot).outbox.pending(reference)).toHaveLength(0);
      expect(bot.logs.some((l) => l.event === 'outbox.unreachable')).toBe(false);
      // A second request reuses the chat: no second creation.
      const second = 'ECR-2026-7102';
      await legalComments(bot, second, await seedAwaitingLegal(bot, second));
      expect(decisionCards(bot, second)).toHaveLength(1);
      expect(bot.connector.chatCreations()).toHaveLength(1);
      expect(officerSaw(bot)).not.toContain("hasn't installed");
    });
  });

  describe('the app is missing for her and the council allows installing it through Graph', () => {
    const bot = new BotHarness();
    const graph = new GraphStandIn((id) => bot.connector.appInstalledFor(id));
    beforeAll(async () => {
      bot.clock = new Date('2026-11-23T10:00:00Z');
      await graph.start();
      await bot.start({ ...CREATE_CHATS, GRAPH_INSTALL_APP_FOR_USERS: 'true', TEAMS_APP_CATALOG_ID: graph.catalogId, GRAPH_BASE_URL: graph.url });
      await installAllButDirector(bot);
      bot.connector.appMissingFor(DIRECTOR.aadObjectId);
    });
    afterAll(async () => {
      await bot.stop();
      await graph.stop();
    });

    it('Teams refuses the chat (403), the bot installs the app for her through Graph, creates the chat and sends the card', async () => {
      const reference = 'ECR-2026-7201';
      await legalComments(bot, reference, await seedAwaitingLegal(bot, reference));
      expect(bot.connector.chatCreations().map((c) => c.method)).toEqual(['POST!403', 'POST']);
      expect(graph.installs()).toEqual([DIRECTOR.aadObjectId]);
      expect(graph.calls[0]!.body).toEqual({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${graph.catalogId}` });
      expect(decisionCards(bot, reference)).toHaveLength(1);
      expect(await storeFor(bot).outbox.pending(reference)).toHaveLength(0);
      expect(officerSaw(bot)).not.toContain("hasn't installed");
    });
  });

  describe('Graph answers 409: the app is already installed for her, Teams had not caught up', () => {
    const bot = new BotHarness();
    const graph = new GraphStandIn((id) => bot.connector.appInstalledFor(id));
    beforeAll(async () => {
      bot.clock = new Date('2026-11-23T10:00:00Z');
      await graph.start();
      await bot.start({ ...CREATE_CHATS, GRAPH_INSTALL_APP_FOR_USERS: 'true', TEAMS_APP_CATALOG_ID: graph.catalogId, GRAPH_BASE_URL: graph.url });
      await installAllButDirector(bot);
      graph.alreadyInstalled(DIRECTOR.aadObjectId);
      bot.connector.appMissingFor(DIRECTOR.aadObjectId);
    });
    afterAll(async () => {
      await bot.stop();
      await graph.stop();
    });

    it('counts 409 as installed and creates the chat again', async () => {
      const reference = 'ECR-2026-7251';
      await legalComments(bot, reference, await seedAwaitingLegal(bot, reference));
      expect(graph.calls).toHaveLength(1);
      expect(bot.connector.chatCreations().map((c) => c.method)).toEqual(['POST!403', 'POST']);
      expect(decisionCards(bot, reference)).toHaveLength(1);
    });
  });

  describe('the app is missing for her and Graph may not install it', () => {
    const bot = new BotHarness();
    const graph = new GraphStandIn((id) => bot.connector.appInstalledFor(id));
    const reference = 'ECR-2026-7301';
    beforeAll(async () => {
      bot.clock = new Date('2026-11-23T10:00:00Z');
      await graph.start();
      graph.permission = 'denied';
      await bot.start({ ...CREATE_CHATS, GRAPH_INSTALL_APP_FOR_USERS: 'true', TEAMS_APP_CATALOG_ID: graph.catalogId, GRAPH_BASE_URL: graph.url });
      await installAllButDirector(bot);
      bot.connector.appMissingFor(DIRECTOR.aadObjectId);
    });
    afterAll(async () => {
      await bot.stop();
      await graph.stop();
    });

    it('keeps the card pending, tells the requester once in words, and lists it for administrators', async () => {
      await legalComments(bot, reference, await seedAwaitingLegal(bot, reference));
      expect(graph.calls.map((c) => c.method)).toEqual(['POST']);
      expect(decisionCards(bot, reference)).toHaveLength(0);
      // Nothing dropped: the outbox row stays.
      expect((await storeFor(bot).outbox.pending(reference)).map((r) => (r.notification as { kind: string }).kind)).toEqual(['card']);
      expect(bot.logs.some((l) => l.event === 'outbox.unreachable' || l.event === 'outbox.gave_up')).toBe(false);
      expect(occurrences(officerSaw(bot), `${reference}: ${WAITING_TEXT}`)).toBe(1);
      // The retry (five minutes on) fails the same way: the requester is not told again.
      bot.clock = new Date('2026-11-23T10:06:00Z');
      await bot.app.dispatcher.scan();
      await bot.app.dispatcher.idle();
      expect(graph.calls.length).toBe(2);
      expect(decisionCards(bot, reference)).toHaveLength(0);
      expect(occurrences(officerSaw(bot), WAITING_TEXT)).toBe(1);
      expect(await storeFor(bot).outbox.pending(reference)).toHaveLength(1);

      // `waiting`: democratic services (no administrators configured) see it, in their 1:1 chat.
      const listed = (await bot.say('waiting', PEOPLE.democratic)).map(textOf).join('\n');
      expect(listed).toContain('Dana Director');
      expect(listed).toContain(reference);
      // Others get the router's answer, not the list.
      expect((await bot.say('waiting', PEOPLE.finance)).map(textOf).join('\n')).not.toContain(reference);
    });

    it('a reminder to her stays pending too, rather than being dropped', async () => {
      // Thursday 26 November is 3 working days on: her reminder is due.
      bot.clock = new Date('2026-11-26T10:00:00Z');
      await bot.app.dispatcher.scan();
      await bot.app.dispatcher.idle();
      expect(directorChat(bot).join('\n')).not.toContain('Reminder:');
      expect(bot.logs.some((l) => l.event === 'followup.waiting' && l.reference === reference)).toBe(true);
      expect(bot.logs.some((l) => l.event === 'schedule.item_failed')).toBe(false);
      const listed = (await bot.say('waiting', PEOPLE.democratic)).map(textOf).join('\n');
      expect(listed).toMatch(/reminder for ECR-2026-7301/);
      // Monday 30 November, 5 working days: the escalation reaches the officer meanwhile.
      bot.clock = new Date('2026-11-30T10:00:00Z');
      await bot.app.dispatcher.scan();
      await bot.app.dispatcher.idle();
      expect(
        occurrences(
          officerSaw(bot),
          `${reference} has been waiting for Dana Director for 5 working days. I cannot reach them yet: they haven't installed Establishment Changes.`,
        ),
      ).toBe(1);
      expect(bot.logs.some((l) => l.event === 'schedule.item_failed')).toBe(false);
    });

    it('when she installs the app, the card and the reminder reach her at once, and nothing is left waiting', async () => {
      bot.connector.appInstalledFor(DIRECTOR.aadObjectId);
      await bot.post(bot.activity('installationUpdate', DIRECTOR, { action: 'add' }));
      await bot.app.dispatcher.idle();
      // The card, then the reminder with the card again (as every reminder carries it).
      await bot.connector.waitFor(() => decisionCards(bot, reference).length === 2 && directorChat(bot).some((t) => t.includes(`Reminder: ${reference}`)));
      expect(await storeFor(bot).outbox.pending(reference)).toHaveLength(0);
      expect((await bot.say('waiting', PEOPLE.democratic)).map(textOf).join('\n')).toContain('Nothing is waiting');
      // A later scan sends nothing twice.
      bot.clock = new Date('2026-12-01T10:00:00Z');
      await bot.app.dispatcher.scan();
      await bot.app.dispatcher.idle();
      expect(decisionCards(bot, reference)).toHaveLength(2);
      expect(directorChat(bot).filter((t) => t.includes(`Reminder: ${reference}`))).toHaveLength(1);
    });
  });

  describe('Graph installation not configured', () => {
    const bot = new BotHarness();
    beforeAll(async () => {
      bot.clock = new Date('2026-11-23T10:00:00Z');
      await bot.start(CREATE_CHATS);
      await installAllButDirector(bot);
      bot.connector.appMissingFor(DIRECTOR.aadObjectId);
    });
    afterAll(() => bot.stop());

    it('keeps the card pending and delivers it when she installs, with the request going on meanwhile', async () => {
      const reference = 'ECR-2026-7401';
      await legalComments(bot, reference, await seedAwaitingLegal(bot, reference));
      expect(decisionCards(bot, reference)).toHaveLength(0);
      expect(occurrences(officerSaw(bot), `${reference}: ${WAITING_TEXT}`)).toBe(1);
      // The legal comment's own message to the officer was not held up behind the waiting card.
      expect(officerSaw(bot)).toContain(`Legal comment on ${reference}`);
      bot.connector.appInstalledFor(DIRECTOR.aadObjectId);
      await bot.post(bot.activity('installationUpdate', DIRECTOR, { action: 'add' }));
      await bot.app.dispatcher.idle();
      await bot.connector.waitFor(() => decisionCards(bot, reference).length === 1);
      expect(await storeFor(bot).outbox.pending(reference)).toHaveLength(0);
    });
  });

  describe('in the Agents Playground (local mode: no org-wide installs, one service per person)', () => {
    const bot = new BotHarness();
    beforeAll(async () => {
      bot.clock = new Date('2026-11-23T10:00:00Z');
      await bot.start();
      await installAllButDirector(bot);
    });
    afterAll(() => bot.stop());

    it('creates no chat: the card waits until her page opens, and the officer is told once', async () => {
      const reference = 'ECR-2026-7501';
      await legalComments(bot, reference, await seedAwaitingLegal(bot, reference));
      expect(bot.connector.chatCreations()).toHaveLength(0);
      expect(decisionCards(bot, reference)).toHaveLength(0);
      expect(occurrences(officerSaw(bot), `${reference}: ${WAITING_TEXT}`)).toBe(1);
      await bot.post(bot.activity('installationUpdate', DIRECTOR, { action: 'add' }));
      await bot.app.dispatcher.idle();
      await bot.connector.waitFor(() => decisionCards(bot, reference).length === 1);
      expect(await storeFor(bot).outbox.pending(reference)).toHaveLength(0);
    });
  });
});
