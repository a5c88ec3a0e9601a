import { TracedText } from './traced-text';

/**
 * Numbers as reports write them in words: "two", "eighteen months", "two and a half FTE".
 * Only lower-case number words (and one opening a line) are read, so a name such as
 * "One Adoption West Yorkshire" is left alone.
 */
const UNITS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
};
const WORD = Object.keys(UNITS).join('|');
/** Number words, and what follows them: "two", "twenty-four", "two and a half". */
const NUMBER_WORDS = new RegExp(
  `(?<=^|[^A-Za-z-])((?:${WORD})(?:[\\s-](?:${WORD}))?)(\\s+and\\s+(?:a\\s+)?(half|quarter|three[\\s-]quarters))?(?![A-Za-z]|-[A-Za-z])`,
  'g',
);
const FRACTION: Record<string, string> = { half: '.5', quarter: '.25', 'three quarters': '.75', 'three-quarters': '.75' };

/** "two" → 2, "twenty-four" → 24, anything else → undefined. */
export function wordToNumber(word: string): number | undefined {
  const parts = word.toLowerCase().split(/[\s-]+/);
  if (parts.length === 1) return UNITS[parts[0]!];
  const [tens, unit] = [UNITS[parts[0]!], UNITS[parts[1]!]];
  return tens !== undefined && unit !== undefined && tens >= 20 && tens % 10 === 0 && unit < 10 ? tens + unit : undefined;
}

/**
 * Rewrites number words as digits: "two and a half FTE" → "2.5 FTE", "a half-time" is left
 * alone. Capitalised number words are read only at the start of the text ("Two posts").
 */
export function numberWordsToDigits(text: string): string {
  return tracedNumberWords(TracedText.of(text)).text;
}

/** As numberWordsToDigits, the digits still knowing the words they were written as. */
export function tracedNumberWords(input: TracedText): TracedText {
  const text = input.text;
  return input
    .replace(NUMBER_WORDS, (m) => {
      const [whole, words = '', , fraction] = m;
      const atStart = text.slice(0, m.index).trim() === '';
      if (words !== words.toLowerCase() && !(atStart && /^[A-Z][a-z]+(?:[\s-][a-z]+)?$/.test(words))) return whole;
      const n = wordToNumber(words);
      if (n === undefined) return whole;
      return `${n}${fraction ? (FRACTION[fraction.toLowerCase().replace(/\s+/, ' ')] ?? '') : ''}`;
    })
    .replace(/(?<=^|[^A-Za-z])(?:a|one)\s+and\s+a\s+half\b/gi, '1.5')
    .replace(/(?<=^|[^A-Za-z])half\s+(?:an?\s+)?(fte|wte)\b/gi, (m) => `0.5 ${m[1]}`);
}
