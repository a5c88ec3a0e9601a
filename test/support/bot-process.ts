import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { LogLine } from './bot-harness';

const ROOT = resolve(__dirname, '..', '..');

/**
 * The real bot in a child process (TypeScript run by tsx, so nothing needs building), for
 * tests that kill it with SIGKILL. Its log lines are kept in `logs`.
 */
export class BotProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  url = '';

  private constructor(private readonly child: ChildProcess) {}

  /** Starts the bot with `env` over this process's environment; resolves once it listens. */
  static async start(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/bot-process-entry.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new BotProcess(child);
    createInterface({ input: child.stderr! }).on('line', (line) => bot.stderr.push(line));
    await new Promise<void>((ready, failed) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        failed(new Error(`The bot did not start in ${timeoutMs} ms: ${bot.stderr.join('\n')}`));
      }, timeoutMs);
      child.once('exit', (code) => failed(new Error(`The bot exited (${code}) before it was ready: ${bot.stderr.join('\n')}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        let parsed: LogLine & { ready?: string };
        try {
          parsed = JSON.parse(line) as LogLine & { ready?: string };
        } catch {
          return;
        }
        if (parsed.ready === undefined) return void bot.logs.push(parsed);
        bot.url = parsed.ready;
        clearTimeout(timer);
        ready();
      });
    });
    return bot;
  }

  /** Kills the process outright (no shutdown, no flushing) and waits until it is gone. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((exited) => this.child.once('exit', exited));
    this.child.kill('SIGKILL');
    await gone;
  }

  /** POSTs an activity to /api/messages. */
  async post(body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
  }
}
