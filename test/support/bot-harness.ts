import { randomUUID } from 'node:crypto';
import type { App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { startBot } from '../../bot/start';
import { OFFICER, TENANT } from '../../fixtures/seed-004';
import { MockConnector } from './mock-connector';
import { testConnectionString, uniqueTablePrefix } from './tables';

export { OFFICER, TENANT };

/** Someone in Teams; `tenantId` for a council other than the seed's. */
export type Who = { aadObjectId: string; name: string; tenantId?: string };

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/**
 * The real bot (restify, CloudAdapter, Table Storage on Azurite) in local mode, with a
 * mock Teams connector: tests post activities the way Teams does and read what the bot
 * sent back, and every log line is captured for inspection.
 */
export class BotHarness {
  readonly connector = new MockConnector();
  readonly logs: LogLine[] = [];
  app!: App;
  readonly tablePrefix = uniqueTablePrefix();

  private env: Record<string, string> = {};
  /** When set, the bot's workflow clock reads this instead of the real time. */
  clock: Date | undefined;

  async start(env: Record<string, string> = {}): Promise<this> {
    this.env = env;
    await this.connector.start();
    await this.startApp();
    return this;
  }

  /** Stops the bot and starts a new process-equivalent on the same tables: nothing in memory survives. */
  async restart(): Promise<void> {
    await this.app.stop();
    await this.startApp();
  }

  private async startApp(): Promise<void> {
    const env = this.env;
    const config = loadConfig({ AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: this.tablePrefix, PORT: '0', ...env });
    const log = createLogger('debug', { write: (line: string) => void this.logs.push(JSON.parse(line) as LogLine) });
    this.app = await startBot(config, log, { now: () => this.clock ?? new Date() });
  }

  async stop(): Promise<void> {
    await this.app?.stop();
    await this.connector.stop();
  }

  /** POSTs a raw body to /api/messages. */
  async post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, body: parsed };
  }

  personalConversationId(user: Who = OFFICER): string {
    return `a:personal-${user.aadObjectId}`;
  }

  /** An activity as Teams sends it in a 1:1 chat with the bot. */
  activity(type: string, user: Who = OFFICER, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type,
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
      recipient: { id: '28:bot', name: 'Establishment Changes' },
      conversation: { id: this.personalConversationId(user), conversationType: 'personal', tenantId: user.tenantId ?? TENANT },
      channelData: { tenant: { id: user.tenantId ?? TENANT } },
      locale: 'en-GB',
      ...extra,
    };
  }

  /** Sends a message and returns the messages the bot sent in reply to it. */
  async say(text: string, user: Who = OFFICER): Promise<Array<Record<string, unknown>>> {
    const before = this.connector.messagesTo(this.personalConversationId(user)).length;
    const result = await this.post(this.activity('message', user, { text }));
    if (result.status !== 200) throw new Error(`POST returned ${result.status}: ${JSON.stringify(result.body)}`);
    return this.connector.messagesTo(this.personalConversationId(user)).slice(before);
  }

  /** Sends an Action.Submit (a message carrying `value`), as cards from older versions of the bot do, and returns the bot's replies. */
  async submit(value: Record<string, unknown>, user: Who = OFFICER): Promise<Array<Record<string, unknown>>> {
    const before = this.connector.messagesTo(this.personalConversationId(user)).length;
    const result = await this.post(this.activity('message', user, { value }));
    if (result.status !== 200) throw new Error(`POST returned ${result.status}`);
    return this.connector.messagesTo(this.personalConversationId(user)).slice(before);
  }

  /**
   * Clicks the Action.Execute titled `title` on the card in `message` (a message the bot sent
   * to this person's 1:1 chat), as Teams does: its data with the inputs typed merged in, the
   * card's message id as replyToId. Returns the invoke's answer (a card, a message or an
   * error) and the messages the bot sent meanwhile.
   */
  async click(message: Record<string, unknown>, title: string, inputs: Record<string, string> = {}, user: Who = OFFICER): Promise<Clicked> {
    const action = findExecute(message, title);
    if (!action) throw new Error(`No Action.Execute "${title}" on the card: ${textOf(message).slice(0, 400)}`);
    return this.execute(action.verb, { ...action.data, ...inputValues(message), ...inputs }, String(message.id ?? ''), user);
  }

  /** Sends an Action.Execute invoke (verb and data) from the card with message id `replyToId`. */
  async execute(
    verb: string,
    data: Record<string, unknown>,
    replyToId: string,
    user: Who = OFFICER,
    trigger: 'manual' | 'automatic' = 'manual',
  ): Promise<Clicked> {
    const before = this.connector.messagesTo(this.personalConversationId(user)).length;
    const result = await this.invoke({ action: { type: 'Action.Execute', verb, data }, trigger }, user, { replyToId });
    if (result.status !== 200) throw new Error(`POST returned ${result.status}: ${JSON.stringify(result.body)}`);
    const body = result.body as { statusCode: number; type: string; value: unknown };
    const card =
      body.type === 'application/vnd.microsoft.card.adaptive'
        ? { id: replyToId, type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: body.value }] }
        : undefined;
    return { body, card, messages: this.connector.messagesTo(this.personalConversationId(user)).slice(before) };
  }

  /** Sends an adaptiveCard/action invoke and returns the HTTP status and invoke response body. */
  async invoke(value: unknown, user: Who = OFFICER, extra: Record<string, unknown> = {}): Promise<{ status: number; body: unknown }> {
    return this.post(this.activity('invoke', user, { name: 'adaptiveCard/action', value, ...extra }));
  }
}

