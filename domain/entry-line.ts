import { addDays, addMonths, formatLongDate, type CalendarDate } from './calendar-date';
import { DATE, durationMonths, parseDate, unreadableDates } from './entry-dates';
import { takeFte } from './entry-fte';
import { GRADE_BODY, takeGrade, tidyGrade } from './entry-grades';
import { ONE_OFF, takeKind } from './entry-kind';
import { costFromMoney, type MoneyRead } from './entry-cost';
import { findMoney } from './entry-money';
import { tracedNumberWords } from './entry-numbers';
import { CUT, findTitle, singularise } from './entry-title';
import { JOB_EVALUATION, type DraftLine, type Term } from './request';
import { spansOf, TracedText, type Span } from './traced-text';

/**
 * One change's text → one draft line (or several, for "1 fte and 0.8 fte X"), the words
 * each field came from, and questions for whatever could not be placed with certainty.
 * Each recognised phrase is cut out as it is read; what is left must be the job title.
 */
export type QuotedField = 'kind' | 'fte' | 'jobTitle' | 'grade' | 'cost' | 'term' | 'effectiveDate' | 'amount' | 'description';

/** A phrase read and cut out of the text, with where its words are in the officer's text. */
export type Taken = RegExpExecArray & { spans: Span[] };
export type Take = (pattern: RegExp) => Taken | undefined;

export interface SegmentResult {
  lines: DraftLine[];
  quotes: Partial<Record<QuotedField, string>>;
  /** Where in the officer's text each field's words are (a few pieces for "2 x … 18.5 hours"). */
  sources: Partial<Record<QuotedField, Span[]>>;
  notes: string[];
  questions: string[];
}

const LEAD_IN =
  /^\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})[).]\s+)?(?:recommended\s*[:–-]?\s*(?:that\s+)?|(?:the\s+)?(?:\w+\s+){0,3}committee\s+recommends\s+that\s+|council\s+resolves?\s+to\s+|approval\s+(?:is\s+|be\s+)?given\s+to\s+(?:the\s+)?|(?:that\s+)?(?:the\s+)?(?:committee|cabinet|council|director[\w\s]*?|executive[\w\s]*?)\s+(?:is\s+recommended\s+to\s+|resolved\s+to\s+|agrees?\s+to\s+|approves?\s+)|resolved\s*[-–:]?\s*(?:that\s+)?|it\s+is\s+(?:proposed|recommended)\s+(?:that|to)\s+|the\s+proposal\s+is\s+to\s+|approval\s+is\s+sought\s+(?:for|to)\s+|(?:to\s+)?approve\s+(?:the\s+)?|(?:to\s+)?agree\s+(?:to\s+)?(?:the\s+)?)+/i;

/** A closing clause that states the total after the change, with no money, FTE or date in it. */
const TOTAL_AFTER = new RegExp(`,\\s*(?:giving|bringing|making)\\s+(?:a|the)\\s+total\\s+(?:of|to)\\s+(?![^£]*(?:£|\\bfte\\b|\\bwte\\b|${DATE}))[^;]*$`, 'i');

/**
 * `forLine` is the change this text answers one field of, when it does: a £ figure typed
 * without an FTE of its own is checked against the FTE recorded (each post or all of
 * them?) exactly as one typed beside its FTE would be, and a title with no kind or FTE is
 * not asked about (the change has them, or they are asked for in turn).
 */
