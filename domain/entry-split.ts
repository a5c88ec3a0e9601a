/**
 * Splits what an officer typed or pasted into one text per change: bullets, semicolons,
 * sentences, "… and to establish …", "… and establish in its place …", "replace X with Y".
 * Text that may be one change or several is left whole: the line parser asks about it.
 */
const KIND_START = '(?:dis-?establish|establish|create|delete|remove|extend|regrade|make\\s+permanent|pay|an?\\s+honorarium|a\\s+one[\\s-]off)\\b';

export function splitLines(text: string): string[] {
  const t = text
    .replace(/\r/g, '')
    .replace(/\s+and\s+(?:to\s+)?establish\s+in\s+(?:its|their)\s+place\s+(?:the\s+post\s+of\s+)?/gi, '\n establish ')
    .replace(new RegExp(`,?\\s+and\\s+(?:to\\s+)?(?=${KIND_START})`, 'gi'), '\n ');
  return t
    .split(/\n|;|•|·|(?:^|\s)[-–]\s(?=\d)|(?<=[A-Za-z0-9)\]])\.\s+(?=[A-Z(])/)
    .flatMap(splitReplacement)
    .map((s) =>
      s
        .trim()
        .replace(/[.;,]+$/, '')
        .trim(),
    )
    .filter((s) => /[a-z]/i.test(s));
}

/** "replace the 1 fte X with 1 fte Y" / "X be replaced with Y" → disestablish X, establish Y. */
function splitReplacement(segment: string): string[] {
  const active = /^\s*(?:to\s+)?replac(?:e|ing)\s+(.+?)\s+(?:with|by)\s+(.+)$/i.exec(segment);
  if (active) return [`disestablish ${active[1]}`, `establish ${active[2]}`];
  const passive = /^(.+?)\s+(?:(?:to\s+|will\s+|should\s+)?be\s+|is\s+|are\s+)?replaced\s+(?:with|by)\s+(.+)$/i.exec(segment);
  if (passive) return [`disestablish ${passive[1]}`, `establish ${passive[2]}`];
  return [segment];
}
