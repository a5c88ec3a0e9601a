import fc from 'fast-check';
import corpusJson from '../corpus/quick-entry-corpus.json';
import edgeCasesJson from '../corpus/quick-entry-edge-cases.json';
import { parseFunding } from '../../domain/funding-entry';
import { addDays, formatLongDate } from '../../domain/calendar-date';
import { isUseful, parseEntry } from '../../domain/quick-entry';
import { JOB_EVALUATION, type DraftLine, type FundingSource } from '../../domain/request';

/**
 * The quick-entry corpus: real sentences and bullet lines from published UK council reports
 * (test/corpus/quick-entry-corpus.json, each with its source), with hand-checked fields or
 * "ask". Every entry must be read exactly as expected or asked about; none may be silently
 * wrong. The score is printed.
 */
interface ExpectedLine {
  kind?: DraftLine['kind'];
  fte?: number;
  title?: string;
  grade?: string;
  scp?: number;
  cost?: number;
  previousCost?: number;
  term?: string;
  from?: string;
  description?: string;
  amount?: number;
}
interface ExpectedFunding {
  kind: FundingSource['kind'];
  amount: number;
  description?: string;
}
interface Entry {
  source: string;
  /** Edge cases only: what quick entry recorded before it was fixed. */
  was?: string;
  text: string;
  covers: string[];
  funding?: boolean;
  note?: string;
  expect: 'ask' | ExpectedLine[] | ExpectedFunding;
}

const corpus = corpusJson as Entry[];
const FIELDS = [
  'kind',
  'fteHundredths',
  'jobTitle',
  'grade',
  'scp',
  'annualCostPerFtePence',
  'previousAnnualCostPerFtePence',
  'term',
  'effectiveDate',
  'description',
  'amountPence',
] as const;

function toDraft(e: ExpectedLine): Record<string, unknown> {
  const term =
    e.term === undefined
      ? undefined
      : e.term === 'permanent'
        ? { type: 'permanent' }
        : e.term.startsWith('until:')
          ? { type: 'temporary', endDate: e.term.slice(6) }
          : { type: 'temporary', months: Number(e.term.slice(7)) };
  const pence = (pounds?: number) => (pounds === undefined ? undefined : Math.round(pounds * 100));
  return {
    kind: e.kind,
    fteHundredths: e.fte === undefined ? undefined : Math.round(e.fte * 100),
    jobTitle: e.title,
    grade: e.grade === 'subject to job evaluation' ? JOB_EVALUATION : e.grade,
    scp: e.scp,
    annualCostPerFtePence: pence(e.cost),
    previousAnnualCostPerFtePence: pence(e.previousCost),
    term,
    effectiveDate: e.from,
    description: e.description,
    amountPence: pence(e.amount),
  };
}

const pick = (line: DraftLine) => Object.fromEntries(FIELDS.map((f) => [f, line[f]]));

type Outcome = { result: 'exact' | 'asked' | 'wrong'; got: unknown };

function run(entry: Entry): Outcome {
  if (entry.funding) {
    const parsed = parseFunding(entry.text);
    if (!parsed.ok) return { result: 'asked', got: parsed.message };
    const e = entry.expect as ExpectedFunding | 'ask';
    const same =
      e !== 'ask' &&
      parsed.value.kind === e.kind &&
      parsed.value.amountPence === Math.round(e.amount * 100) &&
      (e.description === undefined || parsed.value.description === e.description);
    return { result: same ? 'exact' : 'wrong', got: parsed.value };
  }
  const entryResult = parseEntry(entry.text);
  const useful = entryResult.lines.filter((p) => isUseful(p.line));
  if (entryResult.questions.length > 0 || useful.length === 0) return { result: 'asked', got: entryResult.questions };
  const got = useful.map((p) => pick(p.line));
  if (entry.expect === 'ask') return { result: 'wrong', got };
  const want = (entry.expect as ExpectedLine[]).map(toDraft);
  return { result: JSON.stringify(got) === JSON.stringify(want.map((w) => Object.fromEntries(FIELDS.map((f) => [f, w[f]])))) ? 'exact' : 'wrong', got };
}

