import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A Playground user: the id the Playground knows them by, and their Entra object id. */
export interface PlaygroundPerson {
  id: string;
  name: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
}

/** The people of .m365agentsplayground.yml (and config/routing.example.json). */
export const PLAYGROUND_PEOPLE = {
  officer: { id: '29:officer', name: 'Olivia Officer', aadObjectId: '00000000-0000-0000-0000-0000000000a1', givenName: 'Olivia', surname: 'Officer' },
  finance: { id: '29:finance', name: 'Fiona Finance', aadObjectId: '00000000-0000-0000-0000-0000000000b1', givenName: 'Fiona', surname: 'Finance' },
  hr: { id: '29:hr', name: 'Harry Hr', aadObjectId: '00000000-0000-0000-0000-0000000000b2', givenName: 'Harry', surname: 'Hr' },
  legal: { id: '29:legal', name: 'Lena Legal', aadObjectId: '00000000-0000-0000-0000-0000000000b3', givenName: 'Lena', surname: 'Legal' },
  director: { id: '29:director', name: 'Dana Director', aadObjectId: '00000000-0000-0000-0000-0000000000c1', givenName: 'Dana', surname: 'Director' },
} as const satisfies Record<string, PlaygroundPerson>;
/** The Playground insists on exactly five users besides the current one. */
export const SCRUTINY_MEMBER: PlaygroundPerson = { id: '29:scrutiny1', name: 'Sam Scrutiny', aadObjectId: '00000000-0000-0000-0000-0000000000d1', givenName: 'Sam', surname: 'Scrutiny' };
export type PlaygroundRole = keyof typeof PLAYGROUND_PEOPLE;

/**
 * A Playground configuration with `me` as the current user. The Playground only shows (and
 * only lets you act in) the current user's own 1:1 chat: messages the bot sends to another
 * user's chat are stored but never streamed. So each person gets their own Playground, as
 * each would have their own Teams client, with their own personal chat id.
 */
export function playgroundConfigFor(me: PlaygroundPerson, personalChatId: string, dir = mkdtempSync(join(tmpdir(), 'playground-'))): string {
  const user = (p: PlaygroundPerson) => ({
    id: p.id,
    name: p.name,
    userPrincipleName: `${p.givenName}.${p.surname}@example.gov.uk`.toLowerCase(),
    aadObjectId: p.aadObjectId,
    givenName: p.givenName,
    surname: p.surname,
    email: `${p.givenName}.${p.surname}@example.gov.uk`.toLowerCase(),
  });
  const config = {
    version: '0.1.1',
    tenantId: '00000000-0000-0000-0000-000000000001',
    bot: { id: '28:establishment-changes-bot', name: 'Establishment Changes' },
    currentUser: user(me),
    users: [...Object.values(PLAYGROUND_PEOPLE), SCRUTINY_MEMBER].filter((p) => p.id !== me.id).slice(0, 5).map(user),
    personalChat: { id: personalChatId },
    groupChat: { id: '19:establishment-group@thread.v2', name: 'Establishment changes group' },
    team: {
      id: '19:council-decisions-team@thread.tacv2',
      name: 'Council Decisions',
      aadGroupId: '00000000-0000-0000-0000-0000000000e1',
      channels: [{ id: '19:decisions@thread.tacv2', name: 'Decisions' }],
    },
  };
  const path = join(dir, `${me.id.replace(/[^a-z0-9]/gi, '-')}.yml`);
  // JSON is YAML.
  writeFileSync(path, JSON.stringify(config, null, 1));
  return path;
}
