import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';

describe('the bot as Teams drives it (real server, Azurite, mock connector)', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it('greets a user who installs it and remembers the chat for later', async () => {
    const result = await bot.post(bot.activity('installationUpdate', OFFICER, { action: 'add' }));
    expect(result.status).toBe(200);
    const [greeting] = bot.connector.messagesTo(bot.personalConversationId());
    expect(textOf(greeting!)).toContain('Hello Olivia');
    expect(textOf(greeting!)).toContain('new request');
    // The stored reference lets the bot speak first, e.g. after a restart.
    const sent = await bot.app.sender.sendToUser({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, { type: 'message', text: 'Proactive hello' });
    expect(sent.conversationId).toBe(bot.personalConversationId());
    expect(bot.connector.messagesTo(bot.personalConversationId()).at(-1)!.text).toBe('Proactive hello');
  });

  it('answers help with the list of commands', async () => {
    const replies = await bot.say('help');
    expect(replies).toHaveLength(1);
    const text = textOf(replies[0]!);
    for (const command of ['new request', 'my requests', 'continue', 'status ECR-2026-0001', 'withdraw ECR-2026-0001']) expect(text).toContain(command);
  });

  it('answers unknown input helpfully, not with silence', async () => {
    const replies = await bot.say('what is the weather');
    expect(replies).toHaveLength(1);
    expect(textOf(replies[0]!)).toMatch(/didn't recognise "what is the weather".*help/);
  });

  it('understands a command after an @mention in a channel, and points to the 1:1 chat', async () => {
    const channelActivity = bot.activity('message', OFFICER, {
      text: '<at>Establishment Changes</at> help',
      entities: [{ type: 'mention', text: '<at>Establishment Changes</at>', mentioned: { id: '28:bot', name: 'Establishment Changes' } }],
      conversation: { id: '19:decisions@thread.tacv2', conversationType: 'channel', tenantId: TENANT },
    });
    expect((await bot.post(channelActivity)).status).toBe(200);
    const said = textOf(bot.connector.messagesTo('19:decisions@thread.tacv2').at(-1)!);
    expect(said).toContain('Open a chat with me');
    expect(said).not.toContain('AdaptiveCard');
  });

  it('reports healthy when Table Storage answers', async () => {
    const response = await fetch(`${bot.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });
});

describe('what an outsider can send', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it.each([
    ['not JSON', '{"type": "message", ', 400],
    ['a JSON array', '[]', 400],
    ['JSON null', 'null', 400],
    ['a string', '"hello"', 400],
    ['an object that is not an activity', '{"hello":"world"}', 400],
    ['10,000-deep nesting', '{"type":"message","x":' + '['.repeat(10000) + ']'.repeat(10000) + '}', 400],
  ])('refuses %s with a 4xx', async (_name, body, status) => {
    expect((await bot.post(body)).status).toBe(status);
  });

  it('refuses a body over 256 KB with 413', async () => {
    const result = await bot.post(bot.activity('message', OFFICER, { text: 'x'.repeat(300 * 1024) }));
    expect(result.status).toBe(413);
  });

  it('refuses a 5 MB body with 413 without reading it all', async () => {
    expect((await bot.post('{"a":"' + 'x'.repeat(5 * 1024 * 1024) + '"}')).status).toBe(413);
  });

  it('refuses a body that is not declared as JSON with 415', async () => {
    const response = await fetch(`${bot.app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
    expect(response.status).toBe(415);
  });

  it('stays up afterwards', async () => {
    expect((await bot.say('help')).length).toBe(1);
  });
});

describe('the invoke contract for adaptiveCard/action', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start());
  afterAll(() => bot.stop());

  it.each([
    ['value missing', undefined],
    ['value {}', {}],
    ['action null', { action: null, trigger: 'manual' }],
    ['a string', 'approve'],
    ['an array', [1, 2]],
    ['a number', 42],
    ['wrong action type', { action: { type: 'Action.Submit', verb: 'x' } }],
  ])('answers a malformed click (%s) with HTTP 200 and a 400 error body', async (_name, value) => {
    const result = await bot.invoke(value);
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BAD_ACTION' } });
  });

  it.each(['no.such.verb', '__proto__', 'constructor', 'REQUEST.APPROVE'])('answers the unknown verb %s with a 400 error body', async (verb) => {
    const result = await bot.invoke({ action: { type: 'Action.Execute', verb, data: {} }, trigger: 'manual' });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ statusCode: 400, value: { code: 'UNKNOWN_ACTION' } });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('the tenant allow-list', () => {
  const bot = new BotHarness();
  beforeAll(() => bot.start({ ALLOWED_TENANT_IDS: '99999999-9999-9999-9999-999999999999' }));
  afterAll(() => bot.stop());

  it('ignores messages from any other tenant and logs it', async () => {
    const result = await bot.post(bot.activity('message', OFFICER, { text: 'help' }));
    expect(result.status).toBe(200);
    expect(bot.connector.calls).toHaveLength(0);
    expect(bot.logs.some((l) => l.event === 'tenant.refused' && l.tenantId === TENANT)).toBe(true);
  });

  it('answers an invoke from another tenant with a 403 error body and changes nothing', async () => {
    const result = await bot.invoke({ action: { type: 'Action.Execute', verb: 'x', data: {} } });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ statusCode: 403, value: { code: 'TENANT_NOT_ALLOWED' } });
  });
});
