import type { Person, Command, Rules } from '../domain/lifecycle';
import { actOnRequest, type ActContext, type ActDeps, type ActResult } from './act-on-request';
import type { DecisionListings, Delegations, Requests, Stored, WrittenChange } from './ports/requests';
import type { Schedule } from './ports/schedule';
import type { ForwardPlanListings } from './ports/forward-plan';
import { recordChange, type Change, type ChangeListener, type WriteChange } from './record-change';
import { rulesFor, type WorkflowSettings } from './request-rules';

export type { ActContext, ActResult } from './act-on-request';
export type { ChangeListener, Written } from './record-change';
export type { WorkflowSettings } from './request-rules';

export interface WorkflowPorts {
  requests: Pick<Requests, 'get' | 'transition' | 'auditRefusal'>;
  schedule: Pick<Schedule, 'add'>;
  delegations: Pick<Delegations, 'list'>;
  decisions: Pick<DecisionListings, 'record'>;
  forwardPlan?: Pick<ForwardPlanListings, 'record'>;
}

/**
 * The requests' workflow as the edges reach it: a request with its rules, a command run
 * against it (act-on-request.ts), the change every path writes the same way
 * (record-change.ts), and the clock they all read.
 */
export class WorkflowService {
  private readonly deps: ActDeps;

  constructor(
    private readonly ports: WorkflowPorts,
    readonly settings: WorkflowSettings,
    changed: ChangeListener = () => undefined,
  ) {
    this.deps = {
      requests: ports.requests,
      schedule: ports.schedule,
      decisions: ports.decisions,
      ...(ports.forwardPlan ? { forwardPlan: ports.forwardPlan } : {}),
      settings,
      changed,
      rules: (tenantId) => this.rules(tenantId),
      now: () => this.now(),
    };
  }

  now(): Date {
    return this.settings.now?.() ?? new Date();
  }

  rules(tenantId: string): Promise<Rules> {
    return rulesFor(this.ports.delegations, this.settings, tenantId);
  }

  /**
   * The request and its rules, read at the same time: the rules for the sender's tenant,
   * which is the requester's in every case where the sender may see or act on it at all.
   */
  async load(reference: string, senderTenantId: string): Promise<{ stored: Stored; rules: Rules } | undefined> {
    const senderRules = this.rules(senderTenantId);
    senderRules.catch(() => undefined);
    const stored = await this.ports.requests.get(reference);
    if (!stored) return undefined;
    const tenantId = stored.workflow.requester.tenantId;
    return { stored, rules: await (tenantId === senderTenantId ? senderRules : this.rules(tenantId)) };
  }

  act(actor: Person, reference: string, command: Command, context: ActContext = {}): Promise<ActResult> {
    return actOnRequest(this.deps, actor, reference, command, context);
  }

  /** Records a change the core accepted outside `act` (a new request's submission), the same way. */
  record(change: Change, write: WriteChange): Promise<WrittenChange> {
    return recordChange(this.deps, change, write);
  }

  /** Keeps a refused attempt (someone not allowed tried to act) on the request's record. */
  recordRefusal(stored: Stored, entry: object): Promise<void> {
    return this.ports.requests.auditRefusal(stored.reference, stored.workflow.version, entry, this.now());
  }
}
