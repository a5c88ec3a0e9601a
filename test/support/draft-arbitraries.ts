import fc from 'fast-check';
import { CASE_SECTIONS, type CaseSectionKey } from '../../domain/case-sections';
import type { QuestionKey } from '../../domain/questionnaire';
import type { LineField } from '../../domain/quick-entry';
import { CHANGE_KINDS, RequestContentSchema, DraftLineSchema, type RequestContent, type DraftLine, type FundingSource } from '../../domain/request';

/**
 * Drafts in any state the dialogue can leave them (every field present or not, changes
 * with fields missing, lists finished or not), and an answer each question accepts. The
 * values come from seed 004 and the quick-entry corpus, so the states are ones an officer
 * can reach, not noise.
 */
const some = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const omitUndefined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const TITLES = ['Commissioning Manager', 'Service Organiser', 'Reviewing Officer', 'Project Manager', 'Family Support Worker'];
const GRADES = ['PO4', 'PO2', 'Grade 4', 'Hay Band A', 'subject to job evaluation'];

export const lineArb: fc.Arbitrary<DraftLine> = fc
  .record({
    kind: some(fc.constantFrom(...CHANGE_KINDS)),
    fteHundredths: some(fc.integer({ min: 1, max: 1000 })),
    jobTitle: some(fc.constantFrom(...TITLES)),
    grade: some(fc.constantFrom(...GRADES)),
    annualCostPerFtePence: some(fc.integer({ min: 1_000_000, max: 9_000_000 })),
    previousAnnualCostPerFtePence: some(fc.integer({ min: 1_000_000, max: 9_000_000 })),
    term: some(fc.constantFrom({ type: 'permanent' }, { type: 'temporary', endDate: '2025-03-31' }, { type: 'temporary', months: 12 })),
    effectiveDate: some(fc.constantFrom('2022-12-01', '2026-10-01')),
    description: some(fc.constantFrom('Honorarium', 'Market supplement')),
    amountPence: some(fc.integer({ min: 1, max: 1_000_000 })),
  })
  .map((l) => DraftLineSchema.parse(omitUndefined(l)));

const fundingArb: fc.Arbitrary<FundingSource> = fc.constantFrom<FundingSource>(
  { kind: 'traded_income', description: 'OAWY', amountPence: 10_042_000 },
  { kind: 'government_grant', description: 'SAFE Taskforce', amountPence: 5_558_800 },
  { kind: 'existing_budget', amountPence: 8_510_400 },
);

const sectionsArb = fc.subarray(CASE_SECTIONS.map((s) => s.key));

/** Any draft the schema accepts, made of realistic parts. */
export const draftArb: fc.Arbitrary<RequestContent> = fc
  .record({
    title: some(fc.constant('Request to create traded Childrens Commissioning posts')),
    directorate: some(fc.constant('Children and Families')),
    service: some(fc.constant('Commissioning and Market Management')),
    team: some(fc.constantFrom('', 'Placements')),
    contactOfficer: some(fc.constant({ name: 'Olivia Officer' })),
    lines: fc.array(lineArb, { maxLength: 4 }),
    linesComplete: some(fc.boolean()),
    funding: fc.array(fundingArb, { maxLength: 3 }),
    fundingComplete: some(fc.boolean()),
    written: sectionsArb,
    skipped: sectionsArb,
    keyDecision: some(fc.boolean()),
    openToCallIn: some(fc.boolean()),
    exempt: some(fc.constantFrom(null, { paragraph: 1, sections: ['background' as const, 'costs' as const] })),
  })
  .map(({ written, skipped, keyDecision, openToCallIn, exempt, ...rest }) =>
    RequestContentSchema.parse(
      omitUndefined({
        ...rest,
        case: Object.fromEntries(written.map((k) => [k, `The ${k} of the request.`])),
        skippedSections: skipped.filter((k) => !written.includes(k)),
        decisionFacts: omitUndefined({ keyDecision, openToCallIn, exempt }),
      }),
    ),
  );

