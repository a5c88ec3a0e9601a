import { randomUUID } from 'node:crypto';
import type { App } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { startBot } from '../../bot/start';
import { OFFICER, TENANT } from '../../fixtures/seed-004';
import { MockConnector } from './mock-connector';
import { testConnectionString, uniqueTablePrefix } from './tables';

export { OFFICER, TENANT };

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

  personalConversationId(user = OFFICER): string {
    return `a:personal-${user.aadObjectId}`;
  }

  /** An activity as Teams sends it in a 1:1 chat with the bot. */
  activity(type: string, user = OFFICER, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      type,
      id: randomUUID(),
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      from: { id: `29:${user.aadObjectId}`, aadObjectId: user.aadObjectId, name: user.name },
      recipient: { id: '28:bot', name: 'Establishment Changes' },
      conversation: { id: this.personalConversationId(user), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      locale: 'en-GB',
      ...extra,
    };
  }

  /** Sends a message and returns the messages the bot sent in reply to it. */
  async say(text: string, user = OFFICER): Promise<Array<Record<string, unknown>>> {
    const before = this.connector.messagesTo(this.personalConversationId(user)).length;
    const result = await this.post(this.activity('message', user, { text }));
    if (result.status !== 200) throw new Error(`POST returned ${result.status}: ${JSON.stringify(result.body)}`);
    return this.connector.messagesTo(this.personalConversationId(user)).slice(before);
  }

  /** Sends an Action.Submit (a message carrying `value`) and returns the bot's replies. */
  async submit(value: Record<string, unknown>, user = OFFICER): Promise<Array<Record<string, unknown>>> {
    const before = this.connector.messagesTo(this.personalConversationId(user)).length;
    const result = await this.post(this.activity('message', user, { value }));
    if (result.status !== 200) throw new Error(`POST returned ${result.status}`);
    return this.connector.messagesTo(this.personalConversationId(user)).slice(before);
  }

  /** Sends an adaptiveCard/action invoke and returns the HTTP status and invoke response body. */
  async invoke(value: unknown, user = OFFICER, extra: Record<string, unknown> = {}): Promise<{ status: number; body: unknown }> {
    return this.post(this.activity('invoke', user, { name: 'adaptiveCard/action', value, ...extra }));
  }
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
