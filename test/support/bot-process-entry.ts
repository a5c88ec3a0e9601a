import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { startBot } from '../../bot/start';

/**
 * The bot as a process of its own, for tests that kill it (see bot-process.ts): like
 * bot/index.ts but with no signal handling, and with the workflow clock moved on by
 * TEST_CLOCK_OFFSET_MS, so a restart can come "after the leases ran out" without waiting.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const offsetMs = Number(process.env.TEST_CLOCK_OFFSET_MS ?? 0);
  const log = createLogger(config.logLevel);
  // As bot/index.ts: logged, for tests to count, rather than ending the process.
  process.on('unhandledRejection', (reason) => log.error({ err: reason, event: 'process.unhandled_rejection' }, 'unhandled promise rejection'));
  const app = await startBot(config, log, { now: () => new Date(Date.now() + offsetMs) });
  process.stdout.write(`${JSON.stringify({ ready: app.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
