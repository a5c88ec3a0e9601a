import { sameName, type Scope } from './establishment';
import type { Person } from './person';
import type { RoutedPerson, RoutingConfig } from './routing';

/**
 * Who may see a directorate's, service's or team's establishment: administrators (democratic
 * services), and the finance and HR reviewers and the director who act for that directorate
 * in the routing (their alternates too). Decided here alone, from the signed-in person and
 * the configuration, never from anything a card sent.
 */
export function mayViewEstablishment(viewer: Person, scope: Scope, routing: RoutingConfig | undefined, isAdministrator: boolean): boolean {
  if (isAdministrator) return true;
  if (!routing || routing.tenantId.toLowerCase() !== viewer.tenantId.toLowerCase()) return false;
  const named = Object.entries(routing.directorates).find(([name]) => sameName(name, scope.unit.directorate));
  const route = named?.[1] ?? routing.default;
  const people: Array<RoutedPerson | undefined> = [
    route.finance,
    route.hr,
    route.director,
    route.alternates.finance,
    route.alternates.hr,
    route.alternates.director,
  ];
  return people.some((p) => p?.aadObjectId.toLowerCase() === viewer.aadObjectId.toLowerCase());
}