export function parseSegment(input: string | TracedText, fullTimeHours: number, forLine?: DraftLine): SegmentResult {
  const traced = typeof input === 'string' ? TracedText.of(input) : input;
  const segment = traced.text;
  const read = tracedNumberWords(traced.replace(/\s+/g, ' ').trim()).replace(LEAD_IN, '');
  const text = read.text;
  let rest = TracedText.added(' ').concat(read, TracedText.added(' '));
  const take: Take = (pattern) => {
    const m = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(rest.text);
    if (!m) return undefined;
    const span = rest.span(m.index, m.index + m[0].length);
    rest = rest.splice(m.index, m.index + m[0].length, TracedText.added(` ${CUT} `));
    return Object.assign(m, { spans: span ? [span] : [] });
  };
  const peek = (pattern: RegExp) => pattern.test(rest.text);
  const out: SegmentResult = { lines: [], quotes: {}, sources: {}, notes: [], questions: [] };
  const line: DraftLine = {};
  const q = out.quotes;
  const s = out.sources;

  // What the change leaves in total ("…, giving a total of 5 such posts across the Group") is not a change: noted, never read.
  const total = take(TOTAL_AFTER);
  if (total)
    out.notes.push(
      `I read "${total[0]
        .replace(/^[\s,]+/, '')
        .trim()
        .slice(0, 80)}" as the total it leaves, not as a change.`,
    );

  // Dates first, so "31 March 2019" is never read as an FTE, a grade or an amount.
  const range = take(new RegExp(`\\b(?:from\\s+|between\\s+|for\\s+the\\s+period\\s+)?${DATE}\\s*(?:to|until|till|–|-|and)\\s*${DATE}`, 'i'));
  const until = range
    ? undefined
    : take(
        new RegExp(
          `\\b(?:on\\s+a\\s+temporary\\s+basis\\s+)?(?:temporary|temporarily|fixed[\\s-]term)?\\s*(?:until|to|till|ending(?:\\s+on)?|expiring(?:\\s+on)?|with\\s+an\\s+end\\s+date\\s+of(?:\\s+no\\s+later\\s+than)?)\\s+${DATE}`,
          'i',
        ),
      );
  const effective = range
    ? undefined
    : take(
        new RegExp(
          `\\b(?:with\\s+effect\\s+from|w\\.?e\\.?f\\.?|from|starting(?:\\s+on)?|effective(?:\\s+from)?|commencing(?:\\s+on)?|beginning|paid(?:\\s+on)?|on)\\s+${DATE}`,
          'i',
        ),
      );
  const duration =
    take(
      /\b(?:on\s+a\s+temporary\s+basis\s+|temporary\s+|temporarily\s+|fixed[\s-]term\s+)?(?:for|of|by)\s+(?:a\s+)?(?:further\s+)?(?:period\s+of\s+)?(\d{1,3})\s*(months?|years?)\b/i,
    ) ??
    take(/\b(?:temporary|fixed[\s-]term)(?:\s+basis)?\s+(?:contract\s+)?(?:of\s+)?(\d{1,3})\s*(months?|years?)\b/i) ??
    take(/\b(\d{1,3})[\s-](months?|years?)(?:'s?)?\s+(?:fixed[\s-]term|temporary)(?:\s+basis)?\b/i);
  const isTemporary = !!take(/\b(?:on\s+a\s+temporary\s+basis|temporar(?:y|ily)|fixed[\s-]term|interim)\b/i) || !!duration || !!until || !!range;
  const makePermanent = /\b(?:mak(?:e|es|ing)|made)\b(?=.*\bpermanent\b)/i.test(rest.text)
    ? take(/\b(?:(?:(?:will|should|shall|would|to|can)\s+)?(?:be|is|are)\s+)?(?:mak(?:e|es|ing)|made)\b/i)
    : undefined;
  const permanentWord = makePermanent ? take(/\bpermanent\b/i) : undefined;
  const permanent = take(/\b(?:on\s+a\s+)?permanent(?:ly)?(?:\s+basis)?\b/i);
  const isPermanent = !!permanent;
  if (effective) [line.effectiveDate, q.effectiveDate, s.effectiveDate] = [parseDate(effective[1]!), effective[0].trim(), effective.spans];
  if (range) [line.effectiveDate, q.effectiveDate, s.effectiveDate] = [parseDate(range[1]!), range[0].trim(), range.spans];

  // Money before FTE, so "per FTE" and "each" are read with their amount.
  const money: MoneyRead[] = findMoney(rest.text).map((m) => ({ ...m, spans: spansOf(rest.span(m.index, m.end)) }));
  for (const m of [...money].reverse()) rest = rest.splice(m.index, m.end, TracedText.added(` ${CUT} `));
  rest = rest.replace(new RegExp(`\\bfrom\\s+${CUT}\\s+(?:to|–|-)\\s+${CUT}`, 'g'), ` ${CUT} `);
  // A regrade names two grades: "from Grade 6 to Grade 7"; the line records the new one.
  const move = take(new RegExp(`\\bfrom\\s+(${GRADE_BODY})\\s+(?:to|–|-)\\s+(${GRADE_BODY})`, 'i'));
  const grade = takeGrade(take, peek);
  if (move) {
    if (grade.grade && grade.grade !== JOB_EVALUATION) out.questions.push('I found more than one grade: which grade is each post?');
    grade.grade = `${tidyGrade(move[2]!)}${grade.grade?.startsWith('scp ') ? ` ${grade.grade}` : ''}`;
    grade.quotes.push(move[0].trim());
    grade.spans.push(...move.spans);
    out.notes.push(`Regraded from ${tidyGrade(move[1]!)} to ${tidyGrade(move[2]!)}.`);
  }
  const kind = makePermanent
    ? {
        kind: 'make_permanent' as const,
        quote: `${makePermanent[0].trim()} … permanent`,
        spans: [...makePermanent.spans, ...(permanentWord?.spans ?? [])],
        ...(takeKind(take).kind ? { question: 'This reads as more than one kind of change: describe each change on its own.' } : {}),
      }
    : takeKind(take);
  if (kind.question) out.questions.push(kind.question);
  if (move && kind.kind !== 'regrade') out.questions.push(`"${move[0].trim()}" names two grades, but this is not a regrade: which grade is it?`);
  const oneOff = take(ONE_OFF);
  const fte = takeFte(take, fullTimeHours, text);
  out.notes.push(...fte.notes);
  out.questions.push(...grade.questions, ...fte.questions);
  take(/\b(?:(?:with|inc(?:l?\.?|luding|lusive\s+of)?)\s+)?on[\s-]?costs\b/i);
  take(/\b(?:p\.a\.?|per\s+annum|a\s+year|per\s+year)(?![a-z])/i);
  take(/\b(?:NJC|national\s+joint\s+council)(?:\s+pay\s+(?:spine|scale))?\b/i);
  take(/\bas\s+(?:set\s+out|detailed|described|shown)\s+in\s+(?:the\s+)?(?:report|appendix\s+\w+|paragraph\s+[\d.]+)\b/i);
  take(/\b(?:in\s+(?:its|their)\s+place|the\s+currently\s+(?:vacant|unfilled)|currently\s+(?:vacant|unfilled)|vacant|unfilled)\b/gi);
  for (const bad of unreadableDates(rest.text)) {
    out.questions.push(`I could not read "${bad}" as a date: please write it like 1 October 2026.`);
    take(new RegExp(`(?:\\b(?:with\\s+effect\\s+from|from|until|to|starting|effective)\\s+)?${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'i'));
  }

  if (oneOff && !fte.ftes.length && !kind.kind) {
    line.kind = 'one_off_payment';
    line.description = /^honorari/i.test(oneOff[1]!) ? 'Honorarium' : capitalise(oneOff[1]!);
    q.kind = q.description = oneOff[0];
    s.kind = s.description = oneOff.spans;
    const firm = money.filter((m) => m.role !== 'vague');
    out.questions.push(...money.filter((m) => m.role === 'vague').map((m) => m.why!));
    if (money.length > 1) out.questions.push(`I found ${money.length} amounts (${money.map((m) => m.quote).join(', ')}): which is the payment?`);
    else if (firm[0]) {
      if (/p\.?a\.?|per\s+annum|a\s+year|per\s+year|annually/i.test(firm[0].quote))
        out.questions.push(`${firm[0].quote} is a yearly figure: is this a one-off payment?`);
      [line.amountPence, q.amount, s.amount] = [firm[0].pence, firm[0].quote, firm[0].spans];
    }
    if (duration || until || range || isPermanent) out.questions.push('A one-off payment has no term: is this a payment, or a change to a post?');
    const words = findTitle(rest.text, false);
    if (
      words.title &&
      !words.questions.length &&
      /^(?:to|for)\b/i.test(
        rest.text
          .split(CUT)
          .map((c) => c.trim())
          .find((c) => /[A-Z]/.test(c)) ?? '',
      )
    ) {
      line.description = `${line.description} (${words.title})`;
      q.description = `${oneOff[0]} … ${words.title}`;
      s.description = [...oneOff.spans, ...locate(rest, words.title)];
    } else if (words.title || words.questions.length)
      out.questions.push(
        `I could not place "${(words.title ?? rest.text.replace(new RegExp(CUT, 'g'), ' ').replace(/\s+/g, ' ').trim()).slice(0, 80)}" in the payment: who or what is it for? (Put that in the case, and give me just the payment.)`,
      );
    out.lines.push(line);
    return out;
  }
  if (oneOff) out.questions.push(`"${oneOff[0]}" is a payment, but this also reads as a change to a post: describe them separately.`);

  line.kind = kind.kind ?? 'establish';
  if (kind.quote) [q.kind, s.kind] = [kind.quote, kind.spans];
  if (fte.quote) [q.fte, s.fte] = [fte.quote, fte.spans];
  if (grade.grade) [line.grade, q.grade, s.grade] = [grade.grade, grade.quotes.join(' '), grade.spans];
  if (grade.scp !== undefined) line.scp = grade.scp;

  // The term: an end date, a length, or permanent.
  let term: Term | undefined;
  if (range) term = { type: 'temporary', endDate: parseDate(range[3]!)! };
  else if (until) [term, q.term, s.term] = [{ type: 'temporary', endDate: parseDate(until[1]!)! }, until[0].trim(), until.spans];
  else if (duration) {
    const months = durationMonths(duration[1]!, duration[2]!);
    if (months) [term, q.term, s.term] = [{ type: 'temporary', months }, duration[0].trim(), duration.spans];
    else out.questions.push(`"${duration[0].trim()}" is not a term I can use (1 to 120 months).`);
  }
  if (range) [q.term, s.term] = [range[0].trim(), range.spans];
  if (term && 'endDate' in term && !term.endDate) term = undefined;
  if (term && 'endDate' in term && duration && !lengthMatches(line.effectiveDate, durationMonths(duration[1]!, duration[2]!), term.endDate)) {
    out.questions.push(
      `It gives both a length ("${duration[0].trim()}") and an end date (${formatLongDate(term.endDate)})${line.effectiveDate ? ` that do not agree from ${formatLongDate(line.effectiveDate)}` : ''}: which is the term?`,
    );
  }
  if (isPermanent && isTemporary) out.questions.push('It says both permanent and temporary: which is it?');
  else if (term) line.term = term;
  else if (isPermanent || line.kind === 'disestablish' || line.kind === 'make_permanent') line.term = { type: 'permanent' };
  if (isPermanent) q.term ??= 'permanent';
  // A deletion or a post made permanent is permanent by the words that say so.
  if (line.term?.type === 'permanent') s.term ??= permanent?.spans ?? kind.spans;
  if (isTemporary && !line.term && !isPermanent) out.notes.push('It is temporary: I still need its end date or length.');
  if (line.term?.type === 'temporary' && 'endDate' in line.term && line.effectiveDate && line.term.endDate < line.effectiveDate)
    out.questions.push('The end date is before the start date: which dates are right?');

  costFromMoney(line, money, fte.ftes.length || forLine?.fteHundredths === undefined ? fte.ftes : [forLine.fteHundredths], text, grade.quotes, out);

  const title = findTitle(rest.text, !/[A-Z]/.test(segment));
  out.questions.push(...title.questions);
  const plural = /\bposts\b/i.test(text) || fte.ftes.some((f) => f > 100) || fte.ftes.length > 1 || (fte.posts ?? 0) > 1;
  if (title.title) [line.jobTitle, q.jobTitle, s.jobTitle] = [plural ? singularise(title.title) : title.title, title.title, locate(rest, title.title)];

  if (/:\s*$/.test(segment)) out.questions.push(`"${segment.trim().slice(0, 80)}" reads as a heading: which change does it introduce?`);
  else if (!line.jobTitle && !fte.ftes.length && !line.grade && line.annualCostPerFtePence === undefined && !out.questions.length)
    out.questions.push(`I could not find a post in "${segment.trim().slice(0, 80)}": which post, and how many FTE?`);
  // An FTE alone ("- 37 hours" split off a line) is not a change of its own.
  else if (!kind.kind && !line.jobTitle && fte.ftes.length && !forLine && !out.questions.length)
    out.questions.push(`"${segment.trim().slice(0, 80)}" names no post: which post is it, and what change?`);
  else if (!kind.kind && !fte.ftes.length && line.jobTitle && !forLine)
    out.questions.push(`What change is "${line.jobTitle}"? Say establish, delete, extend or make permanent, and how many FTE.`);
  const ftes = fte.ftes.length ? fte.ftes : [undefined];
  for (const f of ftes) out.lines.push({ ...line, ...(f !== undefined ? { fteHundredths: f } : {}) });
  return out;
}

/** "18 months from 1 October 2026" ends on 31 March 2028 (or, loosely, on 1 April 2028). */
function lengthMatches(start: CalendarDate | undefined, months: number | undefined, end: CalendarDate): boolean {
  if (!start || !months) return false;
  const after = addMonths(start, months);
  return end === after || end === addDays(after, -1);
}

/** Where the title's words are in what is left of the text (its words, whatever the brackets or spaces between them). */
function locate(rest: TracedText, title: string): Span[] {
  const words = title.split(/\s+/).map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const m = new RegExp(words.join('[\\s()]+'), 'i').exec(rest.text);
  return m ? spansOf(rest.span(m.index, m.index + m[0].length)) : [];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}
