import payTableJson from '../../config/pay-table.example.json';
import { CASE_SECTIONS } from '../../domain/case-sections';
import { PayTableSchema } from '../../domain/pay-table';
import { answer, EDITABLE, editableKey, nextQuestion, question, type AnswerContext, type QuestionKey } from '../../domain/questionnaire';
import { RequestContentSchema, emptyDraft, type RequestContent } from '../../domain/request';
import { RAISE_SEED_004, SEED_004 } from '../../fixtures/seed-004';

/** domain/questionnaire.ts without a bot: which question a draft is asked next, and what an answer does to it. */
const ctx: AnswerContext = { requesterName: 'Olivia Officer', payTable: PayTableSchema.parse(payTableJson), today: '2026-11-23' as AnswerContext['today'] };
const draft = (patch: Partial<RequestContent> = {}): RequestContent => ({ ...emptyDraft(), ...patch });
const head = { title: 'Posts', directorate: 'Children and Families', service: 'Placements', team: '', contactOfficer: { name: 'Olivia Officer' } };
const manager = SEED_004.lines[0]!;
const oawy = SEED_004.funding[0]!;
/** Seed 004 with every required section written and nothing else: the facts are next. */
const allWritten = draft({
  ...head,
  lines: [manager],
  linesComplete: true,
  funding: [oawy],
  fundingComplete: true,
  case: SEED_004.case,
  skippedSections: CASE_SECTIONS.filter((s) => !SEED_004.case[s.key]).map((s) => s.key),
});

describe('nextQuestion', () => {
  it.each<[string, RequestContent, QuestionKey | undefined]>([
    ['an empty draft: its title', draft(), 'title'],
    ['the heading in order', draft({ title: 'Posts', directorate: 'Adults' }), 'service'],
    ['a skipped team counts as answered', draft({ ...head, contactOfficer: undefined }), 'contact'],
    ['no changes yet', draft(head), 'line'],
    ['the first field a change lacks', draft({ ...head, lines: [manager, { kind: 'establish', fteHundredths: 100 }] }), 'lineField:1:jobTitle'],
    ["a regrade's present cost", draft({ ...head, lines: [{ ...manager, kind: 'regrade' }] }), 'lineField:0:previousCost'],
    [
      'a payment asks only what it is for and how much',
      draft({ ...head, lines: [{ kind: 'one_off_payment', amountPence: 316_100 }] }),
      'lineField:0:description',
    ],
    [
      'an incomplete change before the list is closed, even when closed',
      draft({ ...head, lines: [{ kind: 'establish' }], linesComplete: true }),
      'lineField:0:fte',
    ],
    ['more changes while the list is open', draft({ ...head, lines: [manager] }), 'moreLines'],
    ['funding once the changes are done', draft({ ...head, lines: [manager], linesComplete: true }), 'funding'],
    ['more funding while that list is open', draft({ ...head, lines: [manager], linesComplete: true, funding: [oawy] }), 'moreFunding'],
    [
      'the first section neither written nor skipped',
      draft({
        ...head,
        lines: [manager],
        linesComplete: true,
        funding: [oawy],
        fundingComplete: true,
        case: { purpose: 'To create posts.' },
        skippedSections: ['background'],
      }),
      'section:proposal',
    ],
    ['the decision facts after the case', allWritten, 'keyDecision'],
    ['call-in after key decision', draft({ ...allWritten, decisionFacts: { keyDecision: false } }), 'callIn'],
    ['exemption last', draft({ ...allWritten, decisionFacts: { keyDecision: false, openToCallIn: true } }), 'exempt'],
    ['nothing once complete', { ...allWritten, decisionFacts: SEED_004.decisionFacts }, undefined],
  ])('%s', (_name, d, key) => {
    expect(nextQuestion(d)?.key).toBe(key);
  });
});

