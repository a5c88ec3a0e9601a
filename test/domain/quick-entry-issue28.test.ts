import { parseFunding } from '../../domain/funding-entry';
import { answer } from '../../domain/questionnaire';
import { parseEntry } from '../../domain/quick-entry';
import { emptyDraft, type RequestContent } from '../../domain/request';

/** Every wrong result listed in issue 28, and what quick entry does now. */
const read = (text: string, fullTimeHours?: number) => {
  const entry = parseEntry(text, fullTimeHours ? { fullTimeHours } : {});
  return { lines: entry.lines.map((l) => l.line), questions: entry.questions };
};

describe('issue 28: quick entry never guesses', () => {
  it('funding "COVID-19 pressures funding £183,000" is never £19: the kind is asked, and with a kind the amount is £183,000', () => {
    const bare = parseFunding('COVID-19 pressures funding £183,000');
    expect(bare.ok).toBe(false);
    expect(parseFunding('government grant COVID-19 pressures funding £183,000')).toEqual({
      ok: true,
      value: { kind: 'government_grant', amountPence: 18_300_000, description: 'COVID-19 pressures funding' },
    });
  });

  it('"delete 2 fte Grade 3 Support Worker posts" disestablishes', () => {
    expect(read('delete 2 fte Grade 3 Support Worker posts')).toEqual({
      lines: [{ kind: 'disestablish', fteHundredths: 200, jobTitle: 'Support Worker', grade: 'Grade 3', term: { type: 'permanent' } }],
      questions: [],
    });
  });

  it.each([
    'remove 1 fte Grade 5 Project Officer post',
    'the vacant 1 fte Grade 5 Project Officer post will be deleted',
    'deletion of 1 fte Project Officer post (Grade 5)',
  ])('%s disestablishes', (text) => {
    expect(read(text).lines).toMatchObject([{ kind: 'disestablish', fteHundredths: 100, jobTitle: 'Project Officer', grade: 'Grade 5' }]);
  });

  it('"disestablish … Grade 3 and establish … Grade 4" is two lines', () => {
    expect(read('disestablish 2 fte Support Worker posts Grade 3 and establish 2 fte Senior Support Worker posts Grade 4').lines).toEqual([
      { kind: 'disestablish', fteHundredths: 200, jobTitle: 'Support Worker', grade: 'Grade 3', term: { type: 'permanent' } },
      { kind: 'establish', fteHundredths: 200, jobTitle: 'Senior Support Worker', grade: 'Grade 4' },
    ]);
  });

  it('"1 fte and 0.8 fte Business Support Assistant …" keeps the 0.8: one line each', () => {
    const { lines, questions } = read('1 fte and 0.8 fte Business Support Assistant posts (Grade 3, £27,450 with on-costs)');
    expect(questions).toEqual([]);
    expect(lines.map((l) => [l.fteHundredths, l.jobTitle, l.grade, l.annualCostPerFtePence])).toEqual([
      [100, 'Business Support Assistant', 'Grade 3', 2_745_000],
      [80, 'Business Support Assistant', 'Grade 3', 2_745_000],
    ]);
  });

  it("a pasted paragraph with an extension, a deletion and an honorarium is three changes, and the honorarium's recipient is asked about, not folded into a post", () => {
    const { lines, questions } = read(
      'The proposal is to extend the 1 fte Short Breaks Coordinator post (Grade 8 scp 30) until 31 March 2027. The vacant 0.5 fte Admin Assistant post will be deleted. An honorarium of £2,500 will be paid to the Team Manager for covering the Service Manager role.',
    );
    expect(lines).toEqual([
      {
        kind: 'extend_fixed_term',
        fteHundredths: 100,
        jobTitle: 'Short Breaks Coordinator',
        grade: 'Grade 8',
        scp: 30,
        term: { type: 'temporary', endDate: '2027-03-31' },
      },
      { kind: 'disestablish', fteHundredths: 50, jobTitle: 'Admin Assistant', term: { type: 'permanent' } },
      { kind: 'one_off_payment', description: 'Honorarium', amountPence: 250_000 },
    ]);
    expect(questions.join(' ')).toMatch(/Team Manager/);
    expect(lines.some((l) => l.annualCostPerFtePence === 250_000)).toBe(false);
  });

  it('the same text split at semicolons gives three changes and no question', () => {
    const { lines, questions } = read(
      'extend the 1 fte Short Breaks Coordinator post (Grade 8 scp 30) until 31 March 2027; delete the vacant 0.5 fte Admin Assistant post; an honorarium of £2,500',
    );
    expect(questions).toEqual([]);
    expect(lines.map((l) => l.kind)).toEqual(['extend_fixed_term', 'disestablish', 'one_off_payment']);
  });

  it('"two full time Assessment Officers on £33,504 each, fixed term 18 months from 1 October 2026" is read whole', () => {
    expect(read('two full time Assessment Officers on £33,504 each, fixed term 18 months from 1 October 2026')).toEqual({
      lines: [
        {
          kind: 'establish',
          fteHundredths: 200,
          jobTitle: 'Assessment Officer',
          annualCostPerFtePence: 3_350_400,
          costIsEstimate: false,
          term: { type: 'temporary', months: 18 },
          effectiveDate: '2026-10-01',
        },
      ],
      questions: [],
    });
  });

  it('"2 x Assessment Officer … 1/10/2026 to 31/03/2028" has its start and end dates', () => {
    expect(read('2 x Assessment Officer (Grade 5) 1/10/2026 to 31/03/2028').lines).toEqual([
      {
        kind: 'establish',
        fteHundredths: 200,
        jobTitle: 'Assessment Officer',
        grade: 'Grade 5',
        term: { type: 'temporary', endDate: '2028-03-31' },
        effectiveDate: '2026-10-01',
      },
    ]);
  });

  it.each([
    ['two and a half FTE Family Support Worker posts, Grade 5', 250],
    ['Assessment Officer x 2 (Grade 5)', 200],
    ['4 temporary Covid Recovery Officers', 400],
    ['three new PO4 Commissioning Managers', 300],
  ])('%s → %i hundredths of an FTE', (text, fte) => {
    const { lines, questions } = read(text);
    expect(questions).toEqual([]);
    expect(lines[0]!.fteHundredths).toBe(fte);
  });

  it('junk never reaches the title: "at £27,450 per FTE inc. on-costs" and "30 hours a week (0.8 FTE)"', () => {
    expect(read('1 fte Project Officer at £27,450 per FTE inc. on-costs').lines[0]).toMatchObject({
      jobTitle: 'Project Officer',
      annualCostPerFtePence: 2_745_000,
    });
    expect(read('Business Support Assistant, 30 hours a week (0.8 FTE), Grade 3').lines[0]).toMatchObject({
      jobTitle: 'Business Support Assistant',
      fteHundredths: 80,
      grade: 'Grade 3',
    });
  });

  it("hours convert at 37 full-time hours by default, or at the council's own", () => {
    expect(read('Business Support Assistant, 18.5 hours per week, Grade 3').lines[0]!.fteHundredths).toBe(50);
    expect(read('Business Support Assistant, 18 hours per week, Grade 3', 36).lines[0]!.fteHundredths).toBe(50);
    expect(read('Business Support Assistant, 20 hours a week (0.8 FTE), Grade 3').questions.join(' ')).toMatch(/which is right/);
  });

  it.each([
    [
      'make permanent 2 fte Family Support Workers (Grade 5) from 1 April 2027',
      {
        kind: 'make_permanent',
        fteHundredths: 200,
        jobTitle: 'Family Support Worker',
        grade: 'Grade 5',
        term: { type: 'permanent' },
        effectiveDate: '2027-04-01',
      },
    ],
    [
      'regrade 1 fte Team Leader from Grade 6 to Grade 7 (£38,000 to £41,000)',
      {
        kind: 'regrade',
        fteHundredths: 100,
        jobTitle: 'Team Leader',
        grade: 'Grade 7',
        previousAnnualCostPerFtePence: 3_800_000,
        annualCostPerFtePence: 4_100_000,
        costIsEstimate: false,
      },
    ],
    ['honorarium of £1,200 to the Deputy Manager', { kind: 'one_off_payment', description: 'Honorarium (Deputy Manager)', amountPence: 120_000 }],
    [
      '1 fte Project Officer (Grade 5) ending on 31 March 2027',
      { kind: 'establish', fteHundredths: 100, jobTitle: 'Project Officer', grade: 'Grade 5', term: { type: 'temporary', endDate: '2027-03-31' } },
    ],
    [
      'Establish 1.0 FTE Graduate Trainee (Grade 4, SCP 7-11), fixed term 2 years',
      { kind: 'establish', fteHundredths: 100, jobTitle: 'Graduate Trainee', grade: 'Grade 4 scp 7-11', term: { type: 'temporary', months: 24 } },
    ],
    [
      '1 FTE Senior Practitioner, £52,000 inc on costs, permanent wef 01/04/2027',
      {
        kind: 'establish',
        fteHundredths: 100,
        jobTitle: 'Senior Practitioner',
        annualCostPerFtePence: 5_200_000,
        costIsEstimate: false,
        term: { type: 'permanent' },
        effectiveDate: '2027-04-01',
      },
    ],
  ])('reads %s', (text, line) => {
    expect(read(text)).toEqual({ lines: [line], questions: [] });
  });

  it('a misspelt date is asked about and kept out of the title', () => {
    const { lines, questions } = read('1 fte Senior Practitioner from 1 Decmber 2026');
    expect(lines[0]).toMatchObject({ jobTitle: 'Senior Practitioner' });
    expect(lines[0]!.effectiveDate).toBeUndefined();
    expect(questions.join(' ')).toMatch(/1 Decmber 2026/);
  });

  it.each([
    ['2 fte Support Worker posts at a total cost of £47,880', /all 2 FTE/],
    ['2 fte Support Worker posts, £47,880', /each post, or of all/],
    ['1 fte Project Officer on a salary of £30,000', /salary/],
    ['1 fte Project Officer up to £30,000', /not a firm amount/],
    ['1 fte Project Officer (Grade 9, £40,978 to £45,286)', /range/],
    ['1 fte Project Officer £40,000 and £42,000', /2 amounts/],
    ['1 fte Project Officer Grade 4 Band C', /more than one grade/],
    ['1 fte Project Officer for Section 151 work', /151/],
    ['establish and delete 1 fte Project Officer', /establish/],
    ['create 1 fte Project Officer and delete it', /job title/],
  ])('asks rather than guesses: %s', (text, question) => {
    expect(read(text).questions.join(' ')).toMatch(question);
  });

  it.each([
    ['external funding £40,000', 'partner_contribution'],
    ['partner contribution from the CCG £20,000', 'partner_contribution'],
    ['earmarked reserves £12,000', 'contingency'],
    ['Public Health grant £45,000', 'government_grant'],
    ['HRA £30,000', 'existing_budget'],
    ['capital programme £50,000', 'existing_budget'],
    ['contingency £284,937', 'contingency'],
    ['vacancy factor £10,000', 'vacant_post_transfer'],
    ['transfer from a vacant post £21,960', 'vacant_post_transfer'],
    ['recharge to schools £8,000', 'traded_income'],
  ])('funding "%s" is %s', (text, kind) => {
    const parsed = parseFunding(text);
    expect(parsed.ok && parsed.value.kind).toBe(kind);
  });

  it.each(['Section 151 funding 2023/24', 'up to £1m from reserves', 'reserves £10,000 and grant £5,000', 'grant £5,000'])(
    'funding "%s" is asked about',
    (text) => {
      expect(parseFunding(text).ok).toBe(false);
    },
  );
});

