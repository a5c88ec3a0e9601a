import { z } from 'zod';

/**
 * Who reviews and who decides, from configuration: per directorate (or the default), the
 * finance, HR and legal reviewers, and a decision maker chosen by the request's total
 * annual cost and its key-decision flag. The people are fixed on a request when it is
 * submitted, so a later change of routing never moves a request already in flight.
 */
export const RoutedPersonSchema = z.object({
  aadObjectId: z.string().regex(/^[0-9a-f-]{36}$/i, 'must be an Entra object id (a GUID)'),
  tenantId: z
    .string()
    .regex(/^[0-9a-f-]{36}$/i)
    .optional(),
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
  /**
   * Who takes a part instead when its usual holder cannot: they raised the request, or
   * already hold another part in it (one person, one part). The scheme of delegation names
   * them (another director, the chief executive). A part with no alternate that is needed
   * stops the submission with a message, never a request stuck with nobody to act.
   */
  alternates: z
    .object({
      finance: RoutedPersonSchema,
      hr: RoutedPersonSchema,
      legal: RoutedPersonSchema,
      director: RoutedPersonSchema,
      democraticServices: RoutedPersonSchema,
    })
    .partial()
    .default({}),
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
  reminders: z
    .object({ afterWorkingDays: z.number().int().min(1).default(3), escalateAfterWorkingDays: z.number().int().min(1).default(5) })
    .default({ afterWorkingDays: 3, escalateAfterWorkingDays: 5 }),
});
export type RoutingConfig = z.infer<typeof RoutingConfigSchema>;

export interface Approvers {
  finance: RoutedPerson;
  hr: RoutedPerson;
  legal: RoutedPerson;
  decision: { kind: 'director'; person: RoutedPerson } | { kind: 'committee'; name: string; recordedBy: RoutedPerson };
}

/** Directorate names match ignoring case and spacing. */
export const sameName = (a: string, b: string) => normalise(a) === normalise(b);
const normalise = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

type Route = z.infer<typeof RouteSchema>;

function routeFor(config: RoutingConfig, directorate: string): Route {
  const match = Object.entries(config.directorates).find(([name]) => normalise(name) === normalise(directorate));
  return match?.[1] ?? config.default;
}

export function resolveApprovers(config: RoutingConfig, request: { directorate: string; totalAnnualCostPence: number; keyDecision: boolean }): Approvers {
  const route = routeFor(config, request.directorate);
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

export type Part = 'finance' | 'hr' | 'legal' | 'decision';
export interface Reroute {
  part: Part;
  /** Who would have held the part. */
  instead: RoutedPerson;
  reason: string;
}
export type Routed = { ok: true; approvers: Approvers; reroutes: Reroute[] } | { ok: false; message: string };

const PART_NAMES: Record<Part, string> = { finance: 'finance reviewer', hr: 'HR reviewer', legal: 'legal reviewer', decision: 'decision maker' };
/** The same Entra object id (the routing's people are all of its one tenant). */
export const same = (a: { aadObjectId: string }, b: { aadObjectId: string }) => a.aadObjectId.toLowerCase() === b.aadObjectId.toLowerCase();

/**
 * The people for a request raised by `requester`, with separation of duties: nobody holds
 * two parts, and the requester none. A part whose usual holder is taken goes to the
 * route's alternate; with none (or a taken one), the submission is refused with why.
 */
export function routeRequest(
  config: RoutingConfig,
  request: { directorate: string; totalAnnualCostPence: number; keyDecision: boolean },
  requester: { aadObjectId: string; name: string },
): Routed {
  const usual = resolveApprovers(config, request);
  const route = routeFor(config, request.directorate);
  const withTenant = (p: RoutedPerson): RoutedPerson => ({ ...p, tenantId: p.tenantId ?? config.tenantId });
  const taken: RoutedPerson[] = [withTenant({ ...requester, name: requester.name || 'the requester' })];
  const reroutes: Reroute[] = [];
  const place = (part: Part, person: RoutedPerson, alternate: RoutedPerson | undefined): RoutedPerson | string => {
    const clash = taken.findIndex((t) => same(t, person));
    if (clash < 0) return (taken.push(person), person);
    const reason = clash === 0 ? `${person.name} raised this request` : `${person.name} already holds another part in this request`;
    const alt = alternate && withTenant(alternate);
    if (!alt || taken.some((t) => same(t, alt))) {
      return `This request cannot be routed: its ${PART_NAMES[part]} would be ${person.name}, but ${clash === 0 ? 'you raised it' : 'they already hold another part in it'}, and no other ${PART_NAMES[part]} is configured for ${request.directorate || 'this directorate'}. Your draft is kept: please ask your administrator to name an alternate.`;
    }
    reroutes.push({ part, instead: person, reason });
    taken.push(alt);
    return alt;
  };
  const a = route.alternates;
  const finance = place('finance', usual.finance, a.finance);
  if (typeof finance === 'string') return { ok: false, message: finance };
  const hr = place('hr', usual.hr, a.hr);
  if (typeof hr === 'string') return { ok: false, message: hr };
  const legal = place('legal', usual.legal, a.legal);
  if (typeof legal === 'string') return { ok: false, message: legal };
  const d = usual.decision;
  const decisionPerson = place('decision', d.kind === 'director' ? d.person : d.recordedBy, d.kind === 'director' ? a.director : a.democraticServices);
  if (typeof decisionPerson === 'string') return { ok: false, message: decisionPerson };
  const decision = d.kind === 'director' ? { kind: 'director' as const, person: decisionPerson } : { ...d, recordedBy: decisionPerson };
  return { ok: true, approvers: { finance, hr, legal, decision }, reroutes };
}

/** The kinds of part each configured person can hold anywhere in the routing (deputies must share one). */
export function partsHeld(
  config: RoutingConfig,
  person: { aadObjectId: string },
): Set<'finance' | 'hr' | 'legal' | 'director' | 'democraticServices' | 'scrutinyMember' | 'scrutinyOfficer'> {
  const held = new Set<'finance' | 'hr' | 'legal' | 'director' | 'democraticServices' | 'scrutinyMember' | 'scrutinyOfficer'>();
  for (const r of [config.default, ...Object.values(config.directorates)]) {
    for (const k of ['finance', 'hr', 'legal', 'director'] as const) {
      if (same(r[k], person) || (r.alternates[k] && same(r.alternates[k], person))) held.add(k);
    }
    if (same(r.committee.democraticServices, person) || (r.alternates.democraticServices && same(r.alternates.democraticServices, person)))
      held.add('democraticServices');
  }
  if (config.scrutiny.members.some((m) => same(m, person))) held.add('scrutinyMember');
  if (same(config.scrutiny.officer, person)) held.add('scrutinyOfficer');
  return held;
}

/** Everyone the routing configuration names, once each. */
export function routedPeople(config: RoutingConfig): RoutedPerson[] {
  const all = [config.default, ...Object.values(config.directorates)].flatMap((r) => [
    r.finance,
    r.hr,
    r.legal,
    r.director,
    r.committee.democraticServices,
    ...Object.values(r.alternates),
  ]);
  all.push(...config.scrutiny.members, config.scrutiny.officer);
  return all.filter((p, i) => all.findIndex((q) => same(p, q)) === i).map((p) => ({ ...p, tenantId: p.tenantId ?? config.tenantId }));
}
