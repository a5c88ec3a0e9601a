import fc from 'fast-check';
import corpusJson from '../corpus/quick-entry-corpus.json';
import edgeCasesJson from '../corpus/quick-entry-edge-cases.json';
import { formatLongDate } from '../../domain/calendar-date';
import { DATE, parseDate } from '../../domain/entry-dates';
import { MONEY } from '../../domain/entry-money';
import { parseFunding, fundingSources } from '../../domain/funding-entry';
import { parsePounds } from '../../domain/money';
import { parseEntry, type ParsedLine } from '../../domain/quick-entry';
import { JOB_EVALUATION } from '../../domain/request';
import type { Span } from '../../domain/traced-text';

/**
 * The words quick entry quotes back are the officer's own: every span it records for a
 * field is a piece of the text as typed, and holds the words of the figure it recorded
 * (the £ figure of the cost, the date of the start, the number of the FTE, the grade).
 */
const NUMBER_WORD = /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|a|an)\b|\d/i;
const norm = (s: string) => s.toLowerCase().replace(/[\s()]+/g, ' ');

function slices(text: string, spans: Span[] | undefined): string[] {
  return (spans ?? []).map((s) => {
    expect(Number.isInteger(s.start) && Number.isInteger(s.end)).toBe(true);
    expect(0 <= s.start && s.start < s.end && s.end <= text.length).toBe(true);
    return text.slice(s.start, s.end);
  });
}

const pounds = (words: string) =>
  [...words.matchAll(MONEY)].map((m) =>
    parsePounds(
      m[0]
        .replace(/\s*million$/i, 'm')
        .replace(/\s*bn$/i, '000m')
        .replace(/\s+/g, ''),
    ),
  );
const dates = (words: string) => [...words.matchAll(new RegExp(DATE, 'gi'))].map((m) => parseDate(m[0]));

/** Checks every field the line records against the words quoted for it; returns the fields recorded with no words. */
function checkSources(text: string, p: ParsedLine): string[] {
  const { line, sources } = p;
  const unsaid: string[] = [];
  const said = (field: keyof ParsedLine['sources']) => {
    const words = slices(text, sources[field]).join(' … ');
    if (!words) unsaid.push(field);
    return words;
  };
  if (line.annualCostPerFtePence !== undefined && sources.cost) {
    const figures = pounds(said('cost'));
    expect(figures.some((f) => f.ok && f.value === line.annualCostPerFtePence)).toBe(true);
  } else if (line.annualCostPerFtePence !== undefined && !/Cost from the/.test(p.notes.join(' '))) unsaid.push('cost');
  if (line.amountPence !== undefined) expect(pounds(said('amount')).some((f) => f.ok && f.value === line.amountPence)).toBe(true);
  if (line.fteHundredths !== undefined) expect(said('fte')).toMatch(NUMBER_WORD);
  if (line.effectiveDate) expect(dates(said('effectiveDate'))).toContain(line.effectiveDate);
  if (line.term && line.kind !== 'one_off_payment') {
    const words = said('term');
    if (line.term.type === 'temporary' && 'endDate' in line.term) expect(dates(words)).toContain(line.term.endDate);
    else if (line.term.type === 'temporary') expect(words).toMatch(/\d|months?|years?/i);
  }
  if (line.grade) {
    const words = norm(said('grade'));
    const wanted =
      line.grade === JOB_EVALUATION
        ? ['evaluat']
        : norm(line.grade)
            .split(/[\s–-]+/)
            .filter((w) => w && w !== 'scp');
    for (const w of wanted) expect(words.replace(/\s/g, '')).toContain(w.replace(/\s/g, ''));
    if (line.scp !== undefined) expect(words).toContain(String(line.scp));
  }
  if (line.jobTitle) {
    const words = norm(said('jobTitle'));
    for (const w of norm(line.jobTitle).split(' ').filter(Boolean)) expect(words).toContain(w.replace(/[,.]$/, ''));
  }
  if (line.kind && line.kind !== 'establish') said('kind');
  return unsaid;
}

