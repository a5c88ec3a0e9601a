import { SettingsVerbs, Verbs } from '../../cards/verbs';
import { inFlightRequests } from '../../bot/server';
import { BotHarness } from '../support/bot-harness';
import { storeFor } from '../support/workflow';
import { eventText, PlaygroundCast } from '../support/playground';

/**
 * Issue 29, in the Agents Playground: Derek Democratic (democratic services, who
 * administers the council while its settings name no administrators) opens `settings`,
 * makes Cara Chief Executive the director for every directorate from the card, and the
 * next request goes to her: after the three comments she gets the card with Approve.
 */
describe('an administrator changes the director from the settings card in the Agents Playground', () => {
  const bot = new BotHarness();
  const cast = new PlaygroundCast('a:personal-chat-officer', ['officer', 'finance', 'hr', 'legal', 'democratic', 'chief'] as const);
  const { democratic, chief } = cast.seats;

  beforeAll(async () => {
    await bot.start();
    await cast.start(bot.app.url, async () => {
      while (inFlightRequests(bot.app.server) > 0) await new Promise((r) => setTimeout(r, 10));
    });
  }, 120_000);
  afterAll(async () => {
    await bot.app?.dispatcher.idle().catch(() => undefined);
    await cast.stop();
    await bot.stop();
    process.stdout.write(`Settings journey timings:\n${cast.report()}\n`);
  });

  it('the next submission goes to the new director', async () => {
    const saved = await cast.step('Derek changes the director on the settings card', async () => {
      const card = await democratic.ask('settings', /Establishment Changes settings/);
      expect(eventText(card)).toContain('Dana Director');
      const id = card.message.messageId;
      const form = await democratic.execute(id, SettingsVerbs.editRoute);
      expect(form.text).toContain('graph.microsoft.com/users');
      // Teams sends every input's value with the click: the form's as drawn, with the director picked.
      return democratic.execute(id, SettingsVerbs.saveRoute, {
        finance: '00000000-0000-0000-0000-0000000000b1',
        hr: '00000000-0000-0000-0000-0000000000b2',
        legal: '00000000-0000-0000-0000-0000000000b3',
        director: '00000000-0000-0000-0000-0000000000c3',
        democraticServices: '00000000-0000-0000-0000-0000000000c2',
        directorLimitPounds: '500000',
        committeeName: "Children and Young People's Committee",
      });
    });
    expect(saved.text).toContain('Saved as version 2');
    expect(saved.text).toContain('Director Dana Director → Cara Chief Executive');

    const since = cast.mark();
    const reference = await cast.raiseAndSubmitSeed004();
    const stored = await storeFor(bot).requests.get(reference);
    expect(stored!.workflow.approvers!.decision).toMatchObject({ kind: 'director', person: { name: 'Cara Chief Executive' } });
    await cast.commentFromCards(reference, since, {
      finance: 'Funding from OAWY and the SAFE Taskforce is confirmed.',
      hr: 'Grades confirmed by job evaluation.',
      legal: 'No legal implications.',
    });
    const card = await cast.step('Cara gets the decision card', () =>
      chief.waitForRequestCard(since.get(chief)!, reference, 'waiting for the decision card', 20_000),
    );
    await cast.step('with Approve on it', async () => {
      for (let i = 0; i < 50 && !eventText(chief.view(card.message.messageId) ?? card).includes(Verbs.approve); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(eventText(chief.view(card.message.messageId) ?? card)).toContain(Verbs.approve);
    });
  });
});
