import type { Person } from '../domain/lifecycle';
import { findRequest } from './find-request';
import type { Outcome } from './outcome';
import type { Stored } from './ports/requests';
import type { RequestDeps } from './request-deps';

/** Withdraws a request the sender can see, as just read (the core decides whether they may). */
export async function withdrawRequest(deps: Pick<RequestDeps, 'workflow'>, sender: Person, typed: string): Promise<Outcome<Stored>> {
  const found = await findRequest(deps, sender, typed);
  if (!found.ok) return found;
  const { stored, rules } = found.value;
  const result = await deps.workflow.act(sender, stored.reference, { type: 'withdraw', expectedVersion: stored.workflow.version }, { stored, rules });
  return result.ok ? { ok: true, value: result.stored } : { ok: false, message: result.message };
}