type Entry = { text: string; funding?: boolean };
const sentences = [...(corpusJson as Entry[]), ...(edgeCasesJson as Entry[])];

describe("quick entry quotes the officer's own words for every field it records", () => {
  it.each(sentences.filter((e) => !e.funding).map((e) => [e.text.slice(0, 70), e.text] as const))('%s', (_name, text) => {
    for (const p of parseEntry(text).lines) expect({ text, unsaid: checkSources(text, p) }).toEqual({ text, unsaid: [] });
  });

  it.each(sentences.filter((e) => e.funding).map((e) => [e.text.slice(0, 70), e.text] as const))('funding: %s', (_name, text) => {
    const parsed = parseFunding(text);
    if (!parsed.ok) return;
    const spans = fundingSources(text, parsed.value);
    expect(pounds(slices(text, spans.amount).join(' ')).some((f) => f.ok && f.value === parsed.value.amountPence)).toBe(true);
    expect(slices(text, spans.kind).join('')).not.toBe('');
  });

  it('holds for generated lines typed with number words, hours, lead-ins, spacing and more than one change (3,000)', () => {
    const words = ['one', 'two', 'three', 'four'];
    const change = fc.record({
      verb: fc.constantFrom('', 'establish ', 'delete ', 'disestablish ', 'create the ', 'extend the fixed term of ', 'regrade '),
      fte: fc.constantFrom('1 fte', '0.5 FTE', '.5 fte', 'two and a half FTE', '2 x', 'x 2', 'three full time', '2 x 18.5 hours a week', '30 hours a week', ''),
      title: fc.constantFrom('Project Officer', 'Assessment Officers', 'Team Manager, Short Breaks', 'family support worker', 'Business Support Assistant'),
      grade: fc.constantFrom('', ' (Grade 5)', ' Grade 4 scp 23', ' PO4', ', Band 6', ' scp 23-26', ' (subject to job evaluation)', ' from Grade 6 to Grade 7'),
      cost: fc.constantFrom('', ', £33,504 with on-costs', ' at £27,450 per FTE inc. on-costs', ' on £33,504 each', ' £38,000 to £41,000', ', £28,376 p.a.'),
      term: fc.constantFrom('', ', permanent', ', temporary until 31 March 2027', ', fixed term 18 months', ' for two years', ' 1/10/2026 to 31/03/2028'),
      from: fc.constantFrom('', ' from 1 October 2026', ' w.e.f. 1st April 2027', ' with effect from 01/07/2026'),
      lead: fc.constantFrom('', 'RECOMMENDED: that ', 'It is proposed to ', '(a) '),
      space: fc.constantFrom(' ', '  ', '\n', ' \t '),
    });
    const joiner = fc.constantFrom('; ', '\n- ', '. ', ' and ');
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 3 }), joiner, (changes, join) => {
        const text = changes
          .map((c) => `${c.lead}${c.verb}${c.fte}${c.space}${c.title}${c.grade}${c.cost}${c.term}${c.from}`.replace(/ /g, () => c.space))
          .join(join)
          .replace(/\bone\b/g, words[0]!);
        for (const p of parseEntry(text).lines) expect({ text, unsaid: checkSources(text, p) }).toEqual({ text, unsaid: [] });
      }),
      { numRuns: 3000 },
    );
  });

  it('quotes "two and a half FTE" as typed, though it is read as 2.5', () => {
    const text = 'two and a half FTE Assessment Officers (Grade 5) from 1 October 2026';
    const [p] = parseEntry(text).lines;
    expect(p!.line.fteHundredths).toBe(250);
    expect(slices(text, p!.sources.fte)).toEqual(['two and a half FTE']);
    expect(slices(text, p!.sources.effectiveDate)).toEqual([`from ${formatLongDate('2026-10-01' as never)}`]);
  });
});
