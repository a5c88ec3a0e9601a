import fc from 'fast-check';
import { MAX_CARD_BYTES } from '../../cards/render';
import { helpCard, COMMANDS } from '../../cards/help';
import { renderRequestSummary } from '../../bot/views/request-summary-view';
import { CASE_SECTION_KEYS } from '../../domain/case-sections';
import { DEFAULT_CHECK_OPTIONS } from '../../domain/checks';
import { RequestContentSchema } from '../../domain/request';

const render = (draft: unknown) =>
  renderRequestSummary(RequestContentSchema.parse(draft), {
    key: 'abc123def456',
    version: 0,
    statusLabel: 'Draft',
    editable: true,
    discardable: true,
    checks: DEFAULT_CHECK_OPTIONS,
  });

describe('cards stay within Teams limits whatever was typed', () => {
  it('renders the largest draft the model allows under the size limit, with nothing left unbound', () => {
    const long = (n: number) => 'Wörds [link](https://evil.example) *bold* <at>Someone</at> '.repeat(Math.ceil(n / 58)).slice(0, n);
    const draft = {
      title: long(200),
      directorate: long(120),
      service: long(120),
      team: long(120),
      contactOfficer: { name: long(120) },
      lines: Array.from({ length: 50 }, () => ({
        kind: 'establish',
        fteHundredths: 99_999,
        jobTitle: long(200),
        grade: long(80),
        scp: 99,
        annualCostPerFtePence: 10_000_000_000,
        costIsEstimate: true,
        term: { type: 'temporary', months: 120 },
        effectiveDate: '2026-04-01',
      })),
      funding: Array.from({ length: 20 }, () => ({ kind: 'government_grant', description: long(200), amountPence: 10_000_000_000 })),
      case: Object.fromEntries(CASE_SECTION_KEYS.map((k) => [k, long(8000)])),
      decisionFacts: { keyDecision: true, openToCallIn: true, exempt: { paragraph: 1, sections: ['background'] } },
    };
    const json = JSON.stringify(render(draft));
    expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(json).not.toContain('${');
    expect(json).not.toContain('](https');
  });

  it('renders any generated draft (1,000 cases) without throwing', () => {
    const line = fc.record(
      {
        kind: fc.constantFrom('establish', 'disestablish', 'regrade'),
        fteHundredths: fc.integer({ min: 1, max: 99_999 }),
        jobTitle: fc.string({ minLength: 1, maxLength: 200 }).filter((s) => s.trim().length > 0),
      },
      { requiredKeys: ['kind'] },
    );
    fc.assert(
      fc.property(fc.record({ title: fc.string({ maxLength: 200 }).filter((s) => s.trim().length > 0), lines: fc.array(line, { maxLength: 50 }) }), (draft) => {
        const json = JSON.stringify(render(draft));
        expect(Buffer.byteLength(json)).toBeLessThanOrEqual(MAX_CARD_BYTES);
      }),
      { numRuns: 1000 },
    );
  });

  it('renders the help card', () => {
    expect(JSON.stringify(helpCard.render({ title: 't', intro: 'i', commands: [...COMMANDS] }))).not.toContain('${');
  });
});
