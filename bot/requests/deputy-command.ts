import { compareDates, formatLongDate, londonDate } from '../../domain/calendar-date';
import { parseDate } from '../../domain/quick-entry';
import type { RoutedPerson } from '../../domain/routing';
import type { ActivitySender } from '../actor';
import type { RequestService } from './request-service';

/** Everyone the routing configuration names: deputies are chosen from them. */
function people(service: RequestService): RoutedPerson[] {
  const r = service.settings.routing;
  const routes = [r.default, ...Object.values(r.directorates)];
  return [...routes.flatMap((x) => [x.finance, x.hr, x.legal, x.director, x.committee.democraticServices]), ...r.scrutiny.members, r.scrutiny.officer];
}

/**
 * `deputy Dana Director from 1/12/2026 to 5/12/2026` names a deputy for the sender while
 * they are away; `deputy off` ends it. The deputy's actions are recorded on their behalf.
 */
export async function setDeputy(service: RequestService, sender: ActivitySender, argument: string): Promise<string> {
  const store = service.delegations;
  if (/^(off|none|clear|stop|end)$/i.test(argument.trim())) {
    return (await store.clear(sender.tenantId, sender.aadObjectId)) ? 'Your deputy arrangement has ended.' : 'You had no deputy named.';
  }
  const m = /^(.+?)\s+from\s+(.+?)\s+(?:to|until)\s+(.+)$/i.exec(argument.trim());
  if (!m) return 'Name your deputy and the dates you are away, e.g. **deputy Dana Director from 1/12/2026 to 5/12/2026** (or **deputy off**).';
  const [, name, fromText, toText] = m;
  const from = parseDate(fromText!);
  const to = parseDate(toText!);
  if (!from || !to) return `I couldn't read "${!from ? fromText : toText}" as a date: try 1/12/2026 or 1 December 2026.`;
  if (compareDates(to, from) < 0) return 'The end date is before the start date.';
  if (compareDates(to, londonDate(service.workflow.now())) < 0) return 'Those dates are already past.';
  const wanted = name!.trim().toLowerCase();
  const matches = people(service).filter((p, i, all) => p.name.toLowerCase() === wanted && all.findIndex((q) => q.aadObjectId === p.aadObjectId) === i);
  if (matches.length !== 1) return `I don't know "${name!.slice(0, 60)}" as someone who can deputise: use the full name of a colleague set up in the routing configuration.`;
  const deputy = matches[0]!;
  if (deputy.aadObjectId.toLowerCase() === sender.aadObjectId.toLowerCase()) return 'You cannot be your own deputy.';
  const tenantId = deputy.tenantId ?? service.settings.routing.tenantId;
  await store.set({ for: { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name }, deputy: { tenantId, aadObjectId: deputy.aadObjectId, name: deputy.name }, from, to });
  return `${deputy.name} is your deputy from ${formatLongDate(from)} to ${formatLongDate(to)}: they will get the cards for requests waiting on you, and what they do is recorded on your behalf.`;
}
