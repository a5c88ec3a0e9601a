import { TracedText } from './traced-text';

/**
 * Splits what an officer typed or pasted into one text per change: bullets, semicolons,
 * sentences, "… and to establish …", "… and establish in its place …", "replace X with Y".
 * Text that may be one change or several is left whole: the line parser asks about it.
 */
const KIND_START = '(?:dis-?establish|establish|create|delete|remove|extend|regrade|make\\s+permanent|pay|an?\\s+honorarium|a\\s+one[\\s-]off)\\b';

export function splitLines(text: string): string[] {
  return splitTraced(TracedText.of(text)).map((s) => s.text);
}

/** As splitLines, each part still knowing where in the officer's text its words are. */
export function splitTraced(input: TracedText): TracedText[] {
  const t = input
    .replace(/\r/g, '')
    .replace(/\s+and\s+(?:to\s+)?establish\s+in\s+(?:its|their)\s+place\s+(?:the\s+post\s+of\s+)?/gi, '\n establish ')
    .replace(new RegExp(`,?\\s+and\\s+(?:to\\s+)?(?=${KIND_START})`, 'gi'), '\n ');
  return t
    .split(/\n|;|•|·|(?:^|\s)[-–]\s(?=\d)|(?<=[A-Za-z0-9)\]])\.\s+(?=[A-Z(])/)
    .flatMap(splitReplacement)
    .map((s) => {
      const trimmed = s.trim();
      return trimmed.slice(0, trimmed.text.replace(/[.;,]+$/, '').length).trim();
    })
    .filter((s) => /[a-z]/i.test(s.text));
}

/** "replace the 1 fte X with 1 fte Y" / "X be replaced with Y" → disestablish X, establish Y. */
function splitReplacement(segment: TracedText): TracedText[] {
  const active = /^\s*(?:to\s+)?(replac(?:e|ing))\s+(.+?)\s+(?:with|by)\s+(.+)$/di.exec(segment.text);
  if (active) {
    const verb = segment.slice(...active.indices![1]!);
    return [
      verb.splice(0, verb.length, 'disestablish ').concat(segment.slice(...active.indices![2]!)),
      verb.splice(0, verb.length, 'establish ').concat(segment.slice(...active.indices![3]!)),
    ];
  }
  const passive = /^(.+?)\s+(?:(?:to\s+|will\s+|should\s+)?be\s+|is\s+|are\s+)?(replaced)\s+(?:with|by)\s+(.+)$/di.exec(segment.text);
  if (passive) {
    const verb = segment.slice(...passive.indices![2]!);
    return [
      verb.splice(0, verb.length, 'disestablish ').concat(segment.slice(...passive.indices![1]!)),
      verb.splice(0, verb.length, 'establish ').concat(segment.slice(...passive.indices![3]!)),
    ];
  }
  return [segment];
}