describe('question', () => {
  it('offers "skip" for the team, "me" for the contact, and the kinds, "permanent" and yes/no where they apply', () => {
    const d = draft(head);
    expect(question('team', d)).toMatchObject({ text: 'Which team? (or "skip")', choices: ['skip'] });
    expect(question('contact', d).choices).toEqual(['me']);
    expect(question('lineField:0:kind', draft({ lines: [{}] })).choices).toEqual([
      'establish',
      'disestablish',
      'regrade',
      'extend a fixed term',
      'make permanent',
      'one-off payment',
    ]);
    expect(question('lineField:0:term', draft({ lines: [{}] })).choices).toEqual(['permanent']);
    expect(question('keyDecision', d).choices).toEqual(['yes', 'no']);
    expect(question('exempt', d).choices).toEqual(['no']);
    expect(question('title', d).choices).toBeUndefined();
  });

  it.each(CASE_SECTIONS.map((s) => [s.key, s.required, s.prompt] as const))(
    'section %s: "skip" offered only when it may be left out',
    (key, required, prompt) => {
      const q = question(`section:${key}`, draft());
      expect(q.text).toBe(required ? prompt : `${prompt} (or "skip")`);
      expect(q.choices).toEqual(required ? undefined : ['skip']);
    },
  );

  it('says which change a field question is about, and that a cost awaiting job evaluation is an estimate', () => {
    const d = draft({ lines: [manager, { kind: 'establish', fteHundredths: 200, jobTitle: 'Service Organiser', grade: 'subject to job evaluation' }] });
    const q = question('lineField:1:cost', d);
    expect(q.text).toMatch(/^Change 2: 2 fte Service Organiser \(subject to job evaluation\)\.\n\nWhat is the annual cost per FTE/);
    expect(q.text).toContain('I will mark it as an estimate');
    expect(question('lineField:0:cost', d).text).not.toContain('estimate');
  });

  it('lists the changes and the funding so far with "Any more?"', () => {
    expect(question('moreLines', draft({ lines: SEED_004.lines })).text).toBe(
      '1. 1 fte Commissioning Manager (PO4, £55,588 with on-costs), permanent, with effect from 1 December 2022\n' +
        '2. 1 fte Commissioning Officer (PO2, £44,832 with on-costs), permanent, with effect from 1 December 2022\n' +
        '3. 1 fte Commissioning Manager (PO4, £55,588 with on-costs), temporary until 31 March 2025, with effect from 1 December 2022\n\n' +
        'Any more changes? Describe the next one, or say "no".',
    );
    expect(question('moreFunding', draft({ funding: [...SEED_004.funding, { kind: 'existing_budget', amountPence: 100 }] })).text).toBe(
      'Funding so far: OAWY £100,420; SAFE Taskforce £55,588; existing budget £1. Another source? Describe it, or say "no".',
    );
  });

  it('names the seven paragraphs of Schedule 12A', () => {
    expect(question('exempt', draft()).text).toMatch(
      /Paragraphs: 1 information relating to any individual; .*; 7 information relating to the prevention, investigation or prosecution of crime\.$/,
    );
  });

  it('has no question for a key it does not know', () => {
    expect(() => question('nonsense' as QuestionKey, draft())).toThrow('No question nonsense');
  });
});

