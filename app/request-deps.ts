import type { CheckOptions } from '../domain/checks';
import type { Drafts } from './ports/drafts';
import type { ReferenceSequence, Requests } from './ports/requests';
import type { WorkflowSettings } from './request-rules';
import type { WorkflowService } from './workflow-service';

export interface RequestSettings extends WorkflowSettings {
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
