import type { PersonKey } from '../domain/person';
import type { CheckOptions } from '../domain/checks';
import type { Person } from '../domain/lifecycle';
import type { PayTable } from '../domain/pay-table';
import type { Drafts } from './ports/drafts';
import type { ReferenceSequence, Requests } from './ports/requests';
import type { WorkflowSettings } from './request-rules';
import type { WorkflowService } from './workflow-service';

export interface RequestSettings extends WorkflowSettings {
  payTable?: PayTable;
  checks: CheckOptions;
}

/** What the officer's use cases (raise, submit, find, revise, withdraw, history) are built from. */
export interface RequestDeps {
  drafts: Drafts;
  requests: Pick<Requests, 'get' | 'submitDraft' | 'audit'>;
  sequence: ReferenceSequence;
  workflow: Pick<WorkflowService, 'act' | 'load' | 'record' | 'now'>;
  settings: RequestSettings;
}

/** Whose partition a person's drafts are kept in. */
export const ownerOf = (person: Pick<Person, 'tenantId' | 'aadObjectId'>): PersonKey => ({ tenantId: person.tenantId, aadObjectId: person.aadObjectId });

/** The person as the lifecycle records them acting. */
export const actorOf = (sender: Person): Person => ({ ...ownerOf(sender), name: sender.name });