describe('answer', () => {
  const accepted = (d: RequestContent, key: QuestionKey, text: string) => {
    const r = answer(d, key, { text }, ctx);
    if (!r.ok) throw new Error(`refused: ${r.message}`);
    return r;
  };
  const refused = (d: RequestContent, key: QuestionKey, text: string) => {
    const r = answer(d, key, { text }, ctx);
    if (r.ok) throw new Error(`accepted: ${JSON.stringify(r.draft)}`);
    return r.message;
  };

  it.each<[QuestionKey, string, Partial<RequestContent>]>([
    ['title', '  Posts for Short Breaks  ', { title: 'Posts for Short Breaks' }],
    ['team', 'skip', { team: '' }],
    ['team', 'N/A', { team: '' }],
    ['team', 'Placements', { team: 'Placements' }],
    ['contact', 'me', { contactOfficer: { name: 'Olivia Officer' } }],
    ['contact', 'Jo Bloggs, Service Manager, Placements', { contactOfficer: { name: 'Jo Bloggs', jobTitle: 'Service Manager, Placements' } }],
    ['section:background', 'none', { skippedSections: ['background'] }],
    ['section:purpose', 'To create posts.', { case: { purpose: 'To create posts.' } }],
    ['keyDecision', 'Yes', { decisionFacts: { keyDecision: true } }],
    ['callIn', 'nope', { decisionFacts: { openToCallIn: false } }],
    ['exempt', 'no', { decisionFacts: { exempt: null } }],
    ['exempt', 'para 3 - financial implications and costs', { decisionFacts: { exempt: { paragraph: 3, sections: ['financialImplications', 'costs'] } } }],
    ['moreLines', "that's all", { linesComplete: true }],
    ['moreFunding', 'no', { fundingComplete: true }],
  ])('%s: "%s" records %j', (key, text, patch) => {
    expect(accepted(draft(), key, text).draft).toEqual({ ...draft(), ...patch });
  });

  const refusals: Array<[QuestionKey, string, RegExp]> = [
    ['title', '   ', /^Please type the title\.$/],
    ['title', 'x'.repeat(201), /201 characters; please keep the title to 200/],
    ['team', '', /Please type the team, or "skip"/],
    ['contact', ', Service Manager', /contact officer's name first/],
    ['contact', ',', /contact officer's name first/],
    ['section:proposal', 'skip', /"Proposal and rationale" is needed for the decision maker/],
    ['keyDecision', 'maybe', /Please answer yes or no \(you typed "maybe"\)/],
    ['keyDecision', 'not sure', /yes or no/],
    ['callIn', 'no idea', /Please answer yes or no/],
    ['exempt', 'not sure', /Say "no" only if the report holds no exempt information/],
    ['exempt', "I don't know", /If you are not sure, ask legal services/],
    ['exempt', 'paragraph 8', /Say "no", or the paragraph \(1–7\)/],
    ['exempt', 'paragraph 1', /Which sections does the exemption cover/],
    ['exempt', 'paragraph 1: salaries', /"salaries" is not a section I know/],
    ['funding', 'existing budget', /Give the source and the amount a year/],
    ['line', '', /Please describe the change, or use the form/],
    ['lineField:3:fte', '1', /That change no longer exists/],
  ];
  it.each(refusals.map(([key, text, message]) => [key, text.length > 40 ? `${text.slice(0, 8)}… (${text.length} characters)` : text, text, message] as const))(
    '%s: "%s" is refused',
    (key, _shown, text, message) => {
      expect(refused(draft({ lines: [manager] }), key, text)).toMatch(message);
    },
  );

  it('a refused answer leaves the draft as it was', () => {
    const before = draft({ ...head, lines: [{ kind: 'establish' }] });
    const copy = structuredClone(before);
    for (const [key, text] of [
      ['title', ''],
      ['contact', ', Manager'],
      ['lineField:0:fte', 'lots'],
      ['lineField:0:effectiveDate', 'next spring'],
      ['keyDecision', 'perhaps'],
      ['funding', '£12'],
      ['line', 'hello'],
    ] as const) {
      refused(before, key, text);
      expect(before).toEqual(copy);
    }
  });

  it('takes funding typed at "Any more changes?" as funding, closing the list of changes', () => {
    const r = accepted(draft({ lines: [manager] }), 'moreLines', 'existing budget £21,960');
    expect(r.draft).toMatchObject({ linesComplete: true, fundingComplete: false, funding: [{ kind: 'existing_budget', amountPence: 2_196_000 }] });
    expect(r.reply).toMatch(/That reads as funding/);
  });

  it('removes a change when its field question is answered "remove"', () => {
    const r = accepted(draft({ lines: [manager, { kind: 'establish' }], linesComplete: true }), 'lineField:1:fte', 'remove');
    expect(r.draft.lines).toEqual([manager]);
    expect(r.draft.linesComplete).toBe(false);
  });

  it('reads a change from the form where the question is a field of it, replacing that change', () => {
    const form = {
      kind: 'establish',
      fte: '2',
      jobTitle: 'Service Organiser',
      grade: 'Grade 4',
      cost: '£28,376',
      term: 'permanent',
      effectiveDate: '1 July 2026',
    };
    const saved = answer(draft({ lines: [manager, { kind: 'establish' }] }), 'lineField:1:fte', { form }, ctx);
    expect(saved.ok && saved.draft.lines).toEqual([
      manager,
      expect.objectContaining({ jobTitle: 'Service Organiser', fteHundredths: 200, annualCostPerFtePence: 2_837_600 }),
    ]);
  });

  it('stops at 20 funding sources', () => {
    const full = draft({ funding: Array.from({ length: 20 }, () => oawy) });
    expect(refused(full, 'moreFunding', 'existing budget £1,000')).toBe('A request can have at most 20 funding sources.');
  });
});

describe('seed 004 typed as the README walks through it', () => {
  it('reaches seed 004 from an empty draft, refusing only what it cannot use', () => {
    let d = emptyDraft();
    const refusals: string[] = [];
    for (const text of RAISE_SEED_004.slice(1)) {
      const q = nextQuestion(d);
      if (!q) throw new Error(`asked nothing for "${text}"`);
      const r = answer(d, q.key, { text }, ctx);
      if (r.ok) d = r.draft;
      else refusals.push(`${q.key}: ${text}`);
    }
    expect(refusals).toEqual(['lineField:2:effectiveDate: next spring', 'section:proposal: skip', 'keyDecision: maybe']);
    expect(nextQuestion(d)).toBeUndefined();
    expect(RequestContentSchema.parse(d)).toEqual(d);
    const { lines, funding, decisionFacts, title, directorate, service, contactOfficer } = SEED_004;
    expect(d).toMatchObject({
      title,
      directorate,
      service,
      contactOfficer,
      lines,
      funding,
      decisionFacts,
      team: '',
      linesComplete: true,
      fundingComplete: true,
    });
    expect(d.case).toEqual({ ...SEED_004.case, optionsConsidered: 'A part-time PO6 post was considered but was less suitable.' });
  });
});

describe('editableKey', () => {
  it.each(EDITABLE.map((e) => [e.value] as const))('accepts %s, which the summary offers', (value) => {
    expect(editableKey(value)).toBe(value);
    expect(question(value, SEED_004).key).toBe(value);
  });

  it.each<[unknown]>([
    ['line'],
    ['moreLines'],
    ['moreFunding'],
    ['lineField:0:fte'],
    ['section:nonsense'],
    ['TITLE'],
    [''],
    [undefined],
    [null],
    [42],
    [{ value: 'title' }],
    [['title']],
  ])('refuses %j, which it does not', (value) => {
    expect(editableKey(value)).toBeUndefined();
  });
});
