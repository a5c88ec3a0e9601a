import { personKey } from '../domain/person';
import { isSamePerson, STATUS_LABELS, type Person } from '../domain/lifecycle';
import { findRequest } from './find-request';
import type { Outcome } from './outcome';
import type { Draft } from './ports/drafts';
import { raiseDraft } from './raise-draft';
import type { RequestDeps } from './request-deps';

/** Opens a returned request as a draft of its next version, for the officer to change (the one already open, if any). */
export async function reviseRequest(deps: Pick<RequestDeps, 'workflow' | 'drafts'>, sender: Person, typed: string): Promise<Outcome<Draft>> {
  const found = await findRequest(deps, sender, typed);
  if (!found.ok) return found;
  const { reference, workflow, content } = found.value.stored;
  if (!isSamePerson(workflow.requester, sender)) return { ok: false, message: `Only the requester, ${workflow.requester.name}, can revise ${reference}.` };
  if (workflow.status !== 'returned')
    return { ok: false, message: `${reference} is ${STATUS_LABELS[workflow.status].toLowerCase()}: only a request returned for changes can be revised.` };
  const owner = personKey(sender);
  const { drafts } = await deps.drafts.listForOwner(owner);
  const listed = drafts.find((d) => d.resubmits === reference);
  const existing = listed && (await deps.drafts.get(owner, listed.draftId));
  return existing ? { ok: true, value: existing } : raiseDraft(deps, owner, content, { resubmits: reference });
}
