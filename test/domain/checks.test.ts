import { calendarDate } from '../../domain/calendar-date';
import { checkDraft } from '../../domain/checks';
import { RequestContentSchema, type RequestContent, type DraftLine } from '../../domain/request';

const post: DraftLine = {
  kind: 'establish',
  fteHundredths: 100,
  jobTitle: 'Service Organiser',
  grade: 'Grade 4',
  annualCostPerFtePence: 2_837_600,
  costIsEstimate: false,
  term: { type: 'permanent' },
  effectiveDate: calendarDate(2026, 4, 1),
};

function draft(overrides: Partial<RequestContent> = {}): RequestContent {
  return RequestContentSchema.parse({
    title: 'T',
    directorate: 'Children',
    service: 'Commissioning',
    contactOfficer: { name: 'Jon' },
    lines: [post],
    funding: [{ kind: 'existing_budget', amountPence: 2_837_600 }],
    case: { purpose: 'p', proposal: 'p', reasons: 'r', financialImplications: 'f', recommendation: 'r' },
    decisionFacts: { keyDecision: false, openToCallIn: false, exempt: null },
    ...overrides,
  });
}

const codes = (d: RequestContent) => checkDraft(d).checks.map((c) => `${c.severity}:${c.code}`);

describe('submission checks', () => {
  it('passes a complete, funded request', () => expect(codes(draft())).toEqual([]));

  it('refuses an end date before the start date', () => {
    const d = draft({ lines: [{ ...post, term: { type: 'temporary', endDate: calendarDate(2026, 3, 1) } }] });
    expect(checkDraft(d).checks[0]).toMatchObject({
      code: 'END_BEFORE_START',
      severity: 'error',
      message: expect.stringContaining('Change 1 (Service Organiser)'),
    });
  });

  it('refuses missing funding and no lines', () => {
    expect(codes(draft({ funding: [] }))).toContain('error:NO_FUNDING');
    expect(codes(draft({ lines: [], funding: [] }))).toContain('error:NO_LINES');
  });

  it('warns of a shortfall in pounds', () => {
    const d = draft({ funding: [{ kind: 'existing_budget', amountPence: 2_000_000 }] });
    expect(checkDraft(d).checks).toEqual([{ code: 'FUNDING_SHORTFALL', severity: 'warning', message: 'Funding falls £8,376 short of the cost.' }]);
  });

  it('refuses a total at or above the key decision threshold not marked as key', () => {
    const d = draft({ lines: [{ ...post, fteHundredths: 2000 }], funding: [{ kind: 'existing_budget', amountPence: 56_752_000 }] });
    expect(codes(d)).toContain('error:KEY_DECISION_NOT_MARKED');
    expect(codes({ ...d, decisionFacts: { keyDecision: true, openToCallIn: true, exempt: null } })).not.toContain('error:KEY_DECISION_NOT_MARKED');
    expect(checkDraft(d, { keyDecisionThresholdPence: 100_000_000 }).checks.map((c) => c.code)).not.toContain('KEY_DECISION_NOT_MARKED');
  });

  it('warns when a key decision is not open to call-in (only urgency excludes one)', () => {
    expect(codes(draft({ decisionFacts: { keyDecision: true, openToCallIn: false, exempt: null } }))).toEqual(['warning:KEY_DECISION_NOT_CALLED_IN']);
    expect(codes(draft({ decisionFacts: { keyDecision: true, openToCallIn: true, exempt: null } }))).toEqual([]);
    expect(codes(draft({ decisionFacts: { keyDecision: false, openToCallIn: false, exempt: null } }))).toEqual([]);
  });

  it('warns about collective consultation at 20 fte disestablished', () => {
    const d = draft({ lines: [{ ...post, kind: 'disestablish', fteHundredths: 2000 }], funding: [{ kind: 'existing_budget', amountPence: 0 }] });
    expect(codes(d)).toContain('warning:COLLECTIVE_CONSULTATION');
    expect(codes({ ...d, lines: [{ ...post, kind: 'disestablish', fteHundredths: 1999 }] })).not.toContain('warning:COLLECTIVE_CONSULTATION');
  });

  it('warns about senior pay at £100,000', () => {
    const d = draft({ lines: [{ ...post, annualCostPerFtePence: 10_000_000 }], funding: [{ kind: 'existing_budget', amountPence: 10_000_000 }] });
    expect(codes(d)).toEqual(['warning:SENIOR_PAY']);
  });

  it('names what an incomplete line still needs, and the missing report sections', () => {
    const d = draft({ lines: [{ kind: 'establish', fteHundredths: 300, jobTitle: 'Service Organiser' }], case: {} });
    const messages = checkDraft(d).checks.map((c) => c.message);
    expect(messages).toContain('Change 1 (Service Organiser) still needs: grade, cost, term, effectiveDate.');
    expect(messages).toContain('The report needs "Purpose".');
  });
});
