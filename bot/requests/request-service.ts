import { checkDraft, type CheckOptions } from '../../domain/checks';
import { decide, newWorkflow, STATUS_LABELS, WorkflowStateSchema, type Actor, type WorkflowState } from '../../domain/lifecycle';
import type { PayTable } from '../../domain/pay-table';
import { resolveApprovers, type RoutedPerson, type RoutingConfig } from '../../domain/routing';
import { formatReference, parseReference } from '../../domain/reference';
import { DraftContentSchema, emptyDraft, type DraftContent } from '../../domain/request';
import { DraftConflictError, DraftRepository, RequestConflictError, RequestStore, type DraftRecord, type Owner, type StoredRequest } from '../../storage/request-repository';
import type { SequenceStore } from '../../storage/sequence';
import type { ActivitySender } from '../actor';

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

const titleOf = (c: DraftContent) => c.title ?? 'Untitled request';

/**
 * The officer's use cases, each a short function: it loads what it needs, asks the core
 * what is allowed, and writes with the etag it read.
 */
export class RequestService {
  readonly drafts: DraftRepository<DraftContent>;
  readonly requests: RequestStore<DraftContent, WorkflowState>;

  constructor(
    tables: { requests: ConstructorParameters<typeof DraftRepository>[0] },
    private readonly sequence: SequenceStore,
    readonly settings: { payTable?: PayTable; routing: RoutingConfig; checks: CheckOptions; now?: () => Date },
  ) {
    this.drafts = new DraftRepository(tables.requests, DraftContentSchema, titleOf);
    this.requests = new RequestStore(tables.requests, { content: DraftContentSchema, workflow: WorkflowStateSchema }, titleOf);
  }

  private now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  static owner(sender: ActivitySender): Owner {
    return { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId };
  }

  startDraft(sender: ActivitySender): Promise<DraftRecord<DraftContent>> {
    return this.drafts.create(RequestService.owner(sender), emptyDraft(), this.now());
  }

  async submit(sender: ActivitySender, draftId: string): Promise<Outcome<StoredRequest<DraftContent, WorkflowState>>> {
    const owner = RequestService.owner(sender);
    const draft = await this.drafts.get(owner, draftId);
    if (!draft) return { ok: false, message: 'That draft no longer exists: it may already have been submitted. Type **my requests** to see your requests.' };
    const { checks, costs } = checkDraft(draft.content, this.settings.checks);
    const errors = checks.filter((c) => c.severity === 'error');
    if (errors.length) return { ok: false, message: `Not yet: ${errors.map((e) => e.message).join(' ')}` };
    const actor: Actor = { ...owner, name: sender.name };
    const keyDecision = draft.content.decisionFacts.keyDecision === true;
    const routed = resolveApprovers(this.settings.routing, { directorate: draft.content.directorate ?? '', totalAnnualCostPence: costs.totalPence, keyDecision });
    const person = (p: RoutedPerson) => ({ tenantId: p.tenantId ?? sender.tenantId, aadObjectId: p.aadObjectId, name: p.name, ...(p.initials ? { initials: p.initials } : {}) });
    const approvers = {
      finance: person(routed.finance),
      hr: person(routed.hr),
      legal: person(routed.legal),
      decision: routed.decision.kind === 'director' ? { kind: 'director' as const, person: person(routed.decision.person) } : { kind: 'committee' as const, name: routed.decision.name, recordedBy: person(routed.decision.recordedBy) },
    };
    const decision = decide(newWorkflow(actor), { type: 'submit', approvers, openToCallIn: draft.content.decisionFacts.openToCallIn !== false }, actor, this.now());
    if (!decision.ok) return { ok: false, message: decision.message };
    const now = this.now();
    const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(now));
    const reference = formatReference(year, await this.sequence.next(year));
    try {
      return { ok: true, value: await this.requests.submitDraft(owner, draft, reference, decision.state, decision.audit, now) };
    } catch (e) {
      if (e instanceof DraftConflictError) return { ok: false, message: 'This draft was submitted or changed a moment ago. Type **my requests** to see where it is.' };
      throw e;
    }
  }

  /** A request the sender may see: for now, their own. */
  async find(sender: ActivitySender, typed: string): Promise<Outcome<StoredRequest<DraftContent, WorkflowState>>> {
    const reference = parseReference(typed);
    if (!reference) return { ok: false, message: `"${typed.slice(0, 40)}" is not a request reference: they look like ECR-2026-0001.` };
    const found = await this.requests.get(reference);
    const owner = RequestService.owner(sender);
    if (!found || found.workflow.requester.aadObjectId.toLowerCase() !== owner.aadObjectId.toLowerCase() || found.workflow.requester.tenantId.toLowerCase() !== owner.tenantId.toLowerCase()) {
      // The same answer whether it does not exist or is not theirs: references are guessable.
      return { ok: false, message: `I can't find ${reference} among the requests you can see.` };
    }
    return { ok: true, value: found };
  }

  async withdraw(sender: ActivitySender, typed: string): Promise<Outcome<StoredRequest<DraftContent, WorkflowState>>> {
    const found = await this.find(sender, typed);
    if (!found.ok) return found;
    const current = found.value;
    const actor: Actor = { ...RequestService.owner(sender), name: sender.name };
    const decision = decide(current.workflow, { type: 'withdraw', expectedVersion: current.workflow.version }, actor, this.now());
    if (!decision.ok) return { ok: false, message: decision.message };
    try {
      return { ok: true, value: await this.requests.transition(RequestService.owner(sender), current, decision.state, decision.audit, this.now()) };
    } catch (e) {
      if (e instanceof RequestConflictError) return { ok: false, message: `${current.reference} changed at the same moment; please try again.` };
      throw e;
    }
  }

  statusLabel(workflow: WorkflowState): string {
    return STATUS_LABELS[workflow.status];
  }
}
