import type { Activity } from 'botbuilder';
import type { Surface } from '../domain/access';

/**
 * Where an activity came from, for the access policy. Anything Teams does not mark as a
 * 1:1 chat or a channel (a group chat, or no type at all) counts as a group: the least
 * private surface is assumed, never the most.
 */
export function surfaceOf(activity: Partial<Activity>): Exclude<Surface, 'download'> {
  const type = activity.conversation?.conversationType;
  if (type === 'personal') return 'personal';
  return type === 'channel' ? 'channel' : 'group';
}
