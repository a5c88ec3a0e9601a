import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_LIST } from '../../bot/commands/command-list';
import { parseCommand } from '../../bot/commands/parse-command';
import { helpForQuestion, suggestCommand } from '../../bot/commands/suggest';
import { COMMANDS } from '../../cards/help';

/** The first cells of the README's "Everything you can type" table that are a command in backticks. */
function readmeCommands(): string[] {
  const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Everything you can type'), readme.indexOf('\n## ', readme.indexOf('## Everything you can type') + 5));
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

describe('one list of commands: parser, help card and README', () => {
  it('the help card is the command list', () => {
    expect(COMMANDS.map((c) => c.command)).toEqual(COMMAND_LIST.map((c) => c.usage));
    for (const usage of ['save', 'report ECR-2026-0001', 'discard', 'back', 'change service']) expect(COMMANDS.map((c) => c.command)).toContain(usage);
  });

  it('the README table lists exactly the commands, in the same order', () => {
    expect(readmeCommands()).toEqual(COMMAND_LIST.map((c) => c.usage));
  });

  it.each(COMMAND_LIST.map((c) => [c.usage, c.name] as const))('the parser reads %s as %s', (usage, name) => {
    expect(parseCommand(usage.replace(' <grounds>', ' the grounds')).name).toBe(name);
  });

  it.each([
    ['new reqest', 'new request'],
    ['staus ECR-2026-0001', 'status ECR-2026-0001'],
    ['my reqeusts', 'my requests'],
    ['withdrw ECR-2026-0001', 'withdraw ECR-2026-0001'],
    ['Children and Families', undefined],
    ['status ECR-2026-0001', undefined],
  ])('suggests for %s: %s', (typed, suggestion) => {
    expect(suggestCommand(typed)).toBe(suggestion);
  });

  it.each([
    ['what can you do?', ['all']],
    ['how do I withdraw?', ['withdraw']],
    ['how do I name a deputy', ['deputy']],
    ['Support Worker', undefined],
  ])('answers the question %s', (typed, names) => {
    const found = helpForQuestion(typed);
    expect(found === undefined ? undefined : found.all ? ['all'] : found.commands.map((c) => c.name)).toEqual(names);
  });
});
