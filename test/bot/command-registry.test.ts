import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatCommand } from '../../bot/commands/chat-command';
import { COMMAND_LIST } from '../../bot/commands/command-list';
import { parseCommand } from '../../bot/commands/parse-command';
import { CHAT_COMMANDS } from '../../bot/commands/registry';

const commands = Object.entries(CHAT_COMMANDS) as Array<[string, ChatCommand]>;

/** What a word is typed with: a reference where the command needs an argument. */
function typed(command: ChatCommand, word: string): string {
  return command.argument === 'required' ? `${word} ECR-2026-0001` : word;
}

describe('the command registry: one module per command', () => {
  it.each(commands)('%s is registered under its own name, and the list reads the registry in its order', (name, command) => {
    expect(command.name).toBe(name);
    expect(COMMAND_LIST[commands.findIndex(([n]) => n === name)]).toBe(command);
  });

  it.each(commands)('every word of %s parses back to it', (name, command) => {
    for (const word of command.words) expect(parseCommand(typed(command, word)).name).toBe(name);
    if (command.argument !== 'none') expect(parseCommand(`${command.words[0]} ECR-2026-0001`)).toEqual({ name, argument: 'ECR-2026-0001' });
  });

  it('no word belongs to two commands', () => {
    const words = commands.flatMap(([, c]) => c.words);
    expect(new Set(words).size).toBe(words.length);
  });

  it('every module in bot/commands that exports a command is in the registry', async () => {
    const registered = new Set<unknown>(Object.values(CHAT_COMMANDS));
    const dir = join(__dirname, '../../bot/commands');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const exported = Object.values((await import(join(dir, file))) as Record<string, unknown>);
      for (const value of exported.filter((v) => typeof v === 'object' && v !== null && 'run' in v && 'words' in v)) expect(registered.has(value)).toBe(true);
    }
  });
});
