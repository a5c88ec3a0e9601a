import { z } from 'zod';

/**
 * Who reviews and who decides, from configuration: per directorate (or the default), the
 * finance, HR and legal reviewers, and a decision maker chosen by the request's total
 * annual cost and its key-decision flag. The people are fixed on a request when it is
 * submitted, so a later change of routing never moves a request already in flight.
 */
export const RoutedPersonSchema = z.object({
  aadObjectId: z.string().regex(/^[0-9a-f-]{36}$/i, 'must be an Entra object id (a GUID)'),
  tenantId: z.string().regex(/^[0-9a-f-]{36}$/i).optional(),
  name: z.string().min(1).max(120),
  initials: z.string().min(1).max(6).optional(),
});
export type RoutedPerson = z.infer<typeof RoutedPersonSchema>;

const RouteSchema = z.object({
  finance: RoutedPersonSchema,
  hr: RoutedPersonSchema,
  legal: RoutedPersonSchema,
  /** Decides up to and including `directorLimitPounds` when not a key decision. */
  director: RoutedPersonSchema,
  directorLimitPounds: z.number().int().min(0),
  /** Above the limit, or for key decisions: a committee, whose resolution this officer records. */
  committee: z.object({ name: z.string().min(1).max(120), democraticServices: RoutedPersonSchema }),
});

export const RoutingConfigSchema = z.object({
  tenantId: z.string().regex(/^[0-9a-f-]{36}$/i),
  default: RouteSchema,
  directorates: z.record(z.string(), RouteSchema).default({}),
  scrutiny: z.object({
    members: z.array(RoutedPersonSchema).min(1),
    officer: RoutedPersonSchema,
    minimumMembersToCallIn: z.number().int().min(1).default(1),
    callInWorkingDays: z.number().int().min(1).max(30).default(5),
  }),
  reminders: z.object({ afterWorkingDays: z.number().int().min(1).default(3), escalateAfterWorkingDays: z.number().int().min(1).default(5) }).default({ afterWorkingDays: 3, escalateAfterWorkingDays: 5 }),
});
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

export interface Approvers {
  finance: RoutedPerson;
  hr: RoutedPerson;
  legal: RoutedPerson;
  decision: { kind: 'director'; person: RoutedPerson } | { kind: 'committee'; name: string; recordedBy: RoutedPerson };
}

const normalise = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

export function resolveApprovers(config: RoutingConfig, request: { directorate: string; totalAnnualCostPence: number; keyDecision: boolean }): Approvers {
  const match = Object.entries(config.directorates).find(([name]) => normalise(name) === normalise(request.directorate));
  const route = match?.[1] ?? config.default;
  const withTenant = (p: RoutedPerson): RoutedPerson => ({ ...p, tenantId: p.tenantId ?? config.tenantId });
  const toCommittee = request.keyDecision || request.totalAnnualCostPence > route.directorLimitPounds * 100;
  return {
    finance: withTenant(route.finance),
    hr: withTenant(route.hr),
    legal: withTenant(route.legal),
    decision: toCommittee
      ? { kind: 'committee', name: route.committee.name, recordedBy: withTenant(route.committee.democraticServices) }
      : { kind: 'director', person: withTenant(route.director) },
  };
}
