import { COMMAND_LIST } from '../../bot/commands/command-list';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { storeFor } from '../support/workflow';

type Message = Record<string, unknown>;
const text = (messages: Message[]) => messages.map(textOf).join('\n');
const buttons = (messages: Message[]) =>
  messages.flatMap((m) => ((m.suggestedActions as { actions?: Array<{ value: string }> } | undefined)?.actions ?? []).map((a) => a.value));
const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };

describe('commands forgive typos, and plain questions get the help that answers them', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  /** What the officer says → what the bot replies (and must not), and the button it offers. */
  const steps: Array<{ said: string; reply: RegExp; not?: RegExp; button?: string }> = [
    { said: 'staus ECR-2026-0001', reply: /Did you mean `status ECR-2026-0001`\?/, button: 'status ECR-2026-0001' },
    { said: 'yes', reply: /I can't find ECR-2026-0001/ },
    { said: 'my reqeusts', reply: /Did you mean `my requests`\?/, button: 'my requests' },
    { said: 'no', reply: /OK\. Type \*\*help\*\*/, not: /no requests yet/ },
    { said: 'hitsory ECR-2026-0001', reply: /Did you mean `history ECR-2026-0001`\?/ },
    // the button sends the command itself
    { said: 'history ECR-2026-0001', reply: /ECR-2026-0001/, not: /Did you mean/ },
    { said: 'what can you do?', reply: /discard[\s\S]*report ECR-2026-0001/, not: /didn't recognise/ },
    { said: 'how do I withdraw?', reply: /`withdraw ECR-2026-0001`: Withdraw a request not yet decided/, not: /didn't recognise|deputy/ },
    {
      said: 'how do I name a deputy',
      reply: /`deputy Cara Chief Executive from 1\/12\/2026 to 5\/12\/2026`: Reviewers, deciders and scrutiny/,
      not: /didn't recognise|withdraw/,
    },
    { said: 'what is the weather', reply: /didn't recognise "what is the weather"/ },
    { said: 'new reqest', reply: /Did you mean `new request`\?/, button: 'new request' },
    { said: 'yes', reply: /What is the request called/ },
    // mid-dialogue, a how-to question is answered and the question asked again; nothing is stored
    { said: 'how do I withdraw?', reply: /`withdraw ECR-2026-0001`[\s\S]*What is the request called/ },
  ];
  it.each(steps.map((s) => [s.said, s] as const))('officer: %s', async (_said, step) => {
    const replies = await bot.say(step.said);
    expect(text(replies)).toMatch(step.reply);
    if (step.not) expect(text(replies)).not.toMatch(step.not);
    if (step.button) expect(buttons(replies)).toContain(step.button);
  });

  it('kept no how-to question as the title', async () => {
    expect((await storeFor(bot).drafts.latest(owner))!.content.title).toBeUndefined();
  });

  it("lists every command on the help card, from the parser's own list", async () => {
    const card = text(await bot.say('help')).replace(/\u200b/g, '');
    for (const c of COMMAND_LIST) expect(card).toContain(JSON.stringify(c.usage).slice(1, -1));
    for (const usage of ['save', 'report ECR-2026-0001', 'discard', 'back', 'change service']) expect(card).toContain(`"title":"${usage}"`);
  });
});
