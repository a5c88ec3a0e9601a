import type { Person } from '../domain/lifecycle';
import { findRequest } from './find-request';
import type { Outcome } from './outcome';
import type { RequestDeps } from './request-deps';

/** The audit trail, oldest first, for those allowed to see the whole request. */
export async function requestHistory(
  deps: Pick<RequestDeps, 'workflow' | 'requests'>,
  sender: Person,
  typed: string,
): Promise<Outcome<{ reference: string; entries: unknown[] }>> {
  const found = await findRequest(deps, sender, typed);
  if (!found.ok) return found;
  const { reference } = found.value.stored;
  const rows = await deps.requests.audit(reference);
  return { ok: true, value: { reference, entries: rows.map((r) => r.entry) } };
}
