import type { Activity } from 'botbuilder';

/** The authenticated sender of an activity: who acts is decided from this, never from card data. */
export interface ActivitySender {
  aadObjectId: string;
  tenantId: string;
  name: string;
}

export function activityTenantId(activity: Partial<Activity>): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const fromChannelData = channelData?.tenant?.id;
  if (typeof fromChannelData === 'string' && fromChannelData) return fromChannelData;
  const fromConversation = activity.conversation?.tenantId;
  return typeof fromConversation === 'string' && fromConversation ? fromConversation : undefined;
}

export function activitySender(activity: Partial<Activity>): ActivitySender | undefined {
  const aadObjectId = activity.from?.aadObjectId;
  const tenantId = activityTenantId(activity);
  if (typeof aadObjectId !== 'string' || !aadObjectId || !tenantId) return undefined;
  return { aadObjectId, tenantId, name: typeof activity.from?.name === 'string' ? activity.from.name.slice(0, 200) : '' };
}
