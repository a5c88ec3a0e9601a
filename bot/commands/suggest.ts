import { COMMAND_LIST, type CommandSpec } from './command-list';
import { parseCommand } from './parse-command';

/**
 * Forgiving what was typed: "staus ECR-2026-0001" → "status ECR-2026-0001", and plain
 * questions ("how do I withdraw?") → the help lines that answer them. Both read the one
 * command list, so a command added there is suggested and explained here too.
 */

/** Edits (insert, delete, substitute, swap two neighbours) between a and b. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** How many slips a word of this length may have and still be that word. */
function allowed(word: string): number {
  return word.length <= 3 ? 0 : word.length <= 6 ? 1 : 2;
}

/**
 * The command the officer probably meant, as it should be typed, or undefined when
 * nothing is close (or when it already is a command).
 */
export function suggestCommand(typed: string): string | undefined {
  const text = typed.replace(/\s+/g, ' ').trim();
  if (!text || parseCommand(text).name !== 'unknown') return undefined;
  const words = text.split(' ');
  let best: { distance: number; suggestion: string } | undefined;
  for (const spec of COMMAND_LIST) {
    for (const word of spec.words) {
      const n = word.split(' ').length;
      if (words.length < n) continue;
      const head = words.slice(0, n).join(' ').toLowerCase();
      const rest = words.slice(n).join(' ');
      if ((spec.argument === 'none' && rest) || (spec.argument === 'required' && !rest)) continue;
      const distance = editDistance(head, word);
      if (distance === 0 || distance > allowed(word)) continue;
      const suggestion = [spec.words[0]!, rest].filter(Boolean).join(' ');
      if (parseCommand(suggestion).name !== spec.name) continue;
      if (!best || distance < best.distance) best = { distance, suggestion };
    }
  }
  return best?.suggestion;
}

const QUESTION = /^(how|what|where|when|why|which|who|can|could|do|does|is|are|may|should|i want to|i need to|i'd like to|help me)\b|\?$/i;
const EVERYTHING = /\b(what can (you|i) (do|type|say|ask)|what do you do|what are (the|your) commands|commands|what can you help)\b/i;

/**
 * A plain question about using the bot: the commands it asks about, or all of them when
 * it asks what the bot can do. Undefined when it is not a question about the bot.
 */
export function helpForQuestion(typed: string): { all: true } | { all: false; commands: CommandSpec[] } | undefined {
  const text = typed.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!QUESTION.test(text)) return undefined;
  if (EVERYTHING.test(text)) return { all: true };
  const words = text
    .replace(/[?.!,]/g, ' ')
    .split(' ')
    .filter(Boolean);
  const mentions = (topic: string) => {
    if (topic.includes(' ')) return ` ${words.join(' ')} `.includes(` ${topic} `);
    return words.some((w) => w === topic || w.replace(/(ing|ed|s)$/, '') === topic || (topic.length > 5 && editDistance(w, topic) <= 1));
  };
  const commands = COMMAND_LIST.filter((spec) => spec.name !== 'help' && spec.topics.some(mentions));
  return commands.length ? { all: false, commands } : undefined;
}

/** "To withdraw a request not yet decided: `withdraw ECR-2026-0001`." */
export function helpLine(spec: CommandSpec): string {
  return `- \`${spec.usage}\`: ${spec.description}`;
}
