import { COMMAND_LIST, type CommandName, type CommandSpec } from './command-list';

/**
 * A command as typed. `argument` is what followed its words, only for a command that takes
 * one ('' when it may and none was typed).
 */
export type ParsedCommand = { name: CommandName; argument?: string } | { name: 'unknown'; text: string };

/** An argument some commands must have: revise takes only a reference ("revise my draft" is not one). */
const ARGUMENT_SHAPE: Partial<Record<CommandName, RegExp>> = { revise: /^ecr-/i };
/** Words that also mean a command but are not offered as typo targets. */
const ALSO: ReadonlyArray<[string, CommandName]> = [['edit', 'revise']];

function build(spec: CommandSpec, argument?: string): ParsedCommand {
  return spec.argument === 'none' ? { name: spec.name } : { name: spec.name, argument: argument ?? '' };
}

/**
 * Turns what someone typed into a command. Tolerant of case, spacing, a leading @mention
 * (already removed by the caller) and trailing punctuation; anything else is `unknown`.
 * The commands and their words are COMMAND_LIST's (command-list.ts), the help card's too.
 */
export function parseCommand(raw: string): ParsedCommand {
  const text = raw.replace(/\s+/g, ' ').trim();
  const key = text.toLowerCase().replace(/[.!]+$/, '');
  const specs = [
    ...COMMAND_LIST.flatMap((s) => s.words.map((w) => [w, s] as const)),
    ...ALSO.map(([w, n]) => [w, COMMAND_LIST.find((s) => s.name === n)!] as const),
  ];
  for (const [word, spec] of specs) {
    if (key === word && spec.argument !== 'required') return build(spec);
  }
  for (const [word, spec] of specs) {
    if (spec.argument === 'none' || !key.startsWith(`${word} `)) continue;
    // The argument is taken from what was typed (its case kept): it starts where the
    // command word ends, which is the same place in `key` and `text` (the word is ASCII).
    const argument = text.slice(word.length).trim();
    if (!argument || (ARGUMENT_SHAPE[spec.name] && !ARGUMENT_SHAPE[spec.name]!.test(argument))) continue;
    // Grounds for a call-in are prose and keep their full stop; a reference or name does not.
    return build(spec, spec.name === 'call-in' ? argument : argument.replace(/[.!]+$/, ''));
  }
  return { name: 'unknown', text };
}
