import type { Person } from '../../domain/person';
import { addDays, compareDates, formatLongDate, londonDate, type CalendarDate } from '../../domain/calendar-date';
import { inRange } from '../../domain/access';
import { parseDate } from '../../domain/quick-entry';
import { partsHeld, routedPeople } from '../../domain/routing';
import { routingFor } from '../../app/request-rules';

import type { RequestService } from '../../app/request-service';
import type { ChatCommand } from './chat-command';

/** `deputy`: names, shows or ends the sender's deputy (setDeputy). */
export const deputy: ChatCommand<'deputy'> = {
  name: 'deputy',
  usage: 'deputy Cara Chief Executive from 1/12/2026 to 5/12/2026',
  description: 'Reviewers, deciders and scrutiny: name a deputy while you are away (deputy shows it, deputy off ends it)',
  words: ['deputy'],
  argument: 'optional',
  topics: ['deputy', 'away', 'holiday', 'leave', 'absence', 'cover', 'delegate', 'on my behalf'],
  midDialogue: 'ask-again',
  async run({ context, service, sender }, argument) {
    await context.sendActivity(await setDeputy(service, sender, argument));
  },
};

/** Longest appointment: a deputy covers an absence, not a standing arrangement. */
const MAX_DAYS = 92;

/**
 * `deputy Dana Director from 1/12/2026 to 5/12/2026` names a deputy for the sender while
 * they are away; `deputy off` ends it; `deputy` alone shows both sides of any arrangement.
 * A deputy must be able to hold the same part (another finance reviewer for a finance
 * reviewer, another director or the alternate for a director); the lifecycle still stops
 * them acting on a request where they hold another part. Every change is recorded.
 */
async function setDeputy(service: RequestService, sender: Person, argument: string): Promise<string> {
  const store = service.delegations;
  const routing = await routingFor(service.settings, sender.tenantId);
  const now = service.workflow.now();
  const me = { aadObjectId: sender.aadObjectId, name: sender.name };
  if (!argument.trim() || /^(status|show|who)$/i.test(argument.trim())) return describe(service, sender);
  if (/^(off|none|clear|stop|end)$/i.test(argument.trim())) {
    const ended = await store.clear(sender.tenantId, sender.aadObjectId);
    if (ended) await store.record(sender.tenantId, { action: 'ended', by: me }, now);
    return ended ? 'Your deputy arrangement has ended.' : 'You had no deputy named.';
  }
  if (!routing) return "Your council's reviewers and decision makers are not set up yet, so nobody can deputise.";
  const mine = partsHeld(routing, sender);
  if (!mine.size) return 'Only people who review, decide or scrutinise requests can name a deputy.';
  const m = /^(.+?)\s+from\s+(.+?)\s+(?:to|until)\s+(.+)$/i.exec(argument.trim());
  if (!m) return 'Name your deputy and the dates you are away, e.g. **deputy Dana Director from 1/12/2026 to 5/12/2026** (or **deputy off**).';
  const [, name, fromText, toText] = m;
  const from = parseDate(fromText!);
  const to = parseDate(toText!);
  if (!from || !to) return `I couldn't read "${!from ? fromText : toText}" as a date: try 1/12/2026 or 1 December 2026.`;
  if (compareDates(to, from) < 0) return 'The end date is before the start date.';
  if (compareDates(to, londonDate(now)) < 0) return 'Those dates are already past.';
  if (compareDates(to, addDays(from, MAX_DAYS - 1)) > 0) return `A deputy covers at most ${MAX_DAYS} days at a time: name them again for a later period.`;
  const wanted = name!.trim().toLowerCase();
  const matches = routedPeople(routing).filter((p) => p.name.toLowerCase() === wanted);
  if (matches.length !== 1)
    return `I don't know "${name!.slice(0, 60)}" as someone who can deputise: use the full name of a colleague named in the council's settings.`;
  const deputy = matches[0]!;
  if (deputy.aadObjectId.toLowerCase() === sender.aadObjectId.toLowerCase()) return 'You cannot be your own deputy.';
  const theirs = partsHeld(routing, deputy);
  if (![...mine].some((part) => theirs.has(part)))
    return `${deputy.name} does not hold the same part as you in the routing, so cannot deputise for you: choose someone who could take your part.`;
  const delegation = {
    for: { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name },
    deputy: { tenantId: deputy.tenantId ?? routing.tenantId, aadObjectId: deputy.aadObjectId, name: deputy.name },
    from,
    to,
  };
  await store.set(delegation);
  await store.record(sender.tenantId, { action: 'appointed', by: me, delegation }, now);
  return `${deputy.name} is your deputy from ${formatLongDate(from)} to ${formatLongDate(to)}: they will get the cards for requests waiting on you, and what they do is recorded on your behalf. They cannot act on a request where they already hold another part.`;
}

/** Both sides: whom the sender named, and whom they cover. */
async function describe(service: RequestService, sender: Person): Promise<string> {
  const all = await service.delegations.list(sender.tenantId);
  const today = londonDate(service.workflow.now());
  const same = (a: { aadObjectId: string }) => a.aadObjectId.toLowerCase() === sender.aadObjectId.toLowerCase();
  const when = (d: { from: string; to: string }) =>
    `from ${formatLongDate(d.from as CalendarDate)} to ${formatLongDate(d.to as CalendarDate)}${inRange(d, today) ? ' (in place now)' : ''}`;
  const lines = [
    ...all.filter((d) => same(d.for) && compareDates(d.to as CalendarDate, today) >= 0).map((d) => `- Your deputy is ${d.deputy.name}, ${when(d)}.`),
    ...all.filter((d) => same(d.deputy) && compareDates(d.to as CalendarDate, today) >= 0).map((d) => `- You deputise for ${d.for.name}, ${when(d)}.`),
  ];
  return lines.length
    ? `Deputy arrangements:\n\n${lines.join('\n')}`
    : "You have no deputy named, and you are nobody's deputy. To name one: **deputy Name from 1/12/2026 to 5/12/2026**.";
}