describe('issue 28: the dialogue asks instead of recording', () => {
  const ctx = { requesterName: 'Jill Norman' };
  const atLines: RequestContent = { ...emptyDraft(), title: 'T', directorate: 'D', service: 'S', team: '', contactOfficer: { name: 'Jill Norman' } };

  it('records nothing and asks when the text cannot be read with certainty', () => {
    const result = answer(atLines, 'line', { text: '2 fte Support Worker posts at a total cost of £47,880' }, ctx);
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/Before I record anything[\s\S]*all 2 FTE/) });
  });

  it('funding typed where a change was expected is recognised as funding, not turned into a post', () => {
    const withLine: RequestContent = {
      ...atLines,
      lines: [
        {
          kind: 'establish',
          fteHundredths: 100,
          jobTitle: 'Project Officer',
          grade: 'Grade 5',
          annualCostPerFtePence: 3_000_000,
          term: { type: 'permanent' },
          effectiveDate: '2026-10-01' as never,
        },
      ],
    };
    const result = answer(withLine, 'moreLines', { text: 'existing budget £21,960' }, ctx);
    // Recorded as the funding it is, and the list of changes taken as complete: nothing typed is lost.
    expect(result).toMatchObject({ ok: true, reply: expect.stringMatching(/reads as funding/) });
    if (!result.ok) throw new Error('expected the funding to be recorded');
    expect(result.draft.lines).toHaveLength(1);
    expect(result.draft.funding).toEqual([{ kind: 'existing_budget', amountPence: 2_196_000 }]);
    expect(result.draft.linesComplete).toBe(true);
  });

  it('says which words each field came from', () => {
    const result = answer(atLines, 'line', { text: '2 x Assessment Officer (Grade 5) 1/10/2026 to 31/03/2028' }, ctx);
    expect(result.ok && result.reply).toMatch(/read from: FTE "2 x" · title "Assessment Officer" · grade "\(Grade 5\)" · dates "1\/10\/2026 to 31\/03\/2028"/);
  });

  it("takes hours a week for the FTE question, at the council's full-time hours", () => {
    const draft: RequestContent = { ...atLines, lines: [{ kind: 'establish', jobTitle: 'Project Officer' }] };
    const result = answer(draft, 'lineField:0:fte', { text: '18.5 hours a week' }, ctx);
    expect(result.ok && result.draft.lines[0]!.fteHundredths).toBe(50);
    const at36 = answer(draft, 'lineField:0:fte', { text: '18 hours' }, { ...ctx, fullTimeHours: 36 });
    expect(at36.ok && at36.draft.lines[0]!.fteHundredths).toBe(50);
  });

  it('remarks on a start date in the past when it knows today', () => {
    const result = answer(atLines, 'line', { text: '1 fte Project Officer (Grade 5) from 1 May 2022' }, { ...ctx, today: '2026-12-07' as never });
    expect(result.ok && result.reply).toMatch(/1 May 2022 is in the past: is that right\?/);
  });

  it.each([
    ['1 fte Recruitment Officer, Grade 5', { kind: 'establish', fteHundredths: 100, jobTitle: 'Recruitment Officer', grade: 'Grade 5' }],
    ['1 fte Officer (NJC scp 23)', { kind: 'establish', fteHundredths: 100, jobTitle: 'Officer', scp: 23 }],
  ])('keeps kind words and pay-spine names out of the way: %s', (text, line) => {
    expect(read(text)).toEqual({ lines: [line], questions: [] });
  });

  it('asks whether "Social Worker and Team Manager" is one post or two', () => {
    expect(read('establish Social Worker and Team Manager posts').questions.join(' ')).toMatch(/one post, or a Social Worker and a Team Manager/);
  });

  it('never stores "not known" as a grade', () => {
    const draft: RequestContent = {
      ...atLines,
      lines: [{ kind: 'establish', fteHundredths: 100, jobTitle: 'Project Officer', annualCostPerFtePence: 2_745_000 }],
    };
    expect(answer(draft, 'lineField:0:grade', { text: 'not known' }, ctx)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/subject to job evaluation/),
    });
  });

  it('records each change of a clear sentence as its own line', () => {
    const result = answer(
      atLines,
      'line',
      { text: 'disestablish 2 fte Support Worker posts Grade 3 and establish 2 fte Senior Support Worker posts Grade 4' },
      ctx,
    );
    expect(result.ok && result.draft.lines.map((l) => l.kind)).toEqual(['disestablish', 'establish']);
  });
});
