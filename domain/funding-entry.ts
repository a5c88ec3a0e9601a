import { parsePounds, type Parsed } from './money';
import { FUNDING_KINDS, type FundingKind, type FundingSource } from './request';

const KEYWORDS: Array<[RegExp, FundingKind]> = [
  [/\b(vacant|vacancy|transfer)\b/i, 'vacant_post_transfer'],
  [/\bcontingency\b/i, 'contingency'],
  [/\b(grant|dfe|government)\b/i, 'government_grant'],
  [/\b(traded|recharge|income)\b/i, 'traded_income'],
  [/\b(partner|partnership|contribution|alliance)\b/i, 'partner_contribution'],
  [/\b(existing|budget|base)\b/i, 'existing_budget'],
];

/** "traded income from OAWY £100,420" → a funding source; the words left over describe it. */
export function parseFunding(text: string): Parsed<FundingSource> {
  const amountMatch = /£\s?\d[\d,]*(?:\.\d{1,2})?\s*(?:k|m)?\b|\b\d[\d,]*(?:\.\d{1,2})?\b/i.exec(text);
  if (!amountMatch) return { ok: false, message: 'Give the source and the amount a year, e.g. "existing budget £85,104" or "government grant (DfE) £55,588".' };
  const amount = parsePounds(amountMatch[0]);
  if (!amount.ok) return amount;
  const words = (text.slice(0, amountMatch.index) + ' ' + text.slice(amountMatch.index + amountMatch[0].length)).replace(/\s+/g, ' ').trim();
  const kind = KEYWORDS.find(([pattern]) => pattern.test(words))?.[1];
  if (!kind) return { ok: false, message: `Which kind of funding is "${words.slice(0, 60)}"? Say existing budget, vacant post transfer, contingency, government grant, traded income or partner contribution.` };
  // What is left after the kind of funding is said is the description: "from OAWY" → "OAWY".
  const description = words
    .replace(/\b(traded income|income|recharge|government grant|grant|existing budget|budget|contingency|partner contribution|contribution|vacant post transfer|transfer from a vacant post)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(from|by|via|the)\s+/i, '')
    .replace(/^[\s,;:(-]+|[\s,;:)-]+$/g, '')
    .trim();
  return { ok: true, value: { kind, amountPence: amount.value, ...(description ? { description: description.slice(0, 200) } : {}) } };
}

export function parseFundingKind(text: string): FundingKind | undefined {
  const t = text.trim();
  if ((FUNDING_KINDS as readonly string[]).includes(t)) return t as FundingKind;
  return KEYWORDS.find(([pattern]) => pattern.test(t))?.[1];
}
