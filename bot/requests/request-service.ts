import { checkDraft, type CheckOptions } from '../../domain/checks';
import type { TableClient } from '@azure/data-tables';
import { decide, isSamePerson, newWorkflow, STATUS_LABELS, WorkflowStateSchema, type Actor, type Rules, type WorkflowState } from '../../domain/lifecycle';
import { notificationsFor } from '../../domain/notifications';
import type { WorkingCalendar } from '../../domain/working-days';
import { DelegationStore } from '../../storage/delegations';
import { DigestStore } from '../../storage/digest-store';
import { ScheduleStore } from '../../storage/schedule';
import { WorkflowService, type ChangeListener } from '../workflow/workflow-service';
import type { PayTable } from '../../domain/pay-table';
import { routeRequest, type RoutedPerson, type RoutingConfig } from '../../domain/routing';
import { formatReference, parseReference } from '../../domain/reference';
import { DraftContentSchema, emptyDraft, type DraftContent } from '../../domain/request';
import { DraftConflictError, DraftRepository, type DraftRecord, type Owner } from '../../storage/draft-repository';
import { OutboxStore } from '../../storage/outbox-store';
import { PostedCardStore } from '../../storage/posted-cards';
import { PublishedDecisions } from '../../storage/published-decisions';
import { RequestStore, type StoredRequest } from '../../storage/request-store';
import { TooManyDraftsError } from '../../storage/officer-listing';
import type { SequenceStore } from '../../storage/sequence';
import type { ActivitySender } from '../actor';
import { visibility } from '../../domain/access';

export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** A request the sender may see, with the rules it was judged by (reused by what follows). */
export interface Found {
  stored: StoredRequest<DraftContent, WorkflowState>;
  rules: Rules;
}

const titleOf = (c: DraftContent) => c.title ?? 'Untitled request';

/**
 * Requests one officer may have in review or awaiting a decision at once. Each submission
 * sends three reviewers a card: a cap keeps a mistaken or hostile loop from flooding them.
 */
export const MAX_OPEN_REQUESTS = 20;
const OPEN: ReadonlySet<string> = new Set(['submitted', 'in_review', 'awaiting_decision']);

/**
 * The officer's use cases, each a short function: it loads what it needs, asks the core
 * what is allowed, and writes with the etag it read.
 */
export class RequestService {
  readonly drafts: DraftRepository<DraftContent>;
  readonly requests: RequestStore<DraftContent, WorkflowState>;
  readonly outbox: OutboxStore;
  readonly posts: PostedCardStore;
  readonly decisions: PublishedDecisions;

  readonly workflow: WorkflowService;

  constructor(
    tables: { requests: TableClient; schedule: TableClient; delegations: TableClient },
    private readonly sequence: SequenceStore,
    readonly settings: { payTable?: PayTable; routing: RoutingConfig; checks: CheckOptions; calendar: WorkingCalendar; now?: () => Date },
    changed: ChangeListener = () => undefined,
  ) {
    this.drafts = new DraftRepository(tables.requests, DraftContentSchema, titleOf);
    this.requests = new RequestStore(tables.requests, { content: DraftContentSchema, workflow: WorkflowStateSchema }, titleOf);
    this.outbox = new OutboxStore(tables.requests);
    this.posts = new PostedCardStore(tables.requests);
    this.decisions = new PublishedDecisions(tables.requests);
    this.schedule = new ScheduleStore(tables.schedule);
    this.digests = new DigestStore(tables.schedule);
    this.delegations = new DelegationStore(tables.delegations);
    this.workflow = new WorkflowService(this.requests, this.schedule, this.delegations, { routing: settings.routing, calendar: settings.calendar, now: settings.now }, (reference, written) => this.changed(reference, written));
    this.changed = changed;
  }

  readonly schedule: ScheduleStore;
  readonly digests: DigestStore;
  readonly delegations: DelegationStore;
  /** Called after every change of a request (the outbox dispatcher drains it). */
  changed: ChangeListener;

  private now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  static owner(sender: ActivitySender): Owner {
    return { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId };
  }

  async startDraft(sender: ActivitySender): Promise<Outcome<DraftRecord<DraftContent>>> {
    return this.newDraft(RequestService.owner(sender), emptyDraft());
  }

  private async newDraft(owner: Owner, content: DraftContent, options: { resubmits?: string } = {}): Promise<Outcome<DraftRecord<DraftContent>>> {
    try {
      return { ok: true, value: await this.drafts.create(owner, content, this.now(), options) };
    } catch (e) {
      if (e instanceof TooManyDraftsError) return { ok: false, message: e.message };
      throw e;
    }
  }

