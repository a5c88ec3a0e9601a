/**
 * Turns what someone typed into a command. Tolerant of case, spacing, a leading @mention
 * (already removed by the caller) and trailing punctuation; anything else is `unknown`.
 */
export type Command =
  | { name: 'help' }
  | { name: 'new-request' }
  | { name: 'continue' }
  | { name: 'my-requests' }
  | { name: 'cancel' }
  | { name: 'decisions' }
  | { name: 'status' | 'withdraw' | 'history' | 'report' | 'call-in' | 'discard' | 'revise' | 'deputy'; argument: string }
  | { name: 'unknown'; text: string };

const NO_ARGUMENT: Record<string, Command> = {
  help: { name: 'help' },
  '?': { name: 'help' },
  hi: { name: 'help' },
  hello: { name: 'help' },
  'new request': { name: 'new-request' },
  new: { name: 'new-request' },
  'raise a request': { name: 'new-request' },
  continue: { name: 'continue' },
  resume: { name: 'continue' },
  'my requests': { name: 'my-requests' },
  requests: { name: 'my-requests' },
  cancel: { name: 'cancel' },
  stop: { name: 'cancel' },
  decisions: { name: 'decisions' },
  deputy: { name: 'deputy', argument: '' },
};

const WITH_ARGUMENT: ReadonlyArray<[RegExp, Extract<Command, { argument: string }>['name']]> = [
  [/^status\s+(.+)$/, 'status'],
  [/^withdraw\s+(.+)$/, 'withdraw'],
  [/^history\s+(.+)$/, 'history'],
  [/^report\s+(.+)$/, 'report'],
  [/^call[\s-]?in\s+(.+)$/, 'call-in'],
  [/^discard\s+(.+)$/, 'discard'],
  [/^(?:revise|edit|resubmit)\s+(ecr-.+)$/, 'revise'],
  [/^deputy\s+(.+)$/, 'deputy'],
];

export function parseCommand(raw: string): Command {
  const text = raw.replace(/\s+/g, ' ').trim();
  const key = text.toLowerCase().replace(/[.!]+$/, '');
  const simple = NO_ARGUMENT[key];
  if (simple && Object.prototype.hasOwnProperty.call(NO_ARGUMENT, key)) return simple;
  for (const [pattern, name] of WITH_ARGUMENT) {
    const m = pattern.exec(key);
    if (!m) continue;
    // The argument is taken from what was typed (its case kept): it starts where the
    // command word ends, which is the same place in `key` and `text` (the word is ASCII).
    const argument = text.slice(m[0].length - m[1]!.length).trim();
    // Grounds for a call-in are prose and keep their full stop; a reference or name does not.
    return { name, argument: name === 'call-in' ? argument : argument.replace(/[.!]+$/, '') };
  }
  return { name: 'unknown', text };
}
