import { visibility } from '../domain/access';
import type { Person, Rules } from '../domain/lifecycle';
import { parseReference } from '../domain/reference';
import type { Outcome } from './outcome';
import type { Stored } from './ports/requests';
import type { RequestDeps } from './request-deps';

/** A request the sender may see, with the rules it was judged by (reused by what follows). */
export interface Found {
  stored: Stored;
  rules: Rules;
}

/**
 * A request as the sender may see it in their 1:1 chat (domain/access.ts): the whole of
 * it (theirs, or one they review, decide or scrutinise), or with `least: 'public'` also
 * the public summary of a published decision. The same answer whether it does not exist
 * or is not theirs: references are guessable.
 */
export async function findRequest(
  deps: Pick<RequestDeps, 'workflow'>,
  sender: Person,
  typed: string,
  least: 'full' | 'public' = 'full',
): Promise<Outcome<Found>> {
  const reference = parseReference(typed);
  if (!reference) return { ok: false, message: `"${typed.slice(0, 40)}" is not a request reference: they look like ECR-2026-0001.` };
  const found = await deps.workflow.load(reference, sender.tenantId);
  const view = found ? visibility(found.stored.workflow, sender, 'personal', deps.workflow.now(), found.rules) : 'none';
  if (!found || view === 'none' || (least === 'full' && view !== 'full')) {
    return { ok: false, message: `I can't find ${reference} among the requests you can see.` };
  }
  return { ok: true, value: found };
}
