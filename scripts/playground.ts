import { spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Starts the Microsoft 365 Agents Playground (a Teams-like client with a mock connector)
 * against the running bot, with the mock users and team in .m365agentsplayground.yml.
 * Headless unless TEAMSAPPTESTER_BROWSER is set: it exits if it cannot open a browser.
 */
const root = join(__dirname, '..');
const botPort = process.env.PORT ?? '3978';
const port = process.env.PLAYGROUND_PORT ?? '56150';
const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');
// The Playground allows five users besides the current one, so the scrutiny roles have a
// config of their own: `npm run playground -- scrutiny`.
const view = process.argv[2] === 'scrutiny' ? join(root, 'playground', 'scrutiny.yml') : join(root, '.m365agentsplayground.yml');

const child = spawn(
  process.execPath,
  [cli, 'start', '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`, '--channel-id', 'msteams', '--port', port, '--disable-telemetry'],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: view } },
);
process.stdout.write(`Agents Playground starting: open http://localhost:${port} in a browser (the bot must be running: npm start)\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
