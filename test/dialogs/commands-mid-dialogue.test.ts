import { BotHarness, textOf } from '../support/bot-harness';

const text = (messages: Array<Record<string, unknown>>) => messages.map(textOf).join('\n');

describe('a command typed in the middle of the dialogue', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('runs as a command, is not taken as an answer, and the question is asked again', async () => {
    await bot.say('new request');
    expect(text(await bot.say('Test post'))).toContain('Which directorate');
    const decisions = text(await bot.say('decisions'));
    expect(decisions).toContain('No decisions have been published yet.');
    expect(decisions).toContain('Which directorate');
    const status = text(await bot.say('status ECR-2026-0042'));
    expect(status).toContain("I can't find ECR-2026-0042");
    expect(status).toContain('Which directorate');
    expect(text(await bot.say('Children and Families'))).toContain('Which service');
    const listed = text(await bot.say('my requests'));
    expect(listed).toContain('Draft: Test post');
    expect(listed).toContain('Which service');
  });
});
