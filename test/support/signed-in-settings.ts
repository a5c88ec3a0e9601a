/**
 * What a bot started with credentials needs besides them for report sign-in (see
 * bot/auth/download-auth-config.ts): the tenants it serves, a shared session key and the
 * https address Entra returns people to. Test values only.
 */
export function signInSettings(tenantId: string): Record<string, string> {
  return { ALLOWED_TENANT_IDS: tenantId, SESSION_SECRET: 'test-session-secret-of-at-least-32-chars', PUBLIC_BASE_URL: 'https://ecr.example.gov.uk' };
}
