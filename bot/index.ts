import { existsSync } from 'node:fs';
import { ConfigError, loadConfig } from './config';
import { createLogger, throttle } from './logger';
import { startBot } from './start';

/** Entry point: configuration, then the bot, then signal handling. Nothing else. */
async function main(): Promise<void> {
  // A .env beside package.json fills in what the environment does not set (the environment wins).
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(1);
    }
    throw error;
  }
  const log = createLogger(config.logLevel);
  process.on('unhandledRejection', (reason) => log.error({ err: reason, event: 'process.unhandled_rejection' }, 'unhandled promise rejection'));

  const app = await startBot(config, log);
  if (config.localMode) {
    log.warn({ event: 'app.local_mode' }, 'local mode: no MicrosoftAppId, requests are not authenticated (loopback only)');
  }
  process.stdout.write(`Bot ready at ${app.url}/api/messages (health: ${app.url}/healthz)\n`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ event: 'app.shutdown', signal }, 'shutting down');
    app.stop().then(
      () => {
        // Counts of lines held back in the last window, so a flood just before a restart still shows.
        throttle.flush();
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error, event: 'app.shutdown_failed' }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
