import type { Take } from './entry-line';
import type { FteHundredths } from './money';
import type { Span } from './traced-text';

/**
 * FTE as reports give it: "1.5 fte", "2 x", "x 2", "two full time", "4 temporary Officers",
 * "30 hours a week", "1 fte and 0.8 fte". Hours convert at the full-time hours (37 by
 * default). Counts of posts are read as full-time posts, and said so in a note.
 */
export interface FteFound {
  /** One value per line: "1 fte and 0.8 fte X" gives two. */
  ftes: FteHundredths[];
  /** How many posts the words count ("2 x", "two full time"), whatever their FTE. */
  posts?: number;
  quote?: string;
  /** Where each of the quoted words is in the officer's text. */
  spans: Span[];
  notes: string[];
  questions: string[];
}

const FTE_WORD = '(?:fte|wte|f\\.t\\.e\\.?|full[\\s-]time\\s+equivalents?(?:\\s+\\(fte\\))?)';
/** A figure read whole, never the tail of another: ".5" is 0.5, and "1.255" or "1,5" is no FTE at all (asked about). */
const FIGURE = '(?<![\\w.]|\\d,)(?:\\d{1,3}(?:\\.\\d{1,2})?|\\.\\d{1,2})';
const NUM = `(${FIGURE})`;
const LIST = new RegExp(`${NUM}\\s*${FTE_WORD}((?:\\s*(?:,|and|&|\\+)\\s*${FIGURE}\\s*${FTE_WORD})+)`, 'i');
const ONE = new RegExp(`${NUM}\\s*${FTE_WORD}(?![a-z])`, 'i');
const COUNT_X = /\b(\d{1,3})\s*x\s+(?=\S)|\s+x\s*(\d{1,3})\b/i;
const FULL_TIME = /\b(\d{1,3}|an?)\s+full[\s-]time\b/i;
const PART_TIME = /\b(?:(\d{1,3}|an?)\s+)?part[\s-]time\b/i;
const HOURS = /\(?\s*(?<![\d.]|\d,)(\d{1,2}(?:\.\d{1,2})?)\s*(?:hours|hrs|hour)(?:\s*(?:per|a|each|p\/?)\s*w(?:ee)?k)?\s*\)?/i;
const COUNT_BEFORE_TITLE =
  /(?<![\d.,£/])\b(\d{1,3})\s+(?=(?:(?:new|additional|further|temporary|permanent|fixed[\s-]term|existing|vacant|more|¦)\s+)*(?:[A-Z]|posts?\b))/;

function hundredths(text: string): number | undefined {
  const [whole, frac = ''] = text.split('.');
  if (frac.length > 2) return undefined;
  const v = Number(whole) * 100 + Number((frac + '00').slice(0, 2));
  return v > 0 && v <= 99_999 ? v : undefined;
}

export function takeFte(take: Take, fullTimeHours: number, segment: string): FteFound {
  const out: FteFound = { ftes: [], spans: [], notes: [], questions: [] };
  const quotes: string[] = [];
  const annualised = /\bannuali[sz]ed\b/i.test(segment);
  const list = take(LIST);
  if (list) {
    quotes.push(list[0].trim());
    out.spans.push(...list.spans);
    const values = [list[1]!, ...[...list[2]!.matchAll(new RegExp(FIGURE, 'g'))].map((m) => m[0])].map(hundredths);
    if (values.some((v) => v === undefined)) out.questions.push(`I could not read the FTE in "${list[0].trim()}".`);
    else out.ftes = values as number[];
  }
  const ftes: number[] = [];
  let m: ReturnType<Take>;
  while (!list && (m = take(ONE))) {
    quotes.push(m[0].trim());
    out.spans.push(...m.spans);
    const v = hundredths(m[1]!);
    if (v === undefined) out.questions.push(`"${m[0].trim()}" is not an FTE I can use (at most two decimal places).`);
    else ftes.push(v);
  }
  if (ftes.length > 1) out.questions.push(`I found ${ftes.length} FTE figures (${quotes.join(', ')}): which post has which? Describe each post on its own.`);
  const count = take(COUNT_X) ?? take(FULL_TIME);
  const countValue = count ? (/^an?$/i.test(count[1] ?? '') ? 1 : Number(count[1] ?? count[2])) : undefined;
  if (count) quotes.push(count[0].trim());
  const part = take(PART_TIME);
  if (part) quotes.push(part[0].trim());
  const hours = take(HOURS);
  if (hours) quotes.push(hours[0].trim());
  const before = !count && !ftes.length && !list ? take(COUNT_BEFORE_TITLE) : undefined;
  if (before) quotes.push(before[0].trim());
  const posts = countValue ?? (part?.[1] ? (/^an?$/i.test(part[1]) ? 1 : Number(part[1])) : before ? Number(before[1]) : undefined);
  for (const found of [count, part, hours, before]) if (found) out.spans.push(...found.spans);
  out.quote = quotes.join(' … ') || undefined;
  if (posts !== undefined) out.posts = posts;

  if (annualised && (hours || posts)) {
    out.questions.push('These are annualised hours: how many FTE is that?');
    return out;
  }
  if (list) return out;
  if (posts === 0) out.questions.push('The number of posts is zero: how many FTE?');
  const perPostHours = hours ? Number(hours[1]) : undefined;
  if (perPostHours !== undefined && (perPostHours <= 0 || perPostHours > fullTimeHours * 1.5)) {
    out.questions.push(`${hours![0].trim()} is not a working week I can convert to FTE: how many FTE?`);
    return out;
  }
  const fromHours = perPostHours !== undefined ? Math.round((perPostHours * 100) / fullTimeHours) : undefined;
  if (ftes.length === 1) {
    const fte = ftes[0]!;
    if (posts !== undefined && posts !== 1 && !(fromHours !== undefined && Math.abs(posts * fromHours - fte) <= 2 * posts)) {
      out.questions.push(`Is that ${posts} posts making ${fte / 100} FTE in all, or ${posts} posts of ${fte / 100} FTE each?`);
    } else if (fromHours !== undefined && posts === undefined && Math.abs(fromHours - fte) > 2) {
      out.questions.push(`${hours![0].trim()} is ${fromHours / 100} FTE at ${fullTimeHours} hours, but the text says ${fte / 100} FTE: which is right?`);
    } else out.ftes = [fte];
    return out;
  }
  if (ftes.length > 1) return out;
  if (fromHours !== undefined) {
    const n = posts ?? 1;
    if (n * fromHours > 99_999 || n * fromHours < 1) {
      out.questions.push(`${n} posts of ${perPostHours} hours is not an FTE I can record: how many FTE?`);
      return out;
    }
    out.ftes = [n * fromHours];
    out.notes.push(`${n > 1 ? `${n} posts of ` : ''}${perPostHours} hours a week at ${fullTimeHours} full-time hours = ${(n * fromHours) / 100} FTE.`);
    return out;
  }
  if (part) {
    if (posts !== undefined && posts > 1) out.questions.push(`How many hours a week does each of the ${posts} part-time posts work?`);
    else out.notes.push('It is part-time: I still need its FTE or hours.');
    return out;
  }
  if (posts !== undefined && posts > 0) {
    out.ftes = [posts * 100];
    if (!count || !FULL_TIME.test(count[0]))
      out.notes.push(`I read "${(count ?? before)![0].trim()}" as ${posts} full-time post${posts > 1 ? 's' : ''} (${posts} FTE).`);
  }
  return out;
}
