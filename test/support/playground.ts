import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { Verbs } from '../../cards/verbs';

export interface PlaygroundEvent {
  action: string;
  actionConversationId: string;
  /** When the harness received it (ms since the epoch). */
  receivedAt?: number;
  message: {
    messageId: string;
    text?: string;
    attachments?: Array<{ contentType: string; content: unknown }>;
    /**
     * On the first message of a channel post (a new thread): the thread's conversation id,
     * `<channel>;messageid=<id>`. Such a message is streamed with `actionConversationId` set
     * to the channel; replies in the thread are streamed with the thread's id.
     */
    postConversationId?: string;
  };
}

export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
/** The decisions channel of the team "Council Decisions" (.m365agentsplayground.yml). */
export const DECISIONS_CHANNEL = '19:decisions@thread.tacv2';

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

  async start(
    botUrl: string,
    configPath = join(__dirname, '..', '..', '.m365agentsplayground.yml'),
    logFile = join(__dirname, '..', '..', '.data', 'playground.log'),
  ): Promise<void> {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
    this.child = spawn(process.execPath, [cli, '-e', `${botUrl}/api/messages`, '-c', 'msteams', '-p', String(port), '--dt'], {
      // It exits when its standard input closes, so keep a pipe open.
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath, TEAMSAPPTESTER_LOGFILE: logFile },
    });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(String(chunk));
      if (output.length > 50) output.shift();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const response = await fetch(`${this.url}/_internal/v1/config`);
        if (response.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        // It reports its own errors (a bad config file, say) only in its log file.
        const log = existsSync(logFile)
          ? readFileSync(logFile, 'utf8')
              .split('\n')
              .filter((l) => l.startsWith('error'))
              .join('\n')
          : '';
        throw new Error(`The Agents Playground did not start (exit code ${this.child.exitCode}):\n${output.join('').slice(-1000)}\n${log.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    this.ws = new WebSocket(`ws://127.0.0.1:${port}/_ws_conversation/v1/conversations/stream`);
    this.ws.on('message', (data) => this.events.push({ ...(JSON.parse(String(data)) as PlaygroundEvent), receivedAt: Date.now() }));
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

  async config(): Promise<{
    config: {
      currentUser: { aadObjectId: string };
      users: Array<{ name: string; aadObjectId: string }>;
      teams: Array<{ name: string; channels: Array<{ id: string; name: string }> }>;
    };
  }> {
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
        throw new Error(`Timed out in the Playground ${what}. The bot's last messages:\n${this.lastMessages(3)}`);
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

  /**
   * Installs the bot in a chat, as the Playground's web client does when it opens: an
   * installationUpdate (add) and a conversationUpdate (membersAdded) from the current user.
   */
  async install(conversationId: string): Promise<void> {
    const response = await fetch(`${this.url}/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    if (!response.ok) throw new Error(`Playground refused the installation: ${response.status} ${await response.text()}`);
  }

  /**
   * Clicks an Action.Execute on a card, as the Playground's client does: an
   * adaptiveCard/action invoke whose reply is returned (and replaces the card in the
   * Playground's store, without a stream event).
   */
  async invoke(conversationId: string, replyToId: string, value: unknown, fromId: string): Promise<{ type?: string; value?: unknown }> {
    const response = await fetch(`${this.url}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'adaptiveCard/action', value, from: { id: fromId }, conversation: { id: conversationId }, replyToId }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`Playground refused the invoke: ${response.status} ${text.slice(0, 500)}`);
    return text ? (JSON.parse(text) as { type?: string; value?: unknown }) : {};
  }

  /** The newest state of a message the bot posted (its last create or update event). */
  latest(messageId: string): PlaygroundEvent | undefined {
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i]!;
      if (e.message?.messageId === messageId && (e.action === 'createMessage' || e.action === 'updateMessage')) return e;
    }
    return undefined;
  }

  /** Waits for an event of any kind (create or update) after `since` that matches. */
  async waitForEvent(since: number, predicate: (event: PlaygroundEvent) => boolean, timeoutMs: number, what: string): Promise<PlaygroundEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(since).find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`Timed out in the Playground ${what}. The bot's last messages:\n${this.lastMessages(3)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The last few messages (and card updates) the bot sent here, for failure output. */
  lastMessages(count = 3, maxCharsEach = 600): string {
    return this.events
      .filter((e) => e.action === 'createMessage' || e.action === 'updateMessage')
      .slice(-count)
      .map((e) => `[${e.action === 'updateMessage' ? 'updated' : 'new'} ${e.message.messageId}${where(e)}] ${readable(e, maxCharsEach)}`)
      .join('\n');
  }
}

/** Where a channel message is, for failure output (nothing for a 1:1 chat). */
function where(event: PlaygroundEvent): string {
  if (event.message.postConversationId) return ` new post in ${event.actionConversationId}`;
  if (event.actionConversationId.includes(';messageid=')) return ` reply in thread ${event.actionConversationId}`;
  return event.actionConversationId.startsWith('19:') ? ` in ${event.actionConversationId}` : '';
}

/**
 * A message as a person reads it, for failure output: its text, then each card's text
 * blocks and facts, then its buttons in [brackets].
 */
export function readable(event: PlaygroundEvent, maxChars = 600): string {
  const parts: string[] = [];
  if (event.message.text) parts.push(event.message.text);
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'TextBlock' && typeof o.text === 'string') parts.push(o.text);
    if (o.type === 'FactSet' && Array.isArray(o.facts))
      for (const f of o.facts as Array<{ title?: string; value?: string }>) parts.push(`${f.title}: ${f.value}`);
    if (typeof o.type === 'string' && o.type.startsWith('Action.') && typeof o.title === 'string') parts.push(`[${o.title}]`);
    for (const [key, child] of Object.entries(o)) if (key !== 'refresh') visit(child);
  };
  visit((event.message.attachments ?? []).map((a) => a.content));
  const text = parts.join(' | ');
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** The text of a Playground message, including its cards. */
export function eventText(event: PlaygroundEvent): string {
  return [event.message.text ?? '', ...(event.message.attachments ?? []).map((a) => JSON.stringify(a.content))].join('\n');
}

import { PLAYGROUND_PEOPLE, playgroundConfigFor, type PlaygroundPerson, type PlaygroundRole } from '../../fixtures/playground-config';

export { PLAYGROUND_PEOPLE, playgroundConfigFor, type PlaygroundPerson, type PlaygroundRole };

/**
 * The people of publication and call-in, as config/routing.example.json and
 * playground/scrutiny.yml name them: democratic services (who records a committee's
 * resolution), a scrutiny member and the scrutiny officer.
 */
export const MORE_PLAYGROUND_PEOPLE = {
  democratic: { id: '29:democratic', name: 'Derek Democratic', aadObjectId: '00000000-0000-0000-0000-0000000000c2', givenName: 'Derek', surname: 'Democratic' },
  scrutiny1: { id: '29:scrutiny1', name: 'Sam Scrutiny', aadObjectId: '00000000-0000-0000-0000-0000000000d1', givenName: 'Sam', surname: 'Scrutiny' },
  chief: { id: '29:chief', name: 'Cara Chief Executive', aadObjectId: '00000000-0000-0000-0000-0000000000c3', givenName: 'Cara', surname: 'Chief Executive' },
  scrutinyOfficer: {
    id: '29:scrutiny-officer',
    name: 'Oscar Overview',
    aadObjectId: '00000000-0000-0000-0000-0000000000d3',
    givenName: 'Oscar',
    surname: 'Overview',
  },
} as const satisfies Record<string, PlaygroundPerson>;
export const CAST_PEOPLE = { ...PLAYGROUND_PEOPLE, ...MORE_PLAYGROUND_PEOPLE };
export type CastRole = keyof typeof CAST_PEOPLE;

/** The `refresh` of a message's (first) Adaptive Card: what a Teams client runs to show its viewer their own view. */
export function cardRefresh(
  event: PlaygroundEvent,
): { action: { type?: string; verb?: string; data?: Record<string, unknown> }; userIds?: string[] } | undefined {
  const content = event.message.attachments?.find((a) => a.contentType === ADAPTIVE_CARD)?.content as
    { refresh?: { action?: { type?: string; verb?: string; data?: Record<string, unknown> }; userIds?: string[] } } | undefined;
  const refresh = content?.refresh;
  return refresh?.action ? { action: refresh.action, ...(refresh.userIds ? { userIds: refresh.userIds } : {}) } : undefined;
}

/** The ids of every input anywhere in a message's cards (in Action.ShowCard cards too). */
export function cardInputIds(event: PlaygroundEvent): string[] {
  const ids: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') ids.push(o.id);
    for (const [key, child] of Object.entries(o)) if (key !== 'refresh') visit(child);
  };
  visit((event.message.attachments ?? []).map((a) => a.content));
  return ids;
}

/** One person at their own Playground, in their 1:1 chat with the bot (and in the team's channels). */
export class PlaygroundSeat {
  readonly playground = new Playground();
  /**
   * Waits until the bot has finished the turn that produced a reply, so each step's timing
   * covers its whole turn (the bot replies before it saves the turn's state; it runs one
   * conversation's turns in order, so a quicker answer would only queue).
   */
  settle: () => Promise<void> = async () => undefined;
  /**
   * Cards as this person sees them after clicking or refreshing them: Teams shows the card
   * an invoke returns to the person who clicked, until the bot next updates the message.
   */
  private readonly views = new Map<string, { content: unknown; at: number }>();
  constructor(
    readonly person: PlaygroundPerson,
    readonly chat: string,
  ) {}

  private dir?: string;

  async start(botUrl: string): Promise<void> {
    this.dir = mkdtempSync(join(tmpdir(), 'playground-'));
    await this.playground.start(botUrl, playgroundConfigFor(this.person, this.chat, this.dir), join(this.dir, 'playground.log'));
  }

  /** Installs the bot for this person and waits for its greeting, so it can reach them later. */
  async install(expected: RegExp = /./, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    const seen = this.playground.events.length;
    await this.playground.install(this.chat);
    return this.playground.waitForNew(
      seen,
      (e) => e.actionConversationId === this.chat && expected.test(eventText(e)),
      timeoutMs,
      `after installing the bot for ${this.person.name}`,
    );
  }

  /**
   * Adds the bot to the team's channel, as a team member does in Teams (Apps → Add to a
   * team → the channel), and waits for its greeting post there. The bot then posts to the
   * channel through this person's Playground: each Playground is a Teams of its own, so
   * only the one the bot was added from shows the channel's posts.
   */
  async installInChannel(channelId: string, expected: RegExp = /./, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    const seen = this.playground.events.length;
    await this.playground.install(channelId);
    const greeting = await this.playground.waitForNew(
      seen,
      (e) => e.actionConversationId === channelId && expected.test(eventText(e)),
      timeoutMs,
      `after ${this.person.name} added the bot to channel ${channelId}`,
    );
    await this.settle();
    return greeting;
  }

  get events(): PlaygroundEvent[] {
    return this.playground.events;
  }

  async ask(text: string, expected: RegExp, timeoutMs = 10_000): Promise<PlaygroundEvent> {
    const reply = await this.playground.ask(this.chat, text, this.person.id, expected, timeoutMs);
    await this.settle();
    return reply;
  }

  say(text: string): Promise<void> {
    return this.playground.say(this.chat, text, this.person.id);
  }

  /** Waits for a new message (not an update) in this person's chat. */
  async waitForMessage(since: number, predicate: (e: PlaygroundEvent) => boolean, what: string, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    const message = await this.playground.waitForNew(
      since,
      (e) => e.actionConversationId === this.chat && predicate(e),
      timeoutMs,
      `${what} (${this.person.name})`,
    );
    await this.settle();
    return message;
  }

  /** Waits for the bot to update an earlier message in place. */
  waitForUpdate(since: number, predicate: (e: PlaygroundEvent) => boolean, what: string, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    return this.playground.waitForEvent(
      since,
      (e) => e.action === 'updateMessage' && e.actionConversationId === this.chat && predicate(e),
      timeoutMs,
      `${what} (${this.person.name})`,
    );
  }

  /** Waits for a new post (a new thread) by the bot in a channel. */
  waitForChannelPost(since: number, channelId: string, predicate: (e: PlaygroundEvent) => boolean, what: string, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    return this.playground.waitForNew(
      since,
      (e) => e.actionConversationId === channelId && e.message.postConversationId !== undefined && predicate(e),
      timeoutMs,
      `${what} (${this.person.name}, in ${channelId})`,
    );
  }

  /** Waits for the bot to update a channel post in place (the same message id). */
  waitForChannelUpdate(
    since: number,
    post: PlaygroundEvent,
    predicate: (e: PlaygroundEvent) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<PlaygroundEvent> {
    return this.playground.waitForEvent(
      since,
      (e) =>
        e.action === 'updateMessage' && e.actionConversationId === post.actionConversationId && e.message.messageId === post.message.messageId && predicate(e),
      timeoutMs,
      `${what} (${this.person.name}, in ${post.actionConversationId})`,
    );
  }

  /** Waits for a reply in a channel post's thread. */
  waitForThreadReply(
    since: number,
    post: PlaygroundEvent,
    predicate: (e: PlaygroundEvent) => boolean,
    what: string,
    timeoutMs = 15_000,
  ): Promise<PlaygroundEvent> {
    const thread = post.message.postConversationId;
    if (!thread) throw new Error(`Message ${post.message.messageId} is not a channel post`);
    return this.playground.waitForNew(
      since,
      (e) => e.actionConversationId === thread && predicate(e),
      timeoutMs,
      `${what} (${this.person.name}, in thread ${thread})`,
    );
  }

  /** Waits for a request card (a card with Action.Execute buttons) about `reference`. */
  waitForRequestCard(since: number, reference: string, what: string, timeoutMs = 15_000): Promise<PlaygroundEvent> {
    return this.waitForMessage(since, (e) => eventText(e).includes(`"reference":"${reference}"`) && eventText(e).includes('Action.Execute'), what, timeoutMs);
  }

  /**
   * A message as this person sees it now: the bot's latest version of it, or the card an
   * invoke (a click or a refresh) showed them since.
   */
  view(messageId: string): PlaygroundEvent | undefined {
    const base = this.playground.latest(messageId);
    const own = this.views.get(messageId);
    if (own && (!base || own.at >= (base.receivedAt ?? 0))) {
      return {
        action: 'invokeResponse',
        actionConversationId: base?.actionConversationId ?? '',
        receivedAt: own.at,
        message: { messageId, attachments: [{ contentType: ADAPTIVE_CARD, content: own.content }] },
      };
    }
    return base;
  }

  /** The conversation a message is in: this person's chat, or a channel post's thread. */
  private conversationOf(messageId: string): string {
    const created = this.playground.events.find((e) => e.action === 'createMessage' && e.message.messageId === messageId);
    return created?.message.postConversationId ?? created?.actionConversationId ?? this.chat;
  }

  /**
   * Clicks an Action.Execute button on a card as this person (in Action.ShowCard cards
   * too). `inputs` are the values typed into the card's inputs, each of which must be on
   * the card; Teams merges them into the action's data.
   */
  async execute(messageId: string, verb: string, inputs: Record<string, string> = {}): Promise<{ type?: string; value?: unknown; text: string }> {
    const message = this.view(messageId);
    if (!message) throw new Error(`${this.person.name} has no message ${messageId}`);
    const action = findExecuteAction(message, verb);
    if (!action) throw new Error(`${this.person.name}'s card ${messageId} has no "${verb}" button. The card as they see it:\n${readable(message, 3000)}`);
    const onCard = cardInputIds(message);
    const missing = Object.keys(inputs).filter((id) => !onCard.includes(id));
    if (missing.length) throw new Error(`${this.person.name}'s card ${messageId} has no input ${missing.join(', ')} (it has ${onCard.join(', ') || 'none'})`);
    return this.invoke(messageId, { action: { type: 'Action.Execute', verb, data: { ...action.data, ...inputs } }, trigger: 'manual' });
  }

  /**
   * What a Teams client does with a card that has a `refresh`: it asks the bot for this
   * person's own view. Teams does so by itself (trigger "automatic") for the users whose
   * MRIs (29:… ids) are in `refresh.userIds`; anyone else can choose **Refresh** from the
   * message's "…" menu (trigger "manual"). The Agents Playground does neither, so the
   * harness does it. Returns the trigger used and the card the person now sees.
   */
  async refresh(
    messageId: string,
  ): Promise<{ trigger: 'automatic' | 'manual'; card: PlaygroundEvent; reply: { type?: string; value?: unknown; text: string } }> {
    const message = this.playground.latest(messageId);
    if (!message) throw new Error(`${this.person.name} has no message ${messageId}`);
    const refresh = cardRefresh(message);
    if (!refresh || refresh.action.type !== 'Action.Execute' || !refresh.action.verb)
      throw new Error(`${this.person.name}'s card ${messageId} has no refresh action. The card:\n${readable(message, 2000)}`);
    // No userIds: Teams refreshes automatically for everyone (in conversations of up to 60 people).
    const trigger = !refresh.userIds || refresh.userIds.includes(this.person.id) ? 'automatic' : 'manual';
    const reply = await this.invoke(messageId, { action: { type: 'Action.Execute', verb: refresh.action.verb, data: refresh.action.data ?? {} }, trigger });
    const card = this.view(messageId);
    if (!card || card.action !== 'invokeResponse') throw new Error(`Refreshing ${messageId} for ${this.person.name} gave no card: ${reply.text.slice(0, 500)}`);
    return { trigger, card, reply };
  }

  /** Sends an adaptiveCard/action invoke about a message; a card in reply becomes this person's view of it. */
  private async invoke(messageId: string, value: unknown): Promise<{ type?: string; value?: unknown; text: string }> {
    const response = await this.playground.invoke(this.conversationOf(messageId), messageId, value, this.person.id);
    if (response.type === ADAPTIVE_CARD && response.value && typeof response.value === 'object')
      this.views.set(messageId, { content: response.value, at: Date.now() });
    return { ...response, text: typeof response.value === 'string' ? response.value : JSON.stringify(response.value ?? '') };
  }

  lastMessages(count = 3): string {
    return this.playground.lastMessages(count);
  }

  async stop(): Promise<void> {
    await this.playground.stop();
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The Action.Execute with this verb anywhere in a message's cards. */
export function findExecuteAction(event: PlaygroundEvent, verb: string): { verb: string; data: Record<string, unknown> } | undefined {
  const visit = (node: unknown): { verb: string; data: Record<string, unknown> } | undefined => {
    if (Array.isArray(node)) {
      for (const child of node) {
        const found = visit(child);
        if (found) return found;
      }
      return undefined;
    }
    if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      if (o.type === 'Action.Execute' && o.verb === verb) return { verb, data: (o.data as Record<string, unknown>) ?? {} };
      for (const [key, child] of Object.entries(o)) {
        // The automatic refresh action is not a button.
        if (key === 'refresh') continue;
        const found = visit(child);
        if (found) return found;
      }
    }
    return undefined;
  };
  return visit((event.message.attachments ?? []).map((a) => a.content));
}

