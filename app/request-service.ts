import { personKey } from '../domain/person';
import type { Person } from '../domain/lifecycle';
import { findRequest, type Found } from './find-request';
import type { Outcome } from './outcome';
import type { Draft, Drafts } from './ports/drafts';
import type { DecisionListings, Delegations, ReferenceSequence, Requests, Stored } from './ports/requests';
import type { Schedule } from './ports/schedule';
import type { ForwardPlanListings } from './ports/forward-plan';
import { raiseDraft } from './raise-draft';
import type { ChangeListener } from './record-change';
import type { RequestDeps, RequestSettings } from './request-deps';
import { requestHistory } from './request-history';
import { reviseRequest } from './revise-request';
import { submitDraft } from './submit-draft';
import { withdrawRequest } from './withdraw-request';
import { WorkflowService } from './workflow-service';

export type { Found } from './find-request';
export type { Outcome } from './outcome';
export type { RequestSettings } from './request-deps';
export { MAX_OPEN_REQUESTS } from './submit-draft';

/** The stores the requests' use cases are built from (storage/ implements them; bot/start.ts opens them). */
export interface RequestPorts {
  drafts: Drafts;
  requests: Requests;
  sequence: ReferenceSequence;
  decisions: DecisionListings;
  delegations: Delegations;
  schedule: Pick<Schedule, 'add'>;
  /** The forward plan of key decisions; absent where nothing lists it. */
  forwardPlan?: ForwardPlanListings;
}

/**
 * The officer's use cases as the bot calls them, each a module of its own: raise a draft
 * (raise-draft.ts), submit it (submit-draft.ts), find, revise, withdraw a request and read
 * its history. Every change goes through the one workflow (workflow-service.ts), which
 * tells `changed` of each.
 */
export class RequestService {
  readonly drafts: Drafts;
  readonly decisions: Pick<DecisionListings, 'newest'>;
  readonly delegations: Delegations;
  readonly forwardPlan: Pick<ForwardPlanListings, 'list'> | undefined;
  readonly workflow: WorkflowService;
  private readonly deps: RequestDeps;

  constructor(
    ports: RequestPorts,
    readonly settings: RequestSettings,
    changed: ChangeListener = () => undefined,
  ) {
    this.drafts = ports.drafts;
    this.decisions = ports.decisions;
    this.delegations = ports.delegations;
    this.forwardPlan = ports.forwardPlan;
    this.workflow = new WorkflowService(
      ports,
      { councils: settings.councils, configuredAdministrators: settings.configuredAdministrators, calendar: settings.calendar, now: settings.now },
      changed,
    );
    this.deps = { drafts: ports.drafts, requests: ports.requests, sequence: ports.sequence, workflow: this.workflow, settings };
  }

  startDraft(sender: Person): Promise<Outcome<Draft>> {
    return raiseDraft(this.deps, personKey(sender));
  }

  /** Submits `draft` as read (its etag guards the claim): exactly the version the officer saw, or nothing. */
  submit(sender: Person, draft: Draft): Promise<Outcome<Stored>> {
    return submitDraft(this.deps, sender, draft);
  }

  revise(sender: Person, typed: string): Promise<Outcome<Draft>> {
    return reviseRequest(this.deps, sender, typed);
  }

  history(sender: Person, typed: string): Promise<Outcome<{ reference: string; entries: unknown[] }>> {
    return requestHistory(this.deps, sender, typed);
  }

  find(sender: Person, typed: string, least: 'full' | 'public' = 'full'): Promise<Outcome<Found>> {
    return findRequest(this.deps, sender, typed, least);
  }

  withdraw(sender: Person, typed: string): Promise<Outcome<Stored>> {
    return withdrawRequest(this.deps, sender, typed);
  }
}
