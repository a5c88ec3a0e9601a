import fc from 'fast-check';
import payTableJson from '../../config/pay-table.example.json';
import { addDays, formatLongDate, type CalendarDate } from '../../domain/calendar-date';
import { PayTableSchema } from '../../domain/pay-table';
import { answer, nextQuestion, type AnswerContext } from '../../domain/questionnaire';
import { emptyDraft, type ChangeKind, type RequestContent, type DraftLine } from '../../domain/request';

/**
 * Issue 28, "the dialogue and the change form reach the same result for the same facts":
 * a change typed the way reports write it at the change question, and the same change
 * filled in on the form, give the same line (pence, FTE hundredths, dates, grade, term),
 * or the typed one asks a question. It never records a different figure.
 */
const payTable = PayTableSchema.parse(payTableJson);
const draft: RequestContent = {
  ...emptyDraft(),
  title: 'Posts',
  directorate: 'Adults',
  service: 'Support',
  team: '',
  contactOfficer: { name: 'Olivia Officer' },
};
const contexts: AnswerContext[] = [{ requesterName: 'Olivia Officer' }, { requesterName: 'Olivia Officer', payTable }];

const POST_KINDS = ['establish', 'disestablish', 'regrade', 'extend_fixed_term', 'make_permanent'] as const;
const TITLES = ['Service Organiser', 'Commissioning Manager', 'Team Manager, Short Breaks', 'Assessment Officer', 'Business Support Assistant'];
const GRADES = ['Grade 4', 'Grade 10', 'Band D', 'Hay Band A', 'PO4', 'SO2', 'subject to job evaluation'];
const date = fc
  .date({ min: new Date('2024-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10) as CalendarDate);
const numeric = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
const pounds = (pence: number, style: number) => {
  const whole = Math.floor(pence / 100).toLocaleString('en-GB');
  const p = pence % 100 ? `.${String(pence % 100).padStart(2, '0')}` : '';
  return style === 0 ? `£${whole}${p}` : `£${whole.replace(/,/g, '')}${p}`;
};
const fteText = (h: number) => (h % 100 === 0 ? String(h / 100) : (h / 100).toFixed(2).replace(/0$/, ''));

const post = fc.record({
  kind: fc.constantFrom(...POST_KINDS),
  fte: fc.oneof(
    fc.integer({ min: 1, max: 6 }).map((n) => n * 100),
    fc.integer({ min: 1, max: 600 }),
  ),
  title: fc.constantFrom(...TITLES),
  grade: fc.constantFrom(...GRADES),
  scp: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  cost: fc.option(
    fc.integer({ min: 15_000, max: 95_000 }).chain((p) => fc.constantFrom(p * 100, p * 100 + 50, p * 100 + 7)),
    { nil: undefined },
  ),
  previousCost: fc.integer({ min: 15_000, max: 95_000 }).map((p) => p * 100),
  term: fc.constantFrom('none', 'permanent', 'until', 'months'),
  months: fc.integer({ min: 1, max: 60 }),
  endAfter: fc.integer({ min: 1, max: 1500 }),
  from: fc.option(date, { nil: undefined }),
  style: fc.integer({ min: 0, max: 2 }),
  /** Hours a week instead of an FTE (a part-time post), in both. */
  hours: fc.option(fc.constantFrom(7.4, 15, 18.5, 22.2, 30, 37), { nil: undefined }),
  wording: fc.integer({ min: 0, max: 1 }),
  /** How the grade is written: as reports do, in lower case, or with its point in the form's grade box. */
  gradeCase: fc.integer({ min: 0, max: 2 }),
});
type Post = typeof post extends fc.Arbitrary<infer T> ? T : never;

/** The change as a report sentence. */
function sentence(c: Post): string {
  const end = addDays((c.from ?? '2025-01-01') as CalendarDate, c.endAfter);
  const grade = c.grade === 'subject to job evaluation' ? 'grade subject to job evaluation' : c.gradeCase === 1 ? c.grade.toLowerCase() : c.grade;
  const scp = c.scp !== undefined ? ` scp ${c.scp}` : '';
  const cost =
    c.cost === undefined
      ? ''
      : c.kind === 'regrade'
        ? ` (${pounds(c.previousCost, c.wording)} to ${pounds(c.cost, c.wording)})`
        : c.wording
          ? `, ${pounds(c.cost, 0)} per FTE inc. on-costs`
          : ` - ${pounds(c.cost, 1)} with on-costs`;
  const term =
    c.term === 'permanent'
      ? ', permanent'
      : c.term === 'until'
        ? c.wording
          ? `, temporary until ${formatLongDate(end)}`
          : ` fixed term to ${numeric(end)}`
        : c.term === 'months'
          ? c.wording
            ? `, fixed term ${c.months} months`
            : ` for ${c.months} months`
          : '';
  const from = c.from ? (c.wording ? ` with effect from ${numeric(c.from)}` : ` from ${formatLongDate(c.from)}`) : '';
  const fte = c.hours !== undefined ? `1 x (${c.hours} hours a week)` : `${fteText(c.fte)} ${c.style === 1 ? 'FTE' : 'fte'}`;
  switch (c.kind) {
    case 'regrade':
      return `regrade ${fte} ${c.title} from Grade 3 to ${grade}${scp}${cost}${term}${from}`;
    case 'make_permanent':
      return `make the ${fte} ${c.title} post (${grade}${scp}${cost}) permanent${from}`;
    case 'extend_fixed_term':
      return `extend the ${fte} ${c.title} post (${grade}${scp}${cost})${term}${from}`;
    default: {
      const verb = c.kind === 'disestablish' ? (c.wording ? 'delete ' : 'disestablish ') : ['', 'establish ', 'create '][c.style]!;
      return c.style === 2
        ? `${verb}${c.title}, ${fte}, ${grade}${scp}${cost}${term}${from}`
        : `${verb}${fte} ${c.title} (${grade}${scp}${cost})${term}${from}`;
    }
  }
}

/** The same change as the form's fields. */
function form(c: Post): Record<string, string> {
  const end = addDays((c.from ?? '2025-01-01') as CalendarDate, c.endAfter);
  return {
    kind: c.kind,
    fte: c.hours !== undefined ? `${c.hours} hours` : c.style === 1 ? fteText(c.fte) : (c.fte / 100).toFixed(2),
    jobTitle: c.title,
    grade:
      c.gradeCase === 1
        ? c.grade.toLowerCase()
        : c.gradeCase === 2 && c.scp !== undefined && c.grade !== 'subject to job evaluation'
          ? `${c.grade} scp ${c.scp}`
          : c.grade,
    scp: c.scp === undefined || (c.gradeCase === 2 && c.grade !== 'subject to job evaluation') ? '' : String(c.scp),
    cost: c.cost === undefined ? '' : pounds(c.cost, c.wording),
    previousCost: c.kind === 'regrade' && c.cost !== undefined ? pounds(c.previousCost, 0) : '',
    term:
      c.kind === 'make_permanent'
        ? c.term === 'none'
          ? ''
          : 'permanent'
        : c.term === 'permanent'
          ? 'permanent'
          : c.term === 'until'
            ? c.wording
              ? `until ${formatLongDate(end)}`
              : numeric(end)
            : c.term === 'months'
              ? `${c.months} months`
              : '',
    effectiveDate: c.from ? (c.wording ? formatLongDate(c.from) : numeric(c.from)) : '',
  };
}

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
const facts = (line: DraftLine) => ({ ...Object.fromEntries(FIELDS.map((f) => [f, line[f]])), costIsEstimate: !!line.costIsEstimate });

function compare(text: string, values: Record<string, string>, ctx: AnswerContext): 'same' | 'asked' {
  const byForm = answer(draft, 'line', { form: values }, ctx);
  if (!byForm.ok) throw new Error(`the form refused ${JSON.stringify(values)}: ${byForm.message}`);
  const typed = answer(draft, 'line', { text }, ctx);
  if (!typed.ok) return 'asked';
  expect({ text, lines: typed.draft.lines.map(facts) }).toEqual({ text, lines: byForm.draft.lines.map(facts) });
  return 'same';
}

describe('the change typed and the change form give the same line', () => {
  it.each(contexts.map((ctx) => [ctx.payTable ? 'with the pay table' : 'without a pay table', ctx] as const))(
    'posts of every kind (2,000 changes, %s)',
    (_name, ctx) => {
      const tally = { same: 0, asked: 0 };
      fc.assert(
        fc.property(post, (c) => {
          tally[compare(sentence(c), form(c), ctx)]++;
        }),
        { numRuns: 2000 },
      );
      console.log(`Typed vs form (${ctx.payTable ? 'pay table' : 'no pay table'}): same ${tally.same}, typed asked ${tally.asked}, different 0`);
      expect(tally.same).toBeGreaterThan(tally.asked);
    },
  );

  it('answering one question at a time gives the line the form gives from the same answers (1,000 changes)', () => {
    fc.assert(
      fc.property(post, fc.constantFrom(...contexts), (generated, ctx) => {
        // Every fact given, so every question has its answer.
        const c = {
          ...generated,
          cost: generated.cost ?? 3_000_000,
          from: generated.from ?? ('2027-04-01' as CalendarDate),
          term: generated.term === 'none' ? 'permanent' : generated.term,
        };
        const values = form(c);
        let current: RequestContent = { ...draft, lines: [{ kind: c.kind }] };
        const given: Record<string, string> = { kind: c.kind };
        for (let q = nextQuestion(current); q?.key.startsWith('lineField:0:'); q = nextQuestion(current)) {
          const field = q.key.split(':')[2]!;
          given[field] = values[field]!;
          const r = answer(current, q.key, { text: values[field] }, ctx);
          if (!r.ok) throw new Error(`${q.key} refused "${values[field]}": ${r.message}`);
          current = r.draft;
        }
        const byForm = answer(draft, 'line', { form: given }, ctx);
        if (!byForm.ok) throw new Error(`the form refused ${JSON.stringify(given)}: ${byForm.message}`);
        expect(facts(current.lines[0]!)).toEqual(facts(byForm.draft.lines[0]!));
      }),
      { numRuns: 1000 },
    );
  });

  it('one-off payments (500 payments)', () => {
    const payment = fc.record({
      what: fc.constantFrom('an honorarium payment of', 'a one-off payment of', 'Honorarium of'),
      amount: fc.integer({ min: 1, max: 2_000_000 }),
      paid: fc.option(date, { nil: undefined }),
    });
    fc.assert(
      fc.property(payment, (p) => {
        const text = `${p.what} ${pounds(p.amount, 0)}${p.paid ? ` paid on ${formatLongDate(p.paid)}` : ''}`;
        const description = /honorari/i.test(p.what) ? 'Honorarium' : 'One-off payment';
        compare(text, { kind: 'one_off_payment' as ChangeKind, jobTitle: description, cost: pounds(p.amount, 1), effectiveDate: p.paid ?? '' }, contexts[0]!);
      }),
      { numRuns: 500 },
    );
  });
});