describe('quick-entry corpus: real council report sentences', () => {
  const outcomes = corpus.map((entry) => ({ entry, ...run(entry) }));

  it('has at least 150 real entries, each with a source and hand-checked expectations', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    for (const e of corpus) {
      expect(e.source.length).toBeGreaterThan(10);
      expect(e.text.trim().length).toBeGreaterThan(0);
      expect(e.expect === 'ask' || typeof e.expect === 'object').toBe(true);
    }
  });

  it('reads every entry exactly as expected or asks about it: none is silently wrong (prints the score)', () => {
    const count = (r: Outcome['result']) => outcomes.filter((o) => o.result === r).length;
    const expectedExact = corpus.filter((e) => e.expect !== 'ask').length;
    console.log(
      `Quick-entry corpus: ${corpus.length} entries — exact ${count('exact')} (of ${expectedExact} with fields), asked ${count('asked')}, wrong ${count('wrong')}`,
    );
    const wrong = outcomes.filter((o) => o.result === 'wrong').map((o) => ({ text: o.entry.text, expected: o.entry.expect, got: o.got }));
    expect(wrong).toEqual([]);
  });

  it.each(outcomes.filter((o) => o.entry.expect !== 'ask').map((o) => [o.entry.text, o] as const))('reads "%s"', (_text, o) => {
    expect(o.result).not.toBe('wrong');
  });
});

describe('quick-entry edge cases: typed money, FTE and dates that once gave a wrong figure without a question', () => {
  const edgeCases = edgeCasesJson as Entry[];
  it.each(edgeCases.map((e) => [e.text, e] as const))('"%s" is read exactly or asked about', (_text, entry) => {
    const outcome = run(entry);
    expect({ text: entry.text, was: entry.was, result: outcome.result, got: outcome.got }).toMatchObject({
      result: entry.expect === 'ask' ? 'asked' : 'exact',
    });
  });
});

