import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMOCRATIC_SERVICES, PLAYGROUND_PEOPLE, playgroundConfigFor, SCRUTINY_MEMBER, type PlaygroundRole } from '../fixtures/playground-config';

/**
 * Starts the Microsoft 365 Agents Playground (a Teams-like client with a mock connector)
 * against the running bot. Headless unless TEAMSAPPTESTER_BROWSER is set: it exits if it
 * cannot open a browser.
 *
 *   npm run playground                 the officer (.m365agentsplayground.yml), port 56150
 *   npm run playground -- finance      one Playground per person: finance, hr, legal,
 *                                      director, each on its own port (56151…56154)
 *   npm run playground -- member       Sam Scrutiny, a scrutiny member, port 56155
 *   npm run playground -- scrutiny     Oscar Overview, the scrutiny officer
 *                                      (playground/scrutiny.yml), port 56156
 *   npm run playground -- democratic   Derek Democratic, democratic services (settings,
 *                                      reassign, waiting, committee resolutions), port 56157
 *
 * A Playground shows only its current user's own 1:1 chat, so the reviewers and the
 * director each need their own, as each would have their own Teams client.
 */
const root = join(__dirname, '..');
const botPort = process.env.PORT ?? '3978';
const role = process.argv[2] ?? 'officer';
const people = Object.keys(PLAYGROUND_PEOPLE) as PlaygroundRole[];

let config: string;
let defaultPort = 56150;
if (role === 'officer') config = join(root, '.m365agentsplayground.yml');
else if (role === 'scrutiny') {
  config = join(root, 'playground', 'scrutiny.yml');
  defaultPort = 56156;
} else if (role === 'member' || role === 'democratic' || (people as string[]).includes(role)) {
  const dir = join(root, '.data', 'playground');
  mkdirSync(dir, { recursive: true });
  const person = role === 'member' ? SCRUTINY_MEMBER : role === 'democratic' ? DEMOCRATIC_SERVICES : PLAYGROUND_PEOPLE[role as PlaygroundRole];
  config = playgroundConfigFor(person, `a:personal-chat-${role}`, dir);
  defaultPort = role === 'member' ? 56155 : role === 'democratic' ? 56157 : defaultPort + people.indexOf(role as PlaygroundRole);
} else {
  process.stderr.write(`No Playground view "${role}": use officer, ${people.filter((p) => p !== 'officer').join(', ')}, member, scrutiny or democratic.\n`);
  process.exit(1);
}
const port = process.env.PLAYGROUND_PORT ?? String(defaultPort);
const cli = require.resolve('@microsoft/m365agentsplayground/cli.js');

const child = spawn(
  process.execPath,
  [cli, 'start', '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`, '--channel-id', 'msteams', '--port', port, '--disable-telemetry'],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: config },
  },
);
process.stdout.write(`Agents Playground (${role}) starting: open http://localhost:${port} in a browser (the bot must be running: npm start)\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
