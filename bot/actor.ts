import type { Person } from '../domain/person';
import type { Activity } from 'botbuilder';

export function activityTenantId(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData) return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation ? fromConversation : undefined;
}

export function activitySender(activity: Partial<Activity>): Person | undefined {
  const aadObjectId = activity.from?.aadObjectId;
  const tenantId = activityTenantId(activity);
  if (typeof aadObjectId !== 'string' || !aadObjectId || !tenantId) return undefined;
  return { aadObjectId, tenantId, name: typeof activity.from?.name === 'string' ? activity.from.name.slice(0, 200) : '' };
}
