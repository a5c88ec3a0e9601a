import { durationMonths } from './entry-dates';
import { findMoney, type MoneyFound } from './entry-money';
import { numberWordsToDigits } from './entry-numbers';
import type { Parsed } from './money';
import { FUNDING_KINDS, type FundingKind, type FundingSource } from './request';
import { trimSpan, type Span } from './traced-text';

/**
 * Funding as reports name it, mapped onto the kinds a request records; the name itself is
 * kept as the description ("Public Health grant", "Housing Revenue Account"). Only a £
 * figure is an amount, so "COVID-19 pressures funding", "Section 151" and "2023/24" never
 * become money. More than one figure, a figure that is not firm ("up to £1m"), or a
 * source whose kind is unclear is asked about.
 */
const KEYWORDS: Array<[RegExp, FundingKind]> = [
  [
    /\b(?:vacan(?:t|cy|cies)|vacancy\s+factor|transfer(?:red)?\s+from|deleted\s+post|(?:budget|funding)\s+from\s+(?:the\s+)?(?:post|role))\b/i,
    'vacant_post_transfer',
  ],
  [/\b(?:contingency|reserves?|earmarked|one[\s-]off\s+fund|transformation\s+fund|invest[\s-]to[\s-]save)\b/i, 'contingency'],
  [
    /\b(?:government|dfe|dhsc|dluhc|mhclg|home\s+office|department\s+(?:for|of)|public\s+health\s+grant|ring[\s-]?fenced\s+grant|section\s+31\s+grant|shared\s+prosperity\s+fund|ukspf|household\s+support\s+fund|homelessness\s+prevention\s+grant|dsg|dedicated\s+schools\s+grant|new\s+burdens|supporting\s+families|grant\s+from\s+(?:the\s+)?(?:department|dfe|dhsc|government))\b/i,
    'government_grant',
  ],
  [/\b(?:traded|trading|recharge[sd]?|income|fees?|charges|buy[\s-]back|sold\s+to|service\s+level\s+agreements?|sla)\b/i, 'traded_income'],
  [
    /\b(?:partners?|partnership|contributions?|alliance|external\s+funding|externally\s+funded|nhs|ccg|icb|integrated\s+care|health\s+funding|better\s+care\s+fund|bcf|section\s+75|s75|lottery|heritage\s+fund|sport\s+england|arts\s+council|police|opcc|school)\b/i,
    'partner_contribution',
  ],
  [
    /\b(?:existing|base|mainstream|core|service'?s?|staffing|revenue)\s+budgets?\b|\bwithin\s+(?:existing\s+)?(?:budgets?|resources)\b|\bgeneral\s+fund\b|\bhousing\s+revenue\s+account\b|\bhra\b|\bcapital(?:\s+(?:programme|budget|funding|receipts))?\b|\bbudget\b/i,
    'existing_budget',
  ],
];
const KIND_WORDS =
  /\b(?:traded\s+income|income|recharges?|government\s+grant|existing\s+budgets?|budgets?|contingency|partner\s+contributions?|contributions?|vacant\s+post\s+transfer|transfer\s+from\s+a\s+vacant\s+post|funding|funded|from|by|via|the|a|an|of|to|be|is|will)\b/gi;
const SENTENCE =
  /\b(?:will|would|should|is|are|was|were|be|been|has|have|had|which|that|this|these|it|if|not|agreed|approved|requested|required|identified|allocated|request|over|per)\b/i;

export function parseFunding(text: string): Parsed<FundingSource> {
  const input = text.replace(/\s+/g, ' ').trim();
  const money = findMoney(input);
  if (money.length === 0) {
    const bare = /(?<![\w/-])\d[\d,]*(?:\.\d{1,2})?(?![\w/%-])/.exec(input);
    return bare
      ? { ok: false, message: `Is ${bare[0]} an amount in pounds? Write it with £, e.g. "existing budget £85,104".` }
      : { ok: false, message: 'Give the source and the amount a year, e.g. "existing budget £85,104" or "government grant (DfE) £55,588".' };
  }
  if (money.length > 1)
    return { ok: false, message: `I found ${money.length} amounts (${money.map((m) => m.quote).join(', ')}): give one source and its amount at a time.` };
  const m = money[0]!;
  if (m.role === 'vague') return { ok: false, message: m.why! };
  const unsure = notAYear(input, m);
  if (unsure) return { ok: false, message: unsure };
  const words = (input.slice(0, m.index) + ' ' + input.slice(m.end)).replace(/\s+/g, ' ').trim();
  const kinds = [...new Set(KEYWORDS.filter(([pattern]) => pattern.test(words)).map(([, k]) => k))];
  const kind = kinds.length === 1 ? kinds[0] : explicitKind(words, kinds);
  if (!kind) {
    const named = kinds.length > 1 ? ` It could be ${kinds.map((k) => k.replace(/_/g, ' ')).join(' or ')}.` : '';
    return {
      ok: false,
      message: `Which kind of funding is "${words.slice(0, 60)}"?${named} Say existing budget, vacant post transfer, contingency, government grant, traded income or partner contribution.`,
    };
  }
  // What is left after the kind of funding is said is the description: "from OAWY" → "OAWY".
  const description = words
    .replace(KIND_WORDS, ' ')
    .replace(/[()]/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .trim();
  const nameOnly = words
    .replace(/^(?:(?:traded\s+income|government\s+grant|partner\s+contribution|existing\s+budget|contingency)\s+)?(?:from\s+|by\s+|via\s+)?(?:the\s+)?/i, '')
    .replace(/^[\s,;:-]+|[\s,;:-]+$/g, '')
    .trim();
  if (SENTENCE.test(words) || description.split(/\s+/).length > 8)
    return {
      ok: false,
      message: `"${words.slice(0, 80)}" reads as a sentence: give just the source and its amount, e.g. "government grant SAFE Taskforce £55,588".`,
    };
  const kept = /^(?:existing\s+budget|contingency|government\s+grant|traded\s+income|partner\s+contribution)$/i.test(nameOnly)
    ? description
    : nameOnly || description;
  return { ok: true, value: { kind, amountPence: m.pence, ...(kept ? { description: kept.slice(0, 200) } : {}) } };
}

/**
 * A figure that may not be one source's amount a year: digits running on ("£21 960",
 * "£21,960.505"), "each", "x 2", a percentage, or a period other than a year ("£55,588 for 2 years").
 */
function notAYear(input: string, m: MoneyFound): string | undefined {
  const after = input.slice(m.end);
  const before = input.slice(0, m.index);
  if (/^(?:\s?\d|[.,]\s?\d)/.test(after)) return `I could not read the amount "${(m.quote + after).split(/\s+(?=[A-Za-z])/)[0]}": write it like £21,960.`;
  if (m.role === 'perPost') return `"${m.quote}" is from each of several: what is the total a year from this source?`;
  const percent = /\d+(?:\.\d+)?\s*%/.exec(before + after);
  if (percent) return `What is ${percent[0]} beside ${m.quote}? Give the amount a year from this source.`;
  if (/^\s*[x×]\s*\d|^\s*times\b/i.test(after) || /\d\s*[x×]\s*$/.test(before))
    return `Is ${m.quote} to be multiplied? Give the total a year from this source.`;
  const period = new RegExp(`\\b(?:for|over|across|during)\\s+(?:a\\s+(?:period\\s+of\\s+)?)?(\\d{1,3})\\s*(months?|years?)\\b`, 'i').exec(
    numberWordsToDigits(input),
  );
  if (period && durationMonths(period[1]!, period[2]!) !== 12)
    return `Is ${m.quote} for the whole ${period[1]} ${period[2]}, or for a year? Give the amount a year.`;
  return undefined;
}

const SAID: Array<[RegExp, FundingKind]> = [
  [/\bgovernment\s+grant\b/i, 'government_grant'],
  [/\btraded\s+income\b/i, 'traded_income'],
  [/\bpartner\s+contribution\b/i, 'partner_contribution'],
  [/\bexisting\s+budget\b/i, 'existing_budget'],
  [/\bcontingency\b/i, 'contingency'],
  [/\bvacant\s+post\b/i, 'vacant_post_transfer'],
];

/** Two kinds matched ("government grant from the Public Health budget"): the one named outright wins. */
function explicitKind(words: string, kinds: FundingKind[]): FundingKind | undefined {
  const hits = SAID.filter(([p, k]) => p.test(words) && kinds.includes(k));
  return hits.length === 1 ? hits[0]![1] : undefined;
}

export function parseFundingKind(text: string): FundingKind | undefined {
  const t = text.trim();
  if ((FUNDING_KINDS as readonly string[]).includes(t)) return t as FundingKind;
  const kinds = [...new Set(KEYWORDS.filter(([pattern]) => pattern.test(t)).map(([, k]) => k))];
  return kinds.length === 1 ? kinds[0] : explicitKind(t, kinds);
}

/**
 * Where a source parseFunding read from `text` is said: the words naming its kind (named
 * outright, else the report's own words for it) and its £ figure, to quote back.
 */
export function fundingSources(text: string, source: FundingSource): { kind: Span[]; amount: Span[] } {
  const at = (index: number, length: number): Span[] => {
    const span = trimSpan(text, { start: index, end: index + length });
    return span ? [span] : [];
  };
  const patterns = [...SAID, ...KEYWORDS].filter(([, k]) => k === source.kind).map(([p]) => p);
  const said = patterns.map((p) => p.exec(text)).find((m) => m);
  const money = findMoney(text).filter((m) => m.pence === source.amountPence);
  return { kind: said ? at(said.index, said[0].length) : [], amount: money.length === 1 ? at(money[0]!.index, money[0]!.quote.length) : [] };
}
