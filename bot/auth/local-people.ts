import type { Person } from '../../domain/person';
import { routedPeople, type RoutingConfig } from '../../domain/routing';

/**
 * People of the Agents Playground (.m365agentsplayground.yml) whom the routing does not
 * name: the officer who raises requests, and someone with no part in any, to see a refusal.
 */
export const PLAYGROUND_PEOPLE = [
  { aadObjectId: '00000000-0000-0000-0000-0000000000a1', name: 'Olivia Officer' },
  { aadObjectId: '00000000-0000-0000-0000-0000000000e9', name: 'Sid Stranger' },
] as const;

/** Whom the local signer offers in local mode: the Playground's people, then everyone the routing names, once each. */
export function localPeople(routing: RoutingConfig | undefined): Person[] {
  if (!routing) return [];
  const named = routedPeople(routing).map((p) => ({ tenantId: p.tenantId ?? routing.tenantId, aadObjectId: p.aadObjectId, name: p.name }));
  const all = [...PLAYGROUND_PEOPLE.map((p) => ({ ...p, tenantId: routing.tenantId })), ...named];
  return all.filter((p, i) => all.findIndex((q) => q.aadObjectId.toLowerCase() === p.aadObjectId.toLowerCase()) === i);
}
