import { parsePounds, type Pence } from './money';

/**
 * Money as reports write it, with what the words around it say about it: a cost per post
 * ("£28,376 with on-costs", "£27,450 per FTE inc. on-costs", "on £33,504 each"), a total
 * ("at a total cost of £85,104"), or a figure that is not a firm annual cost ("up to £1m",
 * "£40,978 to £45,286", "£105 per week"). Only figures written with £ are money: "COVID-19",
 * "Section 151" and "2023/24" never are. A figure ends with a digit: the comma after
 * "£28,376, permanent" is the sentence's.
 */
export const MONEY = /£\s?\d(?:[\d,]*\d)?(?:\.\d{1,2})?(?:\s*(?:k|m|million|bn)\b)?/gi;

export type MoneyRole = 'perPost' | 'total' | 'plain' | 'vague';

export interface MoneyFound {
  pence: Pence;
  role: MoneyRole;
  /** The words it came from, qualifiers included. */
  quote: string;
  index: number;
  end: number;
  why?: string;
}

const BEFORE_VAGUE =
  /(?:up\s+to|under|over|more\s+than|less\s+than|exceeding|in\s+excess\s+of|at\s+least|approximately|approx\.?|around|about|circa|c\.|some|nearly|almost|maximum(?:\s+of)?|minimum(?:\s+of)?|no\s+more\s+than|between)\s*$/i;
const BEFORE_TOTAL =
  /(?:total(?:\s+(?:cost|value))?(?:\s+of)?|totalling|in\s+total|at\s+a\s+(?:total\s+)?cost\s+of|costing|cost\s+of\s+the\s+posts?\s+(?:is|will\s+be)|full[\s-]year\s+cost\s+of)\s*$/i;
const BEFORE_SALARY = /(?:salary(?:\s+of)?|basic\s+pay(?:\s+of)?)\s*$/i;
const AFTER_PER_POST = /^\s*(?:each|per\s+(?:post|fte|wte|person|head)|a\s+post|for\s+each\s+post)\b\.?/i;
const AFTER_PERIOD_BAD = /^\s*(?:per|a|an|each)\s+(?:week|month|hour|day|session|shift)\b|^\s*p\.?[wmh]\b/i;
const AFTER_RANGE = /^\s*(?:-|–|to|and)\s*£/i;
const ON_COSTS =
  /^\s*(?:\(?\s*(?:with|inc(?:l?\.?|luding|lusive\s+of)?)\s+(?:employer'?s?\s+)?on[\s-]?costs\s*\)?|(?:p\.?a\.?|per\s+annum|a\s+year|per\s+year|annually))/i;
const NO_ON_COSTS = /^\s*(?:\(?\s*(?:excluding|exc\.?|excl\.?|plus|\+)\s+on[\s-]?costs)/i;

/** Every £ figure in `text`, classified by the words around it. */
export function findMoney(text: string): MoneyFound[] {
  const found: MoneyFound[] = [];
  for (const m of text.matchAll(MONEY)) {
    const index = m.index;
    let end = index + m[0].length;
    const before = text.slice(Math.max(0, index - 40), index);
    const raw = m[0]
      .replace(/\s*(million)$/i, 'm')
      .replace(/\s*bn$/i, '000m')
      .replace(/\s+/g, '');
    const parsed = parsePounds(raw);
    let role: MoneyRole = 'plain';
    let why: string | undefined;
    let after = text.slice(end);
    // Qualifiers after the figure, in any order: "per FTE inc. on-costs", "with on-costs each".
    for (let i = 0; i < 4; i++) {
      const onCosts = ON_COSTS.exec(after);
      const perPost = AFTER_PER_POST.exec(after);
      const hit = onCosts ?? perPost;
      if (!hit) break;
      if (perPost && !onCosts) role = 'perPost';
      end += hit[0].length;
      after = text.slice(end);
    }
    if (!parsed.ok) [role, why] = ['vague', `I could not read the amount "${m[0]}".`];
    else if (NO_ON_COSTS.test(after)) [role, why] = ['vague', `Is ${m[0].trim()} with on-costs? I need the annual cost per FTE including on-costs.`];
    else if (BEFORE_SALARY.test(before)) [role, why] = ['vague', `${m[0].trim()} is a salary: what is the annual cost per FTE including on-costs?`];
    else if (BEFORE_VAGUE.test(before))
      [role, why] = ['vague', `"${(BEFORE_VAGUE.exec(before)![0] + ' ' + m[0]).trim()}" is not a firm amount: what is the exact figure?`];
    else if (AFTER_RANGE.test(after) || (/(?:-|–|to|and)\s*$/.test(before) && /£[\d,.]+\s*(?:-|–|to|and)\s*$/.test(before)))
      [role, why] = ['vague', 'That is a range of amounts: which figure should I use?'];
    else if (AFTER_PERIOD_BAD.test(after))
      [role, why] = ['vague', `${m[0].trim()}${AFTER_PERIOD_BAD.exec(after)![0]} is not a yearly cost: what is the cost a year?`];
    else if (BEFORE_TOTAL.test(before)) role = 'total';
    found.push({ pence: parsed.ok ? parsed.value : 0, role, quote: text.slice(index, end).trim(), index, end, ...(why ? { why } : {}) });
  }
  return found;
}
