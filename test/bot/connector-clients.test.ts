import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { ConnectorClient, UserTokenClient } from 'botframework-connector';
import { ConnectorClientCache, createAdapter } from '../../bot/adapter';
import { createLogger } from '../../bot/logger';
import { MockConnector } from '../support/mock-connector';

/**
 * botbuilder would build a connector client (and its HTTP pipeline) for every turn and
 * every proactive send; the adapter keeps one per service URL and audience instead.
 */
describe('connector clients', () => {
  const teams = new MockConnector();
  const other = new MockConnector();
  const adapter = createAdapter({ MicrosoftAppType: 'MultiTenant' }, createLogger('silent'));
  const clientOf = (context: TurnContext) => context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);

  beforeAll(async () => {
    await teams.start();
    await other.start();
  });
  afterAll(async () => {
    await teams.stop();
    await other.stop();
  });

  const message = (serviceUrl: string, text: string): Activity =>
    ({
      type: 'message',
      id: `m-${text}`,
      text,
      serviceUrl,
      channelId: 'msteams',
      from: { id: 'user-1' },
      recipient: { id: 'bot' },
      conversation: { id: 'a:chat-1' },
    }) as Activity;

  /** Runs one incoming message through the adapter, replying with its text; gives the client the reply went through. */
  const turn = async (serviceUrl: string, text: string) => {
    let client: ConnectorClient | undefined;
    await adapter.processActivityDirect('', message(serviceUrl, text), async (context) => {
      client = clientOf(context);
      await context.sendActivity(`echo ${text}`);
    });
    return client!;
  };

  it('replies in later turns through the client the first turn made, and each reply arrives', async () => {
    const first = await turn(teams.url, 'one');
    const second = await turn(teams.url, 'two');
    expect(second).toBe(first);
    expect(teams.messagesTo('a:chat-1').map((m) => m.text)).toEqual(['echo one', 'echo two']);
  });

  it('gives every turn the same user token client (botbuilder made one, with its own HTTP pipeline, a turn)', async () => {
    const tokenClients: UserTokenClient[] = [];
    for (const text of ['token one', 'token two']) {
      await adapter.processActivityDirect('', message(teams.url, text), async (context) => {
        tokenClients.push(context.turnState.get<UserTokenClient>(adapter.UserTokenClientKey));
      });
    }
    expect(tokenClients[0]).toBeDefined();
    expect(tokenClients[1]).toBe(tokenClients[0]);
  });

  it('uses another client for another service URL (another region), and the reply goes there', async () => {
    const here = await turn(teams.url, 'three');
    const there = await turn(other.url, 'four');
    expect(there).not.toBe(here);
    expect(other.messagesTo('a:chat-1').map((m) => m.text)).toEqual(['echo four']);
  });

  it('keeps proactive clients apart from turn clients, as they have no SDK retries, and reuses them too', async () => {
    const reference: Partial<ConversationReference> = {
      serviceUrl: teams.url,
      channelId: 'msteams',
      conversation: { id: 'a:chat-1', isGroup: false, conversationType: 'personal', name: '' },
      bot: { id: 'bot', name: 'bot' },
    };
    const proactive: ConnectorClient[] = [];
    for (const text of ['five', 'six']) {
      await adapter.continueConversationAsync('', reference, async (context) => {
        proactive.push(clientOf(context));
        await context.sendActivity(text);
      });
    }
    expect(proactive[1]).toBe(proactive[0]);
    expect(proactive[0]).not.toBe(await turn(teams.url, 'seven'));
    expect(
      teams
        .messagesTo('a:chat-1')
        .map((m) => m.text)
        .slice(-3),
    ).toEqual(['five', 'six', 'echo seven']);
  });

  it('keeps at most MAX_CLIENTS, forgetting the oldest', async () => {
    const cache = new ConnectorClientCache();
    const identity = { getClaimValue: () => null } as never;
    let made = 0;
    const factory = cache.reusing({ create: async () => ({ n: ++made }) as never }, identity);
    const first = await factory.create('https://a.example/0');
    for (let i = 1; i <= ConnectorClientCache.MAX_CLIENTS; i++) await factory.create(`https://a.example/${i}`);
    expect(cache.size).toBe(ConnectorClientCache.MAX_CLIENTS);
    expect(await factory.create('https://a.example/0')).not.toBe(first);
    expect(await factory.create(`https://a.example/${ConnectorClientCache.MAX_CLIENTS}`)).toEqual({ n: ConnectorClientCache.MAX_CLIENTS + 1 });
  });

  it('does not keep a client that could not be made: the next turn tries again', async () => {
    const cache = new ConnectorClientCache();
    let calls = 0;
    const factory = cache.reusing({ create: async () => (++calls === 1 ? Promise.reject(new Error('no token')) : ({ ok: true } as never)) }, {
      getClaimValue: () => null,
    } as never);
    await expect(factory.create('https://a.example/')).rejects.toThrow('no token');
    await expect(factory.create('https://a.example/')).resolves.toEqual({ ok: true });
  });
});