/** A value each field of a change accepts, read as that field alone. */
export const FIELD_ANSWERS: Record<LineField, readonly string[]> = {
  kind: ['establish', 'disestablish', 'extend a fixed term', 'make permanent'],
  fte: ['1', '0.5', '2.5', '18.5 hours'],
  jobTitle: TITLES,
  grade: ['PO4', 'Grade 4', 'Hay Band A', 'subject to job evaluation'],
  cost: ['£28,376', '£55,588', '40702'],
  previousCost: ['£25,000', '£33,504'],
  term: ['permanent', 'until 31 March 2025', '12 months'],
  effectiveDate: ['1 December 2022', '01/10/2026', '1 July 2018'],
  amount: ['£3,161', '£500'],
  description: ['Honorarium', 'Market supplement'],
};

/** Whole changes as officers type them: seed 004's and others quick entry reads exactly. */
export const CHANGE_ANSWERS = [
  '1.0 FTE PO4 Commissioning Manager, permanent, from 1 December 2022',
  '1.0 FTE PO2 Commissioning Officer, permanent, from 1 December 2022',
  '3 fte Service Organiser, Grade 4 scp 23, £28,376 with on-costs, temporary until 31 March 2019, from 1 July 2018',
  'an honorarium payment of £3,161',
] as const;

export const FUNDING_ANSWERS = ['traded income from OAWY £100,420', 'government grant SAFE Taskforce £55,588', 'existing budget £85,104'] as const;

/**
 * Answers to `key` that the questionnaire must accept and that move the draft on: a list
 * question is finished ("no"), a change given in full, a yes/no either way.
 */
export function validAnswers(key: QuestionKey): readonly string[] {
  if (key.startsWith('lineField:')) return FIELD_ANSWERS[key.split(':')[2] as LineField];
  if (key.startsWith('section:')) {
    const section = CASE_SECTIONS.find((s) => `section:${s.key}` === key)!;
    const written = [`A sentence or two on the ${section.label.toLowerCase()}.`, 'The current arrangements are unsustainable.'];
    return section.required ? written : [...written, 'skip', 'none', 'n/a'];
  }
  switch (key) {
    case 'title':
      return ['Request to create traded Childrens Commissioning posts', 'Temporary posts to introduce the revised Short Breaks offer'];
    case 'directorate':
      return ['Children and Families', 'Adults and Health'];
    case 'service':
      return ['Commissioning and Market Management', 'Placements'];
    case 'team':
      return ['skip', 'Placements', 'none'];
    case 'contact':
      return ['me', 'Jo Bloggs, Service Manager', 'Jo Bloggs'];
    case 'line':
      return CHANGE_ANSWERS;
    case 'moreLines':
    case 'moreFunding':
      return ['no', 'No', "that's all", 'done'];
    case 'funding':
      return FUNDING_ANSWERS;
    case 'keyDecision':
    case 'callIn':
      return ['yes', 'no', 'Yes', 'n'];
    case 'exempt':
      return ['no', 'paragraph 1: background, costs', '3: financial implications'];
  }
  throw new Error(`No answers for ${key}`);
}

/**
 * What is still to be asked of a draft: each step of a valid answer lowers it, so the
 * dialogue cannot go round in circles. A list counts 2 while empty and 1 while open.
 */
export function outstanding(draft: RequestContent, missingFields: (line: DraftLine) => readonly unknown[]): number {
  const head = [draft.title, draft.directorate, draft.service, draft.team, draft.contactOfficer].filter((v) => v === undefined).length;
  const fields = draft.lines.reduce((n, line) => n + missingFields(line).length, 0);
  const list = (items: readonly unknown[], complete: boolean | undefined) => (items.length === 0 ? 2 : complete ? 0 : 1);
  const sections = CASE_SECTIONS.filter((s) => !draft.case[s.key as CaseSectionKey] && !draft.skippedSections.includes(s.key)).length;
  const facts = [draft.decisionFacts.keyDecision, draft.decisionFacts.openToCallIn, draft.decisionFacts.exempt].filter((v) => v === undefined).length;
  return head + fields + list(draft.lines, draft.linesComplete) + list(draft.funding, draft.fundingComplete) + sections + facts;
}
