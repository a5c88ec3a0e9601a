import { z } from 'zod';
import { CalendarDateSchema } from './calendar-date';
import { CASE_SECTION_KEYS } from './case-sections';
import { DocumentListSchema } from './documents';

/** The content of a request (what the officer writes); the workflow state lives apart. */
export const CHANGE_KINDS = ['establish', 'disestablish', 'regrade', 'extend_fixed_term', 'make_permanent', 'one_off_payment'] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const CHANGE_KIND_LABELS: Record<ChangeKind, string> = {
  establish: 'Establish',
  disestablish: 'Disestablish',
  regrade: 'Regrade',
  extend_fixed_term: 'Extend the fixed term of',
  make_permanent: 'Make permanent',
  one_off_payment: 'One-off payment',
};

export const JOB_EVALUATION = 'subject to job evaluation';

const pence = z.number().int().nonnegative().max(10_000_000_000);
const text = (max: number) => z.string().trim().min(1).max(max);

export const TermSchema = z.union([
  z.object({ type: z.literal('permanent') }),
  z.object({ type: z.literal('temporary'), endDate: CalendarDateSchema }),
  z.object({ type: z.literal('temporary'), months: z.number().int().min(1).max(120) }),
]);
export type Term = z.infer<typeof TermSchema>;

/** A line while it is being filled in: every field may still be missing. */
export const DraftLineSchema = z.object({
  kind: z.enum(CHANGE_KINDS).optional(),
  fteHundredths: z.number().int().min(1).max(99_999).optional(),
  jobTitle: text(200).optional(),
  grade: text(80).optional(),
  scp: z.number().int().min(1).max(99).optional(),
  annualCostPerFtePence: pence.optional(),
  costIsEstimate: z.boolean().optional(),
  previousAnnualCostPerFtePence: pence.optional(),
  term: TermSchema.optional(),
  effectiveDate: CalendarDateSchema.optional(),
  /** One-off payments: what it is for and how much. */
  description: text(200).optional(),
  amountPence: pence.optional(),
});
export type DraftLine = z.infer<typeof DraftLineSchema>;

export const PostLineSchema = z.object({
  kind: z.enum(['establish', 'disestablish', 'regrade', 'extend_fixed_term', 'make_permanent']),
  fteHundredths: z.number().int().min(1).max(99_999),
  jobTitle: text(200),
  grade: text(80),
  scp: z.number().int().min(1).max(99).optional(),
  annualCostPerFtePence: pence,
  costIsEstimate: z.boolean(),
  previousAnnualCostPerFtePence: pence.optional(),
  term: TermSchema,
  effectiveDate: CalendarDateSchema,
});
export const OneOffLineSchema = z.object({
  kind: z.literal('one_off_payment'),
  description: text(200),
  amountPence: pence,
  effectiveDate: CalendarDateSchema.optional(),
});
export const ChangeLineSchema = z.union([PostLineSchema, OneOffLineSchema]);
export type PostLine = z.infer<typeof PostLineSchema>;
export type OneOffLine = z.infer<typeof OneOffLineSchema>;
export type ChangeLine = z.infer<typeof ChangeLineSchema>;

export const FUNDING_KINDS = ['existing_budget', 'vacant_post_transfer', 'contingency', 'government_grant', 'traded_income', 'partner_contribution'] as const;
export type FundingKind = (typeof FUNDING_KINDS)[number];
export const FUNDING_KIND_LABELS: Record<FundingKind, string> = {
  existing_budget: 'Existing budget',
  vacant_post_transfer: 'Transfer from a vacant post',
  contingency: 'Contingency',
  government_grant: 'Government grant',
  traded_income: 'Traded income / recharge',
  partner_contribution: 'Partner contribution',
};

export const FundingSourceSchema = z.object({
  kind: z.enum(FUNDING_KINDS),
  description: z.string().trim().max(200).optional(),
  amountPence: pence,
});
export type FundingSource = z.infer<typeof FundingSourceSchema>;

export const ExemptionSchema = z.object({
  paragraph: z.number().int().min(1).max(7),
  sections: z.array(z.enum([...CASE_SECTION_KEYS, 'costs'])).min(1),
});
export type Exemption = z.infer<typeof ExemptionSchema>;

export const DecisionFactsSchema = z.object({
  keyDecision: z.boolean().optional(),
  openToCallIn: z.boolean().optional(),
  exempt: ExemptionSchema.nullable().optional(),
});
export type DecisionFacts = z.infer<typeof DecisionFactsSchema>;

export const ContactOfficerSchema = z.object({
  name: text(120),
  jobTitle: z.string().trim().max(120).optional(),
  email: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
});

const CaseSchema = z.partialRecord(z.enum(CASE_SECTION_KEYS), z.string().trim().max(8000));

/** What a request says (its changes, funding and case): a draft's while the officer builds it, then the submitted request's. Round-trips through JSON unchanged. */
export const RequestContentSchema = z.object({
  title: text(200).optional(),
  directorate: text(120).optional(),
  service: text(120).optional(),
  team: z.string().trim().max(120).optional(),
  contactOfficer: ContactOfficerSchema.optional(),
  lines: z.array(DraftLineSchema).max(50).default([]),
  /** True once the officer said the list of changes is complete. */
  linesComplete: z.boolean().optional(),
  funding: z.array(FundingSourceSchema).max(20).default([]),
  fundingComplete: z.boolean().optional(),
  case: CaseSchema.default({}),
  /** Sections the officer chose to leave out ("none"/"skip"). */
  skippedSections: z.array(z.enum(CASE_SECTION_KEYS)).default([]),
  decisionFacts: DecisionFactsSchema.default({}),
  /** Supporting documents, each with the versions that had it (domain/documents.ts). */
  documents: DocumentListSchema.optional(),
});
export type RequestContent = z.infer<typeof RequestContentSchema>;

export function emptyDraft(): RequestContent {
  return RequestContentSchema.parse({});
}

/** A line is complete when it passes the strict schema. */
export function completeLine(line: DraftLine): ChangeLine | undefined {
  const parsed = ChangeLineSchema.safeParse(line.kind === 'one_off_payment' ? line : { costIsEstimate: false, ...line });
  return parsed.success ? parsed.data : undefined;
}