/** The version a request card carries in its actions' data. */
export function cardVersion(event: PlaygroundEvent): number | undefined {
  const m = /"data":\{"reference":"ECR-\d{4}-\d{4}","version":"?(\d+)"?/.exec(eventText(event));
  return m ? Number(m[1]) : undefined;
}

/** Seed 004 typed into the chat by the officer (quick entry), with the question each answer is for. */
export const SEED_004_BY_CHAT: ReadonlyArray<readonly [string, RegExp]> = [
  ['new request', /What is the request called/],
  ['Request to create traded Childrens Commissioning posts', /Which directorate/],
  ['Children and Families', /Which service/],
  ['Commissioning and Market Management', /Which team/],
  ['skip', /contact officer/],
  ['me', /Describe the first change/],
  ['1.0 FTE PO4 Commissioning Manager, permanent, from 1 December 2022', /Any more changes/],
  ['1.0 FTE PO2 Commissioning Officer, permanent, from 1 December 2022', /Any more changes/],
  ['1 FTE PO4 Commissioning Manager fixed term to 31/03/2025 from 1 December 2022', /Any more changes/],
  ['no', /How is it funded/],
  ['traded income from OAWY £100,420', /Another source/],
  ['government grant SAFE Taskforce £55,588', /Another source/],
  ['no', /purpose/],
  ['To create three traded commissioning posts.', /background/],
  ['skip', /propose/],
  ['Two PO4 Commissioning Managers and one PO2 Commissioning Officer.', /other options/],
  ['skip', /reasons/],
  ['The current arrangements are unsustainable.', /HR implications/],
  ['skip', /financial implications/],
  ['Funded by OAWY and the SAFE Taskforce.', /legal/],
  ['skip', /risks/],
  ['skip', /equality/],
  ['skip', /consultation/],
  ['skip', /wards/],
  ['All', /recommendation/],
  ['Approve the creation of the three posts.', /key decision/],
  ['no', /call-in/],
  ['yes', /exempt/],
  ['no', /Funding exactly covers the cost/],
];

/** The five people of a sign-off by the director. */
export const SIGN_OFF_ROLES = ['officer', 'finance', 'hr', 'legal', 'director'] as const satisfies readonly PlaygroundRole[];

/**
 * The people of a sign-off, each at their own Playground against one bot. Steps are timed,
 * and a failing step is reported by name with the last messages each person saw. The five
 * of SIGN_OFF_ROLES by default; name others (democratic services, scrutiny) to add them.
 */
export class PlaygroundCast<R extends CastRole = PlaygroundRole> {
  readonly seats: Record<R, PlaygroundSeat>;
  readonly timings: Array<{ step: string; ms: number }> = [];

  constructor(officerChat = 'a:personal-chat-officer', roles: readonly R[] = SIGN_OFF_ROLES as unknown as readonly R[]) {
    const seat = (role: R) => new PlaygroundSeat(CAST_PEOPLE[role], role === 'officer' ? officerChat : `a:personal-chat-${role}`);
    this.seats = Object.fromEntries(roles.map((role) => [role, seat(role)])) as Record<R, PlaygroundSeat>;
  }

  get all(): PlaygroundSeat[] {
    return Object.values(this.seats);
  }

  /** How many events each person has seen so far, to wait for what comes after. */
  mark(): Map<PlaygroundSeat, number> {
    return new Map(this.all.map((s) => [s, s.events.length]));
  }

  /**
   * Starts every Playground and installs the bot for everyone (each waits for the greeting).
   * `botIdle` resolves when the bot has no activity in progress (see PlaygroundSeat.settle).
   */
  async start(botUrl: string, botIdle?: () => Promise<void>): Promise<void> {
    if (botIdle) for (const seat of this.all) seat.settle = botIdle;
    await this.step('start the Playgrounds', () => Promise.all(this.all.map((s) => s.start(botUrl))));
    await this.step('install the bot for everyone', () => Promise.all(this.all.map((s) => s.install())));
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((s) => s.stop().catch(() => undefined)));
  }

  async step<T>(name: string, run: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await run();
      this.timings.push({ step: name, ms: Date.now() - started });
      return result;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const seen = this.all.map((s) => `=== ${s.person.name} (${s.chat}) ===\n${s.lastMessages(3) || '(nothing)'}`).join('\n');
      const failure = new Error(`Step "${name}" failed after ${Date.now() - started} ms: ${reason}\n\nThe bot's last messages to each person:\n${seen}`);
      // Keep where it failed (the original frames), not the original message again.
      if (error instanceof Error && error.stack)
        failure.stack = `Error: ${failure.message}\n${error.stack
          .split('\n')
          .filter((l) => /^\s+at /.test(l))
          .join('\n')}`;
      throw failure;
    }
  }

  /** The step timings, one a line. */
  report(): string {
    return this.timings.map((t) => `${String(t.ms).padStart(6)} ms  ${t.step}`).join('\n');
  }

  private get officer(): PlaygroundSeat {
    const officer = (this.seats as Partial<Record<CastRole, PlaygroundSeat>>).officer;
    if (!officer) throw new Error('This cast has no officer');
    return officer;
  }

  /** The officer raises seed 004 by chat and submits it from the summary card; returns the reference. */
  async raiseAndSubmitSeed004(): Promise<string> {
    return this.raiseAndSubmit('seed 004', SEED_004_BY_CHAT, ['£156,008']);
  }

  /**
   * The officer answers the dialogue by chat (each answer waits for the question after it;
   * the last for the summary card), checks the summary card shows `expected`, and submits
   * it from the card. Returns the reference.
   */
  async raiseAndSubmit(name: string, script: ReadonlyArray<readonly [string, RegExp]>, expected: readonly string[] = []): Promise<string> {
    const officer = this.officer;
    const summary = await this.step(`raise ${name} by chat`, async () => {
      let last: PlaygroundEvent | undefined;
      for (const [said, question] of script) last = await officer.ask(said, question);
      return last!;
    });
    return this.step('submit from the summary card', async () => {
      for (const text of expected)
        if (!eventText(summary).includes(text)) throw new Error(`The summary card does not show ${text}:\n${readable(summary, 3000)}`);
      const seen = officer.events.length;
      await officer.execute(summary.message.messageId, 'draft.submit');
      const confirmation = await officer.waitForMessage(seen, (e) => /Submitted as/.test(eventText(e)), 'after clicking Submit');
      return /ECR-\d{4}-\d{4}/.exec(eventText(confirmation))![0];
    });
  }

  /**
   * Finance, HR and legal each get the request card (sent after `since`) and add their
   * formal comment from it, in that order; each waits for their card to show the version
   * the previous comment made, as a person would see it updated. Returns the three cards.
   */
  async commentFromCards(
    reference: string,
    since: Map<PlaygroundSeat, number>,
    comments: { finance: string; hr: string; legal: string },
  ): Promise<Map<PlaygroundSeat, PlaygroundEvent>> {
    const seats = this.seats as Partial<Record<CastRole, PlaygroundSeat>>;
    const reviewers = (['finance', 'hr', 'legal'] as const).map((d) => {
      const seat = seats[d];
      if (!seat) throw new Error(`This cast has no ${d} reviewer`);
      return [d, seat] as const;
    });
    const cards = await this.step('each reviewer gets the request card with Add comment', async () => {
      const found = new Map<PlaygroundSeat, PlaygroundEvent>();
      for (const [, reviewer] of reviewers) {
        const card = await reviewer.waitForRequestCard(since.get(reviewer)!, reference, 'waiting for the request card');
        if (!findExecuteAction(card, Verbs.comment)) throw new Error(`${reviewer.person.name}'s card has no Add comment:\n${readable(card, 2000)}`);
        found.set(reviewer, card);
      }
      return found;
    });
    const sinceComments = this.mark();
    let version: number | undefined;
    for (const [discipline, reviewer] of reviewers) {
      await this.step(`${reviewer.person.name} adds a comment from the card`, async () => {
        const cardId = cards.get(reviewer)!.message.messageId;
        if (version !== undefined) {
          await reviewer.waitForUpdate(
            sinceComments.get(reviewer)!,
            (e) => e.message.messageId === cardId && cardVersion(e) === version,
            `waiting for the card to show version ${version}`,
          );
        }
        const result = await reviewer.execute(cardId, Verbs.comment, { commentText: comments[discipline] });
        if (!result.text.includes('Your comment is recorded')) throw new Error(`The comment was not recorded: ${result.text.slice(0, 1000)}`);
        version = cardVersion(reviewer.view(cardId)!);
      });
    }
    return cards;
  }
}
