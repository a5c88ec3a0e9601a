import type { RoutingConfig } from '../../domain/routing';
import type { Person } from './sign-in-cookies';

/**
 * Everyone the routing names (reviewers, decision makers, alternates, scrutiny), once each:
 * whom the local signer offers to sign in as. Walks the whole document, so a part added to
 * the routing later is offered too.
 */
export function peopleFromRouting(routing: RoutingConfig, extra: readonly Person[] = []): Person[] {
  const found: Person[] = [...extra];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const p = node as Record<string, unknown>;
    if (typeof p.aadObjectId === 'string' && typeof p.name === 'string') {
      found.push({ tenantId: typeof p.tenantId === 'string' ? p.tenantId : routing.tenantId, aadObjectId: p.aadObjectId, name: p.name });
      return;
    }
    Object.values(p).forEach(visit);
  };
  visit(routing);
  const seen = new Set<string>();
  return found.filter((p) => {
    const key = `${p.tenantId.toLowerCase()}/${p.aadObjectId.toLowerCase()}`;
    return !seen.has(key) && !!seen.add(key);
  });
}

/**
 * People of the Agents Playground (.m365agentsplayground.yml) whom the routing does not
 * name: the officer who raises requests, and someone with no part in any, to see a refusal.
 */
export const PLAYGROUND_PEOPLE = [
  { aadObjectId: '00000000-0000-0000-0000-0000000000a1', name: 'Olivia Officer' },
  { aadObjectId: '00000000-0000-0000-0000-0000000000e9', name: 'Sid Stranger' },
] as const;

/** Whom the local signer offers in local mode: the Playground's people, then the routing's. */
export function localPeople(routing: RoutingConfig): Person[] {
  return peopleFromRouting(routing, PLAYGROUND_PEOPLE.map((p) => ({ ...p, tenantId: routing.tenantId })));
}
