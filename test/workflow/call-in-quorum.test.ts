import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Verbs } from '../../cards/verbs';
import { BotHarness, OFFICER } from '../support/bot-harness';
import { allMessagesTo, auditOf, click, installForEveryone, invokeText, PEOPLE, seedAwaitingDecision, storeFor } from '../support/workflow';

/**
 * A council whose constitution needs two members to call a decision in: the first
 * member's request is recorded and the decision stays published; the second, distinct
 * member's request calls it in. Through Teams-shaped invokes and chat, against Azurite.
 */
describe('a call-in quorum of two scrutiny members', () => {
  const bot = new BotHarness();
  const reference = 'ECR-2026-7101';
  const status = async () => (await storeFor(bot).requests.get(reference))!.workflow;

  beforeAll(async () => {
    const routing = JSON.parse(readFileSync('config/routing.example.json', 'utf8')) as { scrutiny: { minimumMembersToCallIn: number } };
    routing.scrutiny.minimumMembersToCallIn = 2;
    const path = join(mkdtempSync(join(tmpdir(), 'routing-')), 'routing.json');
    writeFileSync(path, JSON.stringify(routing));
    bot.clock = new Date('2026-08-28T10:00:00+01:00');
    await bot.start({ ROUTING_CONFIG_PATH: path });
    await installForEveryone(bot);
    const seeded = await seedAwaitingDecision(bot, reference);
    expect(invokeText((await bot.invoke(click(Verbs.approve, reference, seeded.workflow.version), PEOPLE.director)).body)).toContain(
      'You approved this request',
    );
    await bot.app.dispatcher.idle();
    bot.clock = new Date('2026-09-01T11:00:00+01:00');
  });
  afterAll(() => bot.stop());

  it('one member is not enough: the request is recorded, the decision stays published and nobody is told it is called in', async () => {
    const first = await bot.say(`call in ${reference} The funding is not secured beyond 2025.`, PEOPLE.scrutiny1);
    expect(first.map((m) => String(m.text)).join('\n')).toContain('1 of the 2 scrutiny members needed have called it in');
    await bot.app.dispatcher.idle();
    expect((await status()).status).toBe('published');
    expect(allMessagesTo(bot, OFFICER)).not.toContain(`${reference} has been called in`);
  });

  it('the same member asking again does not count twice', async () => {
    const again = await bot.say(`call in ${reference} I still object`, PEOPLE.scrutiny1);
    expect(again.map((m) => String(m.text)).join('\n')).toMatch(/already/i);
    expect((await status()).status).toBe('published');
  });

  it('a second, distinct member (from the card) makes two: the decision is called in and people are told', async () => {
    const second = await bot.invoke(
      click(Verbs.callIn, reference, (await status()).version, { callInGrounds: 'The consultation was inadequate.' }),
      PEOPLE.scrutiny2,
    );
    expect(invokeText(second.body)).toContain('"text":"Called in"');
    await bot.app.dispatcher.idle();
    expect((await status()).status).toBe('called_in');
    expect(allMessagesTo(bot, OFFICER)).toContain(`${reference} has been called in`);
    expect(allMessagesTo(bot, PEOPLE.director)).toContain(`Your decision on ${reference} has been called in`);
    const callIns = (await auditOf(bot, reference)).filter((e) => e.action === 'call_in' && !e.refused);
    expect(callIns.map((e) => (e.actor as { name: string }).name)).toEqual(['Sam Scrutiny', 'Sara Scrutiny']);
  });
});