/** What a click answered: the invoke body, the card it shows in place of the clicked one, and messages sent meanwhile. */
export interface Clicked {
  body: { statusCode: number; type: string; value: unknown };
  /** The card that replaces the clicked one (as a message with the clicked card's id), when the answer is a card. */
  card?: Record<string, unknown>;
  messages: Array<Record<string, unknown>>;
}

/** The last message of `messages` that carries an Adaptive Card with an Action.Execute titled `title`. */
export function cardWith(messages: ReadonlyArray<Record<string, unknown>>, title: string): Record<string, unknown> {
  const found = [...messages].reverse().find((m) => findExecute(m, title));
  if (!found) throw new Error(`No card with "${title}" among: ${messages.map(textOf).join('\n').slice(0, 600)}`);
  return found;
}

/** The values the card's inputs show (as Teams sends them with any click): id → value. */
function inputValues(message: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    // Teams sends every input's value as text, an Input.Number's too.
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string' && (typeof o.value === 'string' || typeof o.value === 'number'))
      values[o.id] = String(o.value);
    Object.entries(o).forEach(([k, v]) => k !== 'actions' && visit(v));
  };
  visit((message.attachments as Array<{ content?: unknown }> | undefined)?.map((a) => a.content));
  return values;
}

/** An Action.Execute titled `title` anywhere on the message's cards (show-cards included). */
export function findExecute(message: Record<string, unknown>, title: string): { verb: string; data: Record<string, unknown> } | undefined {
  const visit = (node: unknown): { verb: string; data: Record<string, unknown> } | undefined => {
    if (Array.isArray(node)) {
      for (const n of node) {
        const hit = visit(n);
        if (hit) return hit;
      }
      return undefined;
    }
    if (!node || typeof node !== 'object') return undefined;
    const o = node as Record<string, unknown>;
    if (o.type === 'Action.Execute' && o.title === title) return { verb: String(o.verb), data: (o.data as Record<string, unknown>) ?? {} };
    for (const [k, v] of Object.entries(o)) {
      if (k === 'refresh') continue;
      const hit = visit(v);
      if (hit) return hit;
    }
    return undefined;
  };
  return visit((message.attachments as Array<{ content?: unknown }> | undefined)?.map((a) => a.content));
}

/** The plain text of a message, including the text of any Adaptive Card it carries. */
export function textOf(message: Record<string, unknown>): string {
  const parts: string[] = [];
  if (typeof message.text === 'string') parts.push(message.text);
  for (const attachment of (message.attachments as Array<{ content?: unknown }> | undefined) ?? []) {
    parts.push(JSON.stringify(attachment.content));
  }
  return parts.join('\n');
}
