import type { MoneyFound } from './entry-money';
import type { SegmentResult } from './entry-line';
import type { DraftLine } from './request';
import type { Span } from './traced-text';

/** A £ figure read from a change's text, with where its words are in the officer's text. */
export type MoneyRead = MoneyFound & { spans: Span[] };

/**
 * The annual cost per FTE from the £ figures of one change, or a question: a total, a figure
 * beside one part-time post or per part-time post, or more than one figure is never taken
 * as the cost per FTE without asking.
 */
export function costFromMoney(line: DraftLine, money: MoneyRead[], ftes: number[], text: string, gradeQuotes: string[], out: SegmentResult): void {
  const q = out.quotes;
  const s = out.sources;
  if (line.kind === 'regrade' && money.length === 2 && money.every((m) => m.role !== 'vague' || /range/.test(m.why ?? ''))) {
    [line.previousAnnualCostPerFtePence, line.annualCostPerFtePence, q.cost] = [money[0]!.pence, money[1]!.pence, `${money[0]!.quote} … ${money[1]!.quote}`];
    s.cost = [...money[0]!.spans, ...money[1]!.spans];
    return;
  }
  out.questions.push(...money.filter((m) => m.role === 'vague').map((m) => m.why!));
  if (money.length > 1) {
    out.questions.push(`I found ${money.length} amounts (${money.map((m) => m.quote).join(', ')}): which is the annual cost per FTE with on-costs?`);
    return;
  }
  const m = money[0];
  if (!m || m.role === 'vague') return;
  const total = ftes.reduce((a, b) => a + b, 0);
  const nextToGrade = gradeQuotes.some((g) => {
    const [gi, mi] = [text.indexOf(g), text.indexOf(m.quote.slice(0, 4))];
    if (gi < 0 || mi < 0) return false;
    const between = gi < mi ? text.slice(gi + g.length, mi) : text.slice(mi + m.quote.length, gi);
    return /^[\s,;:\-–()]*(?:scp\s*\d{1,2}[\s,;:\-–()]*)?$/i.test(between);
  });
  const perFte = m.role === 'perPost' && /fte|wte/i.test(m.quote);
  // One part-time post: a total, or a figure not tied to a grade, may be what the post costs rather than the full-time cost.
  const partTime = ftes.length === 1 && total < 100;
  if (m.role === 'total' && total > 100)
    out.questions.push(`Is ${m.quote} the cost of all ${total / 100} FTE together? I need the annual cost per FTE with on-costs.`);
  else if ((m.role === 'total' || (m.role === 'plain' && !nextToGrade)) && partTime)
    out.questions.push(
      `Is ${m.quote} what the ${total / 100} FTE post costs, or what a full-time post costs? I need the annual cost per FTE (full-time) with on-costs.`,
    );
  else if (m.role === 'perPost' && !perFte && ftes.length === 1 && total % 100 !== 0)
    out.questions.push(`${m.quote} is per post, and the posts are part-time: what is the cost per FTE?`);
  else if (m.role === 'plain' && total > 100 && !nextToGrade && ftes.length === 1)
    out.questions.push(`Is ${m.quote} the cost of each post, or of all ${total / 100} FTE together?`);
  else [line.annualCostPerFtePence, q.cost, s.cost] = [m.pence, m.quote, m.spans];
}