  /** Submits `draft` as read (its etag guards the claim): exactly the version the officer saw, or nothing. */
  async submit(sender: ActivitySender, draft: DraftRecord<DraftContent>): Promise<Outcome<StoredRequest<DraftContent, WorkflowState>>> {
    const owner = RequestService.owner(sender);
    const { checks, costs } = checkDraft(draft.content, this.settings.checks);
    const errors = checks.filter((c) => c.severity === 'error');
    if (errors.length) return { ok: false, message: `Not yet: ${errors.map((e) => e.message).join(' ')}` };
    const actor: Actor = { ...owner, name: sender.name };
    if (draft.resubmits) return this.resubmit(actor, draft);
    const open = (await this.drafts.listForOwner(owner)).requests.filter((r) => OPEN.has(r.status)).length;
    if (open >= MAX_OPEN_REQUESTS) {
      return { ok: false, message: `You already have ${open} requests in review or awaiting a decision, the most one person can have at once. Your draft is kept: submit it when one of them is decided or withdrawn.` };
    }
    const keyDecision = draft.content.decisionFacts.keyDecision === true;
    const routed = routeRequest(this.settings.routing, { directorate: draft.content.directorate ?? '', totalAnnualCostPence: costs.totalPence, keyDecision }, actor);
    if (!routed.ok) return { ok: false, message: routed.message };
    const person = (p: RoutedPerson) => ({ tenantId: p.tenantId ?? sender.tenantId, aadObjectId: p.aadObjectId, name: p.name, ...(p.initials ? { initials: p.initials } : {}) });
    const { finance, hr, legal, decision: d } = routed.approvers;
    const approvers = {
      finance: person(finance),
      hr: person(hr),
      legal: person(legal),
      decision: d.kind === 'director' ? { kind: 'director' as const, person: person(d.person) } : { kind: 'committee' as const, name: d.name, recordedBy: person(d.recordedBy) },
      ...(routed.reroutes.length ? { reroutes: routed.reroutes.map((r) => ({ part: r.part, instead: person(r.instead), reason: r.reason })) } : {}),
    };
    const decision = decide(newWorkflow(actor), { type: 'submit', approvers, openToCallIn: draft.content.decisionFacts.openToCallIn !== false }, actor, this.now());
    if (!decision.ok) return { ok: false, message: decision.message };
    const now = this.now();
    const year = Number(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric' }).format(now));
    const reference = formatReference(year, await this.sequence.next(year));
    const notifications = notificationsFor(reference, decision.state, decision.audit, decision.events);
    await this.schedule.add(this.workflow.followUps(reference, decision, notifications, now));
    try {
      const stored = await this.requests.submitDraft(owner, draft, reference, decision.state, decision.audit, now, notifications);
      this.drafts.forget(owner, draft.draftId);
      this.changed(reference);
      return { ok: true, value: stored };
    } catch (e) {
      if (e instanceof DraftConflictError) return { ok: false, message: 'This draft was submitted or changed a moment ago. Type **my requests** to see where it is.' };
      throw e;
    }
  }

  /** A revised draft goes back into its request as the new version, and review restarts. */
  private async resubmit(actor: Actor, draft: DraftRecord<DraftContent>): Promise<Outcome<StoredRequest<DraftContent, WorkflowState>>> {
    const reference = draft.resubmits!;
    const current = await this.requests.get(reference);
    if (!current) return { ok: false, message: `I can't find ${reference}.` };
    const result = await this.workflow.act(actor, reference, { type: 'resubmit', expectedVersion: current.workflow.version }, { content: draft.content, stored: current });
    if (!result.ok) return { ok: false, message: result.message };
    await this.drafts.discard(RequestService.owner(actor), draft.draftId);
    return { ok: true, value: result.stored };
  }

  /** Opens a returned request as a draft of its next version, for the officer to change. */
  async revise(sender: ActivitySender, typed: string): Promise<Outcome<DraftRecord<DraftContent>>> {
    const found = await this.find(sender, typed);
    if (!found.ok) return found;
    const { reference, workflow, content } = found.value.stored;
    if (!isSamePerson(workflow.requester, sender)) return { ok: false, message: `Only the requester, ${workflow.requester.name}, can revise ${reference}.` };
    if (workflow.status !== 'returned') return { ok: false, message: `${reference} is ${STATUS_LABELS[workflow.status].toLowerCase()}: only a request returned for changes can be revised.` };
    const owner = RequestService.owner(sender);
    const { drafts } = await this.drafts.listForOwner(owner);
    const listed = drafts.find((d) => d.resubmits === reference);
    const existing = listed && (await this.drafts.get(owner, listed.draftId));
    return existing ? { ok: true, value: existing } : this.newDraft(owner, content, { resubmits: reference });
  }

  /** The audit trail, oldest first, for those allowed to see the request. */
  async history(sender: ActivitySender, typed: string): Promise<Outcome<{ reference: string; entries: unknown[] }>> {
    const found = await this.find(sender, typed);
    if (!found.ok) return found;
    const { reference } = found.value.stored;
    const rows = await this.requests.audit(reference);
    return { ok: true, value: { reference, entries: rows.map((r) => r.entry) } };
  }

  /**
   * A request as the sender may see it in their 1:1 chat (domain/access.ts): the whole of
   * it (theirs, or one they review, decide or scrutinise), or with `least: 'public'` also
   * the public summary of a published decision. The same answer whether it does not exist
   * or is not theirs: references are guessable.
   */
  async find(sender: ActivitySender, typed: string, least: 'full' | 'public' = 'full'): Promise<Outcome<Found>> {
    const reference = parseReference(typed);
    if (!reference) return { ok: false, message: `"${typed.slice(0, 40)}" is not a request reference: they look like ECR-2026-0001.` };
    const found = await this.workflow.load(reference, sender.tenantId);
    const actor: Actor = { ...RequestService.owner(sender), name: sender.name };
    const view = found ? visibility(found.stored.workflow, actor, 'personal', this.now(), found.rules) : 'none';
    if (!found || view === 'none' || (least === 'full' && view !== 'full')) {
      return { ok: false, message: `I can't find ${reference} among the requests you can see.` };
    }
    return { ok: true, value: found };
  }

  async withdraw(sender: ActivitySender, typed: string): Promise<Outcome<StoredRequest<DraftContent, WorkflowState>>> {
    const found = await this.find(sender, typed);
    if (!found.ok) return found;
    const { stored, rules } = found.value;
    const actor: Actor = { ...RequestService.owner(sender), name: sender.name };
    const result = await this.workflow.act(actor, stored.reference, { type: 'withdraw', expectedVersion: stored.workflow.version }, { stored, rules });
    return result.ok ? { ok: true, value: result.stored } : { ok: false, message: result.message };
  }
}
