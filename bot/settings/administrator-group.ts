import type { GroupMembership } from '../../app/ports/council-settings';

/** How long an answer is reused: someone taken out of the group loses the settings within it. */
const FRESH_MS = 5 * 60_000;

/**
 * Microsoft Graph's `POST /users/{id}/checkMemberGroups` (application permission
 * GroupMember.Read.All), with an app-only token for the person's tenant; transitive, so a
 * nested group counts. Graph not answering, or refusing, counts as not a member: nobody
 * becomes an administrator by an error.
 */
export function graphGroupMembership(baseUrl: string, token: (tenantId: string) => Promise<string | undefined>, now: () => number = Date.now): GroupMembership {
  const answers = new Map<string, { at: number; member: boolean }>();
  return async (tenantId, aadObjectId, groupId) => {
    const key = `${tenantId}|${aadObjectId}|${groupId}`.toLowerCase();
    const known = answers.get(key);
    if (known && now() - known.at < FRESH_MS) return known.member;
    let member = false;
    try {
      const auth = await token(tenantId);
      const response = await fetch(`${baseUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(aadObjectId)}/checkMemberGroups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
        body: JSON.stringify({ groupIds: [groupId] }),
        signal: AbortSignal.timeout(10_000),
      });
      const body = response.ok ? ((await response.json().catch(() => undefined)) as { value?: unknown } | undefined) : undefined;
      member = Array.isArray(body?.value) && body.value.some((id) => typeof id === 'string' && id.toLowerCase() === groupId.toLowerCase());
    } catch {
      member = false;
    }
    if (answers.size > 10_000) answers.clear();
    answers.set(key, { at: now(), member });
    return member;
  };
}
