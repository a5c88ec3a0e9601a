import { BotHarness } from '../support/bot-harness';
import { Playground } from '../support/playground';

describe('the bot in the Microsoft 365 Agents Playground', () => {
  const bot = new BotHarness();
  const playground = new Playground();
  beforeAll(async () => {
    await bot.start();
    await playground.start(bot.app.url);
  }, 60_000);
  afterAll(async () => {
    await playground.stop();
    await bot.stop();
  });

  it('loads the project configuration: a user for each role and the decisions channel', async () => {
    const { config } = await playground.config();
    expect(config.currentUser.aadObjectId).toBe('00000000-0000-0000-0000-0000000000a1');
    expect(config.users.map((u) => u.name)).toEqual(['Fiona Finance', 'Harry Hr', 'Lena Legal', 'Dana Director', 'Sam Scrutiny']);
    expect(config.teams[0]!.channels.map((c) => c.name)).toEqual(['General', 'Decisions']);
  });

  it('answers help typed in the Playground', async () => {
    await playground.say('a:personal-chat-officer', 'help', '29:officer');
    const reply = await playground.waitFor((e) => e.action === 'createMessage' && JSON.stringify(e.message.attachments ?? []).includes('Type one of these'));
    expect(JSON.stringify(reply.message.attachments)).toContain('new request');
  });

  it('loads the scrutiny view too', async () => {
    const scrutiny = new Playground();
    await scrutiny.start(bot.app.url, `${__dirname}/../../playground/scrutiny.yml`);
    try {
      const { config } = await scrutiny.config();
      expect(config.currentUser.aadObjectId).toBe('00000000-0000-0000-0000-0000000000d3');
      expect(config.users.map((u) => u.name)).toEqual(expect.arrayContaining(['Sam Scrutiny', 'Sara Scrutiny', 'Derek Democratic']));
    } finally {
      await scrutiny.stop();
    }
  }, 60_000);
});
