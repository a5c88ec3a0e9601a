import { PersonSchema, type Person } from './person';
import { z } from 'zod';
import { DISCIPLINES } from './duties';
import { ForwardPlanSchema } from './forward-plan';
import { InterestSchema } from './interest';

/** Where a request can be in its lifecycle (domain/lifecycle.ts moves it between them). */
export const STATUSES = [
  'draft',
  'submitted',
  'in_review',
  'awaiting_decision',
  'approved',
  'rejected',
  'returned',
  'withdrawn',
  'published',
  'called_in',
  'implementable',
  'referred_to_council',
] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  in_review: 'In review',
  awaiting_decision: 'Awaiting decision',
  approved: 'Approved',
  rejected: 'Rejected',
  returned: 'Returned for changes',
  withdrawn: 'Withdrawn',
  published: 'Published: call-in period',
  called_in: 'Called in',
  implementable: 'Can be implemented',
  referred_to_council: 'Referred to full Council',
};

export { PersonSchema, type Person } from './person';

const ActionRecord = z.object({ by: PersonSchema, onBehalfOf: PersonSchema.optional(), at: z.string() });
const ReviewSchema = ActionRecord.extend({ text: z.string().max(4000), signature: z.string() });

export const ApproversSchema = z.object({
  finance: PersonSchema,
  hr: PersonSchema,
  legal: PersonSchema,
  decision: z.union([
    z.object({ kind: z.literal('director'), person: PersonSchema }),
    z.object({ kind: z.literal('committee'), name: z.string(), recordedBy: PersonSchema }),
  ]),
  /** Where routing put someone else in a part because its usual holder was conflicted (domain/routing.ts). */
  reroutes: z.array(z.object({ part: z.enum(['finance', 'hr', 'legal', 'decision']), instead: PersonSchema, reason: z.string().max(200) })).optional(),
  /** Key decisions: who records the forward plan's exceptions for this request. */
  democraticServices: PersonSchema.optional(),
  /** Who takes the decision if the decision maker declares a prejudicial interest (none when routing names nobody free). */
  alternateDecision: PersonSchema.optional(),
});
export type ApproversOnRequest = z.infer<typeof ApproversSchema>;

export const DeputySchema = z.object({ for: PersonSchema, deputy: PersonSchema, from: z.string(), to: z.string() });
export type Deputy = z.infer<typeof DeputySchema>;

/** Everything the lifecycle knows of one request; stored with it and parsed when read back. */
export const WorkflowStateSchema = z.object({
  status: z.enum(STATUSES),
  version: z.number().int().min(1),
  requester: PersonSchema,
  openToCallIn: z.boolean().default(true),
  approvers: ApproversSchema.optional(),
  reviews: z.partialRecord(z.enum(DISCIPLINES), ReviewSchema).default({}),
  earlierReviews: z.array(z.partialRecord(z.enum(DISCIPLINES), ReviewSchema)).default([]),
  decision: ActionRecord.extend({
    outcome: z.enum(['approved', 'rejected']),
    reasons: z.string().max(4000).optional(),
    /** The decision maker's declaration (decisions from before declarations were recorded have none). */
    interest: InterestSchema.optional(),
  }).optional(),
  /** Decision makers who declared a prejudicial interest and stood aside, in turn. */
  stoodAside: z.array(ActionRecord.extend({ nature: z.string().max(1000) })).default([]),
  /** Key decisions: the notice on the forward plan and any exception (domain/forward-plan.ts). */
  forwardPlan: ForwardPlanSchema.optional(),
  returned: ActionRecord.extend({ reason: z.string().max(4000) }).optional(),
  publication: z.object({ publishedOn: z.string(), deadline: z.string().optional(), implementableFrom: z.string() }).optional(),
  callIns: z.array(ActionRecord.extend({ grounds: z.string().max(4000) })).default([]),
  /** Who released a called-in decision, and when (rows from before this was kept have none: domain/release.ts). */
  released: ActionRecord.optional(),
  submittedAt: z.string().optional(),
  withdrawnAt: z.string().optional(),
  withdrawnReason: z.string().max(2000).optional(),
});
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;

export function newWorkflow(requester: Person): WorkflowState {
  return WorkflowStateSchema.parse({ status: 'draft', version: 1, requester });
}
