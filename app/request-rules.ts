import type { Rules } from '../domain/lifecycle';
import type { RoutingConfig } from '../domain/routing';
import type { WorkingCalendar } from '../domain/working-days';
import type { Delegations } from './ports/requests';
import type { Clock } from './ports/runtime';

export interface WorkflowSettings {
  routing: RoutingConfig;
  calendar: WorkingCalendar;
  now?: Clock;
}

/** Deputies are kept under tenant ids that are GUIDs (storage/delegations.ts): any other tenant has none. */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The council's rules the lifecycle decides by, with the deputies named in `tenantId`. */
export async function rulesFor(delegations: Pick<Delegations, 'list'>, settings: WorkflowSettings, tenantId: string): Promise<Rules> {
  const s = settings.routing.scrutiny;
  const person = (p: { aadObjectId: string; tenantId?: string; name: string; initials?: string }) => ({
    tenantId: p.tenantId ?? settings.routing.tenantId,
    aadObjectId: p.aadObjectId,
    name: p.name,
    ...(p.initials ? { initials: p.initials } : {}),
  });
  const deputies = GUID.test(tenantId) ? await delegations.list(tenantId) : [];
  return {
    calendar: settings.calendar,
    callInWorkingDays: s.callInWorkingDays,
    minimumMembersToCallIn: s.minimumMembersToCallIn,
    scrutinyMembers: s.members.map(person),
    scrutinyOfficer: person(s.officer),
    deputies,
  };
}
