import fc from 'fast-check';
import type { CalendarDate } from '../../domain/calendar-date';
import { BOM, neutralise, parseCsv, toCsv } from '../../domain/csv';
import { decisionsRegisterCsv, REGISTER_HEADER } from '../../domain/decisions-register';
import { importEstablishment, parseExactPounds, parseUkDate } from '../../domain/establishment-import';
import { WorkflowStateSchema } from '../../domain/lifecycle';
import { RequestContentSchema } from '../../domain/request';
import { SEED_004 } from '../../fixtures/seed-004';
import { SAMPLE_PEOPLE } from '../../fixtures/sample-request';

describe('CSV for spreadsheets', () => {
  it('property: any cells written parse back as the same cells, formulas neutralised', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', '=', '+', '-', '@', ' ', '£', 'é', '1') });
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (rows) => {
        const text = toCsv(['a', 'b', 'c'], rows);
        expect(text.startsWith(BOM)).toBe(true);
        const parsed = parseCsv(text);
        expect(parsed).toEqual({ ok: true, records: [['a', 'b', 'c'], ...rows.map((r) => r.map(neutralise))] });
      }),
      { numRuns: 500 },
    );
  });

  it('neutralises what a spreadsheet would run, and refuses CSV it cannot read whole', () => {
    expect(toCsv(['x'], [['=HYPERLINK("http://evil")'], ['+1'], ['-2'], ['@SUM(A1)'], ['plain']])).toBe(
      `${BOM}x\r\n"'=HYPERLINK(""http://evil"")"\r\n'+1\r\n'-2\r\n'@SUM(A1)\r\nplain\r\n`,
    );
    expect(parseCsv('a,"b\nc')).toEqual({ ok: false, line: 2, message: 'a quoted field is never closed' });
    expect(parseCsv('a,"b"c')).toMatchObject({ ok: false, line: 1 });
  });
});

describe('HR CSV import', () => {
  it('reads money only when it is exact', () => {
    expect(parseExactPounds('£28,368')).toBe(2_836_800);
    expect(parseExactPounds('28368.50')).toBe(2_836_850);
    expect(parseExactPounds('£28,368.00 with on-costs')).toBe(2_836_800);
    for (const ambiguous of ['28368.5', '28368.505', '£28k', '28 368', '2,83,68', '-28368', '28.368,00', '', '£'])
      expect(parseExactPounds(ambiguous)).toBeUndefined();
    expect(parseUkDate('31/03/2025')).toBe('2025-03-31');
    expect(parseUkDate('2025-03-31')).toBe('2025-03-31');
    for (const bad of ['31/3/25', '2025/03/31', '29/02/2023', 'March 2025']) expect(parseUkDate(bad)).toBeUndefined();
  });

  it('takes a total cost only when it divides exactly by the FTE, and names each bad row', () => {
    const csv = [
      'Directorate,Service,Team,Post title,Grade,FTE,Annual cost,Status,End date',
      'Adults,Reablement,North,Support Worker,Grade 3,1.5,"£35,910",Temporary,31/03/2027',
      'Adults,Reablement,North,Support Worker,Grade 3,0.3,"£10,000.01",Permanent,',
      'Adults,Reablement,North,Team Leader,Grade 6,1,40000,Permanent,31/03/2027',
    ].join('\n');
    const result = importEstablishment(csv, [], '2026-04-01' as CalendarDate, 'b1');
    expect(result.posts).toHaveLength(1);
    expect(result.posts[0]).toMatchObject({ fteHundredths: 150, annualCostPerFtePence: 2_394_000, until: '2027-03-31', from: '2026-04-01', team: 'North' });
    expect(result.rejected).toEqual([
      { row: 3, column: 'Annual cost', reason: 'does not divide exactly by the FTE: give the annual cost per FTE instead' },
      { row: 4, column: 'End date', reason: 'a permanent post has no end date' },
    ]);
    expect(importEstablishment('Directorate,Service\nA,B', [], '2026-04-01' as CalendarDate, 'b').fileError).toContain(
      'lacks Job title, Grade, FTE, Annual cost per FTE',
    );
  });
});

describe('the decisions register', () => {
  const workflow = (status: string, publishedOn: string) =>
    WorkflowStateSchema.parse({
      status,
      version: 9,
      requester: SAMPLE_PEOPLE.officer,
      approvers: {
        finance: SAMPLE_PEOPLE.finance,
        hr: SAMPLE_PEOPLE.hr,
        legal: SAMPLE_PEOPLE.legal,
        decision: { kind: 'director', person: SAMPLE_PEOPLE.director },
      },
      decision: { by: SAMPLE_PEOPLE.director, at: `${publishedOn}T10:00:00Z`, outcome: 'approved', reasons: 'SECRET-REASON' },
      publication: { publishedOn, deadline: publishedOn, implementableFrom: publishedOn },
    });
  const exempt = RequestContentSchema.parse({
    ...SEED_004,
    title: '=cmd|" /C calc"!A0',
    case: { ...SEED_004.case, background: 'SECRET-BACKGROUND' },
    decisionFacts: { keyDecision: false, openToCallIn: true, exempt: { paragraph: 3, sections: ['background', 'costs'] } },
  });

  it('publishes only public fields of decisions in the period; the entitled also see the exempt ones', () => {
    const entries = [
      { reference: 'ECR-2026-0001', content: SEED_004, workflow: workflow('implementable', '2026-04-10'), entitled: false },
      { reference: 'ECR-2026-0002', content: exempt, workflow: workflow('published', '2026-05-01'), entitled: false },
      { reference: 'ECR-2026-0003', content: SEED_004, workflow: workflow('published', '2026-10-01'), entitled: false },
      { reference: 'ECR-2026-0004', content: SEED_004, workflow: workflow('approved', '2026-05-01'), entitled: false },
    ];
    const publicCsv = decisionsRegisterCsv(entries, '2026-04-01', '2026-09-30');
    const parsed = parseCsv(publicCsv);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.records[0]).toEqual([...REGISTER_HEADER]);
    expect(parsed.records.slice(1).map((r) => r[0])).toEqual(['ECR-2026-0001', 'ECR-2026-0002']);
    for (const secret of ['SECRET', 'calc', '£156,008', 'Request to create traded']) expect(parsed.records[2]!.join('|')).not.toContain(secret);
    expect(parsed.records[1]).toEqual(expect.arrayContaining(['£156,008', 'Director', 'Approved']));
    expect(publicCsv).not.toContain('SECRET-REASON');

    const entitledCsv = parseCsv(decisionsRegisterCsv([{ ...entries[1]!, entitled: true }], '2026-04-01', '2026-09-30'));
    if (!entitledCsv.ok) throw new Error(entitledCsv.message);
    const row = entitledCsv.records[1]!;
    // The title an attacker typed is text, never a formula.
    expect(row[1]).toBe(`'=cmd|" /C calc"!A0`);
    expect(row).toEqual(expect.arrayContaining(['£156,008', 'SECRET-REASON', 'Background: SECRET-BACKGROUND']));
  });
});