describe('quick entry: generated report-style lines are read exactly or asked about, never with different numbers', () => {
  const plurals: Record<string, string> = {
    'Service Organiser': 'Service Organisers',
    'Commissioning Manager': 'Commissioning Managers',
    'Assessment Officer': 'Assessment Officers',
    'Family Support Worker': 'Family Support Workers',
    'Business Support Assistant': 'Business Support Assistants',
    'Team Manager, Short Breaks': 'Team Managers, Short Breaks',
    'Senior Social Worker': 'Senior Social Workers',
  };
  const titles = Object.keys(plurals);
  const grades = ['Grade 4', 'Grade 10', 'Band D', 'Hay Band A', 'PO4', 'SO2', 'Band 5'];
  const date = fc.date({ min: new Date('2019-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  const numericDate = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const long = (iso: string) => formatLongDate(iso as never);
  const pounds = (p: number) => `£${p.toLocaleString('en-GB')}`;
  const words = ['one', 'two', 'three', 'four', 'five', 'six'];

  const line = fc.record({
    verb: fc.constantFrom('', 'establish ', 'create ', 'delete ', 'disestablish ', 'remove '),
    count: fc.integer({ min: 1, max: 6 }),
    half: fc.boolean(),
    title: fc.constantFrom(...titles),
    grade: fc.constantFrom(...grades),
    scp: fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
    cost: fc.integer({ min: 15_000, max: 95_000 }),
    costStyle: fc.constantFrom('bracket', 'perFte', 'each', 'none'),
    fteStyle: fc.constantFrom('fte', 'x', 'words', 'fullTime', 'hours', 'dot'),
    hours: fc.constantFrom(7.4, 18.5, 22.2, 29.6),
    from: fc.option(date, { nil: undefined }),
    fromStyle: fc.constantFrom('long', 'numeric', 'wef'),
    term: fc.constantFrom('none', 'until', 'months', 'permanent', 'range'),
    endAfter: fc.integer({ min: 1, max: 1500 }),
    months: fc.integer({ min: 1, max: 60 }),
  });

  it('returns exactly the generated fields or asks (2,000 lines), and reads most of them', () => {
    let asked = 0;
    let read = 0;
    fc.assert(
      fc.property(line, (input) => {
        const l = { ...input, end: addDays((input.from ?? '2025-01-01') as never, input.endAfter) as string };
        // Part-time: each post's hours at 37 full-time hours, or ".5 fte" with no leading zero.
        const fte =
          l.fteStyle === 'hours'
            ? l.count * Math.round((l.hours * 100) / 37)
            : l.fteStyle === 'dot'
              ? 50
              : l.fteStyle === 'fte' && l.half
                ? l.count * 100 + 50
                : l.count * 100;
        const fteText =
          l.fteStyle === 'fte'
            ? `${fte / 100} fte`
            : l.fteStyle === 'x'
              ? `${l.count} x`
              : l.fteStyle === 'words'
                ? `${words[l.count - 1]} fte`
                : l.fteStyle === 'hours'
                  ? `${l.count} x (${l.hours} hours a week)`
                  : l.fteStyle === 'dot'
                    ? '.5 fte'
                    : `${words[l.count - 1]} full time`;
        const posts = l.fteStyle === 'dot' ? 1 : l.count;

        const gradeText = `${l.grade}${l.scp !== undefined ? ` scp ${l.scp}` : ''}`;
        const cost =
          l.costStyle === 'bracket'
            ? ` (${gradeText} - ${pounds(l.cost)} with on-costs)`
            : l.costStyle === 'perFte'
              ? ` (${gradeText}) at ${pounds(l.cost)} per FTE inc. on-costs`
              : l.costStyle === 'each'
                ? ` (${gradeText}) on ${pounds(l.cost)} each`
                : ` (${gradeText})`;
        const fromText = !l.from
          ? ''
          : l.fromStyle === 'long'
            ? ` from ${long(l.from)}`
            : l.fromStyle === 'numeric'
              ? ` from ${numericDate(l.from)}`
              : ` with effect from ${long(l.from)}`;
        const termText =
          l.term === 'until'
            ? `, temporary until ${long(l.end)}`
            : l.term === 'months'
              ? `, fixed term ${l.months} months`
              : l.term === 'permanent'
                ? ', permanent'
                : l.term === 'range' && l.from
                  ? ''
                  : '';
        const rangeText = l.term === 'range' && l.from ? ` ${numericDate(l.from)} to ${numericDate(l.end)}` : fromText;
        const text = `${l.verb}${fteText} ${fte > 100 || posts > 1 ? plurals[l.title] : l.title}${cost}${termText}${rangeText}`;

        const kind = /delete|disestablish|remove/.test(l.verb) ? 'disestablish' : 'establish';
        const parsed = parseEntry(text);
        if (parsed.questions.length > 0) {
          asked++; // asking is always allowed
          return;
        }
        read++;
        const useful = parsed.lines.filter((p) => isUseful(p.line));
        expect(useful).toHaveLength(1);
        const got = useful[0]!.line;
        expect(got.kind).toBe(kind);
        expect(got.fteHundredths).toBe(fte);
        expect(got.jobTitle).toBe(l.title);
        expect(got.grade).toBe(l.grade);
        expect(got.scp).toBe(l.scp);
        expect(got.annualCostPerFtePence).toBe(l.costStyle === 'none' ? undefined : l.cost * 100);
        const term =
          l.term === 'until'
            ? { type: 'temporary', endDate: l.end }
            : l.term === 'months'
              ? { type: 'temporary', months: l.months }
              : l.term === 'range' && l.from
                ? { type: 'temporary', endDate: l.end }
                : l.term === 'permanent' || kind === 'disestablish'
                  ? { type: 'permanent' }
                  : undefined;
        expect(got.term).toEqual(term);
        expect(got.effectiveDate).toBe(l.from);
      }),
      { numRuns: 2000 },
    );
    console.log(`Generated report-style lines: read exactly ${read}, asked ${asked}, wrong 0`);
    expect(read).toBeGreaterThan(asked);
  });
});
