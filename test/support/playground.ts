import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface PlaygroundEvent {
  action: string;
  actionConversationId: string;
  message: { messageId: string; text?: string; attachments?: Array<{ contentType: string; content: unknown }> };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The Microsoft 365 Agents Playground, headless, against a running bot. Its own mock
 * connector receives the bot's replies; they are read from its WebSocket stream.
 */
export class Playground {
  private child?: ChildProcess;
  private ws?: WebSocket;
  readonly events: PlaygroundEvent[] = [];
  url = '';

  async start(botUrl: string, configPath = join(__dirname, '..', '..', '.m365agentsplayground.yml')): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
    this.child = spawn(process.execPath, [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
      // It exits when its standard input closes, so keep a pipe open.
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath, TEAMSAPPTESTER_LOGFILE: join(__dirname, '..', '..', '.data', 'playground.log') },
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await fetch(`${this.url}/_internal/v1/config`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || this.child.exitCode !== null) throw new Error('The Agents Playground did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    this.ws.on('message', (data) => this.events.push(JSON.parse(String(data)) as PlaygroundEvent));
    await new Promise<void>((resolve, reject) => {
      this.ws!.once('open', () => resolve());
      this.ws!.once('error', reject);
    });
  }

  async stop(): Promise<void> {
    this.ws?.close();
    if (this.child && this.child.exitCode === null) {
      const exited = new Promise((r) => this.child!.once('exit', r));
      this.child.kill('SIGTERM');
      await exited;
    }
  }

  async config(): Promise<{ config: { currentUser: { aadObjectId: string }; users: Array<{ name: string; aadObjectId: string }>; teams: Array<{ name: string; channels: Array<{ id: string; name: string }> }> } }> {
    return (await fetch(`${this.url}/_internal/v1/config`)).json() as never;
  }

  /** A message typed by the configured current user. */
  async say(conversationId: string, text: string, fromId: string): Promise<void> {
    const response = await fetch(`${this.url}/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: { id: fromId }, text, textFormat: 'plain' }),
    });
    if (!response.ok) throw new Error(`Playground refused the message: ${response.status} ${await response.text()}`);
  }

  /** Clicks an Action.Submit on a card the bot sent, as the user would. */
  async submit(conversationId: string, replyToId: string, value: Record<string, unknown>, fromId: string): Promise<void> {
    const response = await fetch(`${this.url}/_conversation/v1/submit`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ conversation: { id: conversationId }, from: { id: fromId }, replyToId, value }),
    });
    if (!response.ok) throw new Error(`Playground refused the click: ${response.status} ${await response.text()}`);
  }

  /** Sends a message and waits for the bot's reply that matches. */
  async ask(conversationId: string, text: string, fromId: string, expected: RegExp, timeoutMs = 10_000): Promise<PlaygroundEvent> {
    const seen = this.events.length;
    await this.say(conversationId, text, fromId);
    return this.waitForNew(seen, (e) => expected.test(eventText(e)), timeoutMs, `after "${text}" expected ${expected}`);
  }

  async waitForNew(since: number, predicate: (event: PlaygroundEvent) => boolean, timeoutMs: number, what: string): Promise<PlaygroundEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(since).find((e) => e.action === 'createMessage' && predicate(e));
      if (found) return found;
      if (Date.now() > deadline) {
        const last = this.events.slice(-3).map(eventText).join('\n---\n');
        throw new Error(`Timed out in the Playground ${what}. The bot's last messages:\n${last.slice(0, 3000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async waitFor(predicate: (event: PlaygroundEvent) => boolean, timeoutMs = 10_000): Promise<PlaygroundEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) {
        throw new Error(`Timed out waiting for the bot in the Playground; last events:\n${JSON.stringify(this.events.slice(-3), null, 1).slice(0, 3000)}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The text of a Playground message, including its cards. */
export function eventText(event: PlaygroundEvent): string {
  return [event.message.text ?? '', ...(event.message.attachments ?? []).map((a) => JSON.stringify(a.content))].join('\n');
}
