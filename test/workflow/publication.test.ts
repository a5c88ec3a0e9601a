import JSZip from 'jszip';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER } from '../support/bot-harness';
import { signInLocally } from '../support/local-sign-in';
import {
  addToDecisionsTeam,
  allMessagesTo,
  auditOf,
  click,
  fromChannel,
  installForEveryone,
  invokeText,
  PEOPLE,
  seedAwaitingDecision,
  storeFor,
} from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';

/**
 * Publication and call-in against Azurite with the workflow clock set: approved on Friday
 * 28 August 2026, before the August bank holiday (Monday 31 August), the fifth working
 * day after publication is Monday 7 September, so it can be implemented from the 8th.
 */
describe('publication, the decisions channel and call-in', () => {
  const bot = new BotHarness();
  let n = 0;
  const nextReference = () => `ECR-2026-${String(8000 + ++n)}`;
  const settle = () => bot.app.dispatcher.idle();
  const channelCalls = () => bot.connector.calls.filter((c) => c.conversationId.startsWith(CHANNEL) || JSON.stringify(c.body).includes(CHANNEL));

  beforeAll(async () => {
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    await bot.start();
    await installForEveryone(bot);
    await addToDecisionsTeam(bot, CHANNEL);
  });
  afterAll(() => bot.stop());

  async function approve(reference: string): Promise<void> {
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    const seeded = await seedAwaitingDecision(bot, reference);
    const result = await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director);
    expect(invokeText(result.body)).toContain('You approved this request');
    await settle();
  }

  /** The channel post for a reference: created once, then updated in place. */
  function postsFor(reference: string) {
    const created = bot.connector.calls.filter(
      (c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference),
    );
    const updates = bot.connector.calls.filter((c) => c.method === 'PUT' && c.conversationId.startsWith(CHANNEL) && JSON.stringify(c.body).includes(reference));
    const replies = bot.connector.calls.filter(
      (c) => c.method === 'POST' && c.conversationId.startsWith(`${CHANNEL};messageid=`) && JSON.stringify(c.body).includes(reference),
    );
    return { created, updates, replies };
  }

  it('publishes an approved decision once to the channel, with the deadline after the bank holiday', async () => {
    const reference = nextReference();
    await approve(reference);
    const stored = (await storeFor(bot).requests.get(reference))!;
    expect(stored.workflow).toMatchObject({
      status: 'published',
      publication: { publishedOn: '2026-08-28', deadline: '2026-09-07', implementableFrom: '2026-09-08' },
    });
    const { created, updates } = postsFor(reference);
    expect(created).toHaveLength(1);
    // Posting is the whole change: the post is not edited again with the same content (Teams allows a channel few sends a second).
    expect(updates).toHaveLength(0);
    const card = JSON.stringify(created[0]!.body);
    expect(card).toContain('7 September 2026');
    expect(card).toContain('8 September 2026');
    // The post everyone sees has no buttons; scrutiny members' clients refresh into their own view.
    expect(card).not.toContain(`"verb":"${Verbs.callIn}"`);
    // Teams refreshes automatically for Teams user ids (29:…), not AAD object ids.
    expect(card).toContain(`"userIds":["29:${PEOPLE.scrutiny1.aadObjectId}","29:${PEOPLE.scrutiny2.aadObjectId}"]`);
    expect(allMessagesTo(bot, OFFICER)).toMatch(
      new RegExp(`${reference} was published on (Friday )?28 August 2026. The call-in period ends on (Monday )?7 September 2026`),
    );
  });

  it('a scrutiny member calls it in from the channel card: suspended, the post updated in place, people told; the scrutiny officer releases it', async () => {
    const reference = nextReference();
    await approve(reference);
    bot.clock = new Date('2026-09-02T11:00:00+01:00');
    const channelActivity = (user: { aadObjectId: string; name: string }, value: unknown) => bot.invoke(value, user, fromChannel(CHANNEL));
    const version = (await storeFor(bot).requests.get(reference))!.workflow.version;
    // Scrutiny's own view of the channel card offers Call in; the public card never holds the request.
    const view = await channelActivity(PEOPLE.scrutiny1, {
      action: { type: 'Action.Execute', verb: Verbs.refresh, data: { reference, version } },
      trigger: 'automatic',
    });
    expect(invokeText(view.body)).toContain(Verbs.callIn);
    expect(invokeText(view.body)).not.toContain('Funded by OAWY');
    const outsider = await channelActivity(PEOPLE.stranger, click(Verbs.callIn, reference, version, { callInGrounds: 'I object' }));
    // A published decision's public summary is anyone's: the outsider is refused, and told nothing more.
    expect(invokeText(outsider.body)).toBe('You are not one of the people who can do that on this request.');
    const noGrounds = await channelActivity(PEOPLE.scrutiny1, click(Verbs.callIn, reference, version, { callInGrounds: ' ' }));
    expect(invokeText(noGrounds.body)).toContain('Please give the grounds');
    const called = await channelActivity(
      PEOPLE.scrutiny1,
      click(Verbs.callIn, reference, version, { callInGrounds: 'The funding is not secured beyond 2025.' }),
    );
    expect(invokeText(called.body)).toContain('"text":"Called in"');
    await settle();
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('called_in');
    const { created, updates, replies } = postsFor(reference);
    expect(created).toHaveLength(1);
    // One edit for the call-in, not a second one with the same content for "update every card".
    expect(updates).toHaveLength(1);
    expect(JSON.stringify(updates.at(-1)!.body)).toContain('Called in');
    expect(replies.map((r) => String(r.body.text)).join('\n')).toContain('called in by scrutiny');
    expect(allMessagesTo(bot, OFFICER)).toContain(`${reference} has been called in`);
    expect(allMessagesTo(bot, PEOPLE.director)).toContain(`Your decision on ${reference} has been called in`);
    // A second member after the decision is already called in, and a repeat: refused clearly.
    const again = await bot.say(`call in ${reference} more grounds`, PEOPLE.scrutiny1);
    expect(again.map((m) => String(m.text)).join('\n')).toMatch(/cannot be called in|already/i);

    // The scrutiny officer got a card with the outcomes; releasing makes it implementable.
    const officerCard = allMessagesTo(bot, PEOPLE.scrutinyOfficer);
    expect(officerCard).toContain(Verbs.release);
    const current = (await storeFor(bot).requests.get(reference))!.workflow.version;
    const released = await bot.invoke(click(Verbs.release, reference, current), PEOPLE.scrutinyOfficer);
    expect(invokeText(released.body)).toContain('Released');
    await settle();
    expect((await storeFor(bot).requests.get(reference))!.workflow.status).toBe('implementable');
    expect(allMessagesTo(bot, OFFICER)).toContain(`${reference} can now be implemented`);
    expect(allMessagesTo(bot, PEOPLE.hr)).toContain(`${reference} can now be implemented`);
    expect(JSON.stringify(postsFor(reference).updates.at(-1)!.body)).toContain('Can be implemented');
  });

  it('report ECR-… links to the .docx decision report, which opens only for a signed-in person who may see the request', async () => {
    const reference = nextReference();
    await approve(reference);
    const reply = (await bot.say(`report ${reference}`)).map((m) => String(m.text)).join('\n');
    const link = /\((http[^)]+\.docx)\)/.exec(reply)?.[1];
    // The link names nobody and carries no token: forwarded or logged, it only leads to a sign-in.
    expect(link).toBe(`${bot.app.url}/reports/${reference}.docx`);
    expect((await fetch(link!, { redirect: 'manual' })).status).toBe(302);
    const response = await fetch(link!, { headers: { cookie: await signInLocally(link!, OFFICER.name) } });
    expect(response.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
    const xml = await zip.file('word/document.xml')!.async('string');
    for (const expected of [reference, 'Request to create traded Childrens Commissioning posts', '£156,008', 'Funding confirmed.', 'Dana Director'])
      expect(xml).toContain(expected);
    expect((await fetch(link!, { headers: { cookie: await signInLocally(link!, PEOPLE.stranger.name) } })).status).toBe(404);
    expect((await bot.say(`report ${reference}`, PEOPLE.stranger)).map((m) => String(m.text)).join('\n')).toContain(`I can't find ${reference}`);
  });

  it('decisions lists published decisions with their open call-in periods', async () => {
    bot.clock = new Date('2026-08-28T12:00:00+01:00');
    const list = (await bot.say('decisions', PEOPLE.scrutiny2)).map((m) => String(m.text)).join('\n');
    expect(list).toMatch(
      /ECR-2026-8001\*\* Request to create traded Childrens Commissioning posts — Published: call-in period; published 28 August 2026; call-in open until the end of 7 September 2026/,
    );
  });

  it('refuses a call-in after the deadline, and the period ending makes it implementable with nobody acting (found by the scan, even after a restart)', async () => {
    const reference = nextReference();
    await approve(reference);
    bot.clock = new Date('2026-09-08T09:00:00+01:00');
    const late = await bot.say(`call in ${reference} too late`, PEOPLE.scrutiny2);
    expect(late.map((m) => String(m.text)).join('\n')).toContain('The call-in period ended on 7 September 2026');
    await bot.restart();
    await bot.app.dispatcher.scan();
    await settle();
    const stored = (await storeFor(bot).requests.get(reference))!;
    expect(stored.workflow.status).toBe('implementable');
    const audit = (await auditOf(bot, reference)).filter((e) => e.action === 'end_call_in_period');
    expect(audit).toHaveLength(1);
    // A second scan finds nothing more to do.
    await bot.app.dispatcher.scan();
    expect((await auditOf(bot, reference)).filter((e) => e.action === 'end_call_in_period')).toHaveLength(1);
    expect(JSON.stringify(postsFor(reference).updates.at(-1)!.body)).toContain('Can be implemented');
    expect(channelCalls().length).toBeGreaterThan(0);
  });
});
