import type { PersonKey } from '../domain/person';
import { emptyDraft, type RequestContent } from '../domain/request';
import type { Outcome } from './outcome';
import type { Draft } from './ports/drafts';
import { hasCode } from './ports/errors';
import type { RequestDeps } from './request-deps';

/** A new draft (empty, or a returned request's content to revise); refused past the officer's cap on drafts. */
export async function raiseDraft(
  deps: Pick<RequestDeps, 'drafts' | 'workflow'>,
  owner: PersonKey,
  content: RequestContent = emptyDraft(),
  options: { resubmits?: string } = {},
): Promise<Outcome<Draft>> {
  try {
    return { ok: true, value: await deps.drafts.create(owner, content, deps.workflow.now(), options) };
  } catch (e) {
    if (hasCode(e, 'TOO_MANY_DRAFTS')) return { ok: false, message: e.message };
    throw e;
  }
}
