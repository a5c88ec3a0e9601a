import { personKey } from '../domain/person';
import { checkDraft } from '../domain/checks';
import { decide, newWorkflow, type Person } from '../domain/lifecycle';
import { DEFAULT_PREFIX, formatReference } from '../domain/reference';
import { routeRequest, type RoutedPerson } from '../domain/routing';
import { checksFor, routingFor } from './request-rules';
import { keyDecisionFacts, revisionFacts } from './key-decision-facts';
import type { RequestCosts } from '../domain/costs';
import type { Outcome } from './outcome';
import type { Draft } from './ports/drafts';
import { hasCode } from './ports/errors';
import type { Stored } from './ports/requests';
import type { RequestDeps } from './request-deps';

/**
 * Requests one officer may have in review or awaiting a decision at once. Each submission
 * sends three reviewers a card: a cap keeps a mistaken or hostile loop from flooding them.
 */
export const MAX_OPEN_REQUESTS = 20;
const OPEN: ReadonlySet<string> = new Set(['submitted', 'in_review', 'awaiting_decision']);
const NOT_SET_UP =
  "Your council's reviewers and decision makers are not set up in Establishment Changes yet, so this cannot be routed to anyone. Your draft is kept: please ask your Teams administrator to set them up (they type **settings** in their chat with me).";

/**
 * Submits `draft` as read (its etag guards the claim): exactly the version the officer saw,
 * or nothing. A draft revising a returned request resubmits that request instead.
 */
export async function submitDraft(deps: RequestDeps, sender: Person, draft: Draft): Promise<Outcome<Stored>> {
  const owner = personKey(sender);
  const { checks, costs } = checkDraft(draft.content, await checksFor(deps.settings, sender.tenantId));
  const errors = checks.filter((c) => c.severity === 'error');
  if (errors.length) return { ok: false, message: `Not yet: ${errors.map((e) => e.message).join(' ')}` };
  const actor = sender;
  if (draft.resubmits) return resubmit(deps, actor, draft, draft.resubmits, costs);
  const open = (await deps.drafts.listForOwner(owner)).requests.filter((r) => OPEN.has(r.status)).length;
  if (open >= MAX_OPEN_REQUESTS) {
    return {
      ok: false,
      message: `You already have ${open} requests in review or awaiting a decision, the most one person can have at once. Your draft is kept: submit it when one of them is decided or withdrawn.`,
    };
  }
  const keyDecision = draft.content.decisionFacts.keyDecision === true;
  const routing = await routingFor(deps.settings, sender.tenantId);
  if (!routing) return { ok: false, message: NOT_SET_UP };
  const routed = routeRequest(routing, { directorate: draft.content.directorate ?? '', totalAnnualCostPence: costs.totalPence, keyDecision }, actor);
  if (!routed.ok) return { ok: false, message: routed.message };
  const person = (p: RoutedPerson) => ({
    tenantId: p.tenantId ?? sender.tenantId,
    aadObjectId: p.aadObjectId,
    name: p.name,
    ...(p.initials ? { initials: p.initials } : {}),
  });
  const { finance, hr, legal, decision: d } = routed.approvers;
  const approvers = {
    finance: person(finance),
    hr: person(hr),
    legal: person(legal),
    decision:
      d.kind === 'director'
        ? { kind: 'director' as const, person: person(d.person) }
        : { kind: 'committee' as const, name: d.name, recordedBy: person(d.recordedBy) },
    ...(routed.reroutes.length ? { reroutes: routed.reroutes.map((r) => ({ part: r.part, instead: person(r.instead), reason: r.reason })) } : {}),
  };
  // The alternate decider, and for a key decision democratic services and its forward plan notice (issue 31).
  const facts = keyDecisionFacts(
    routing,
    { directorate: draft.content.directorate ?? '', totalAnnualCostPence: costs.totalPence, keyDecision },
    approvers,
    actor,
    draft.content,
    costs,
  );
  const decision = decide(
    newWorkflow(actor),
    {
      type: 'submit',
      approvers: facts.approvers,
      openToCallIn: draft.content.decisionFacts.openToCallIn !== false,
      ...(facts.notice ? { notice: facts.notice } : {}),
    },
    actor,
    deps.workflow.now(),
  );
  if (!decision.ok) return { ok: false, message: decision.message };
  const now = deps.workflow.now();
  const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(now));
  // Taken only once the core has accepted the submission, so a refusal uses up no number.
  const prefix = routing.referencePrefix ?? DEFAULT_PREFIX;
  const reference = formatReference(year, await deps.sequence.next(year, prefix), prefix);
  try {
    const written = await deps.workflow.record({ reference, decision, now }, async (audit, notifications) => {
      const stored = await deps.requests.submitDraft(owner, draft, reference, decision.state, audit, now, notifications);
      deps.drafts.forget(owner, draft.draftId);
      return { stored };
    });
    return { ok: true, value: written.stored };
  } catch (e) {
    if (hasCode(e, 'DRAFT_CHANGED'))
      return { ok: false, message: 'This draft was submitted or changed a moment ago. Type **my requests** to see where it is.' };
    throw e;
  }
}

/** A revised draft goes back into its request as the new version, and review restarts. */
async function resubmit(deps: RequestDeps, actor: Person, draft: Draft, reference: string, costs: RequestCosts): Promise<Outcome<Stored>> {
  const current = await deps.requests.get(reference);
  if (!current) return { ok: false, message: `I can't find ${reference}.` };
  // Became a key decision on revision: it goes on the forward plan now (issue 31).
  const routing =
    draft.content.decisionFacts.keyDecision === true &&
    !current.workflow.forwardPlan &&
    current.workflow.approvers &&
    (await routingFor(deps.settings, actor.tenantId));
  const facts = routing ? revisionFacts(routing, draft.content.directorate ?? '', current.workflow.approvers!, actor, draft.content, costs) : {};
  const result = await deps.workflow.act(
    actor,
    reference,
    { type: 'resubmit', expectedVersion: current.workflow.version, ...facts },
    { content: draft.content, stored: current },
  );
  if (!result.ok) return { ok: false, message: result.message };
  await deps.drafts.discard(personKey(actor), draft.draftId);
  return { ok: true, value: result.stored };
}
