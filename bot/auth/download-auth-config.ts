import { randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * Settings for signing people in before they download a decision report. Parsed from the
 * same environment as bot/config.ts; each problem comes back as one line naming its variable.
 */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENTRA = 'https://login.microsoftonline.com';

/** Stands in for an app registration's client id when the bot's own local signer is the issuer. */
export const LOCAL_CLIENT_ID = 'establishment-changes-local';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodTypeAny>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

export const DownloadAuthConfigSchema = z.object({
  MicrosoftAppId: optional(z.string().trim()),
  MicrosoftAppTenantId: optional(z.string().trim()),
  MicrosoftAppType: optional(z.string().trim()),
  ENTRA_CLIENT_ID: optional(z.string().trim().regex(GUID, 'must be the Application (client) ID of the Entra app registration, a GUID')),
  ENTRA_AUTHORITY: optional(z.string().trim().url('must be a URL such as https://login.microsoftonline.com/organizations/v2.0')),
  SESSION_SECRET: optional(z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)')),
  PUBLIC_BASE_URL: optional(z.string().trim().url('must be the https address people reach the bot at')),
});

export interface DownloadAuthConfig {
  /** The audience of the ID tokens: the Entra app registration's client id. */
  clientId: string;
  /** Entra's OpenID metadata; absent in local mode, where the bot's own local signer is the issuer. */
  metadataUrl?: string;
  /** Signs the sign-in and session cookies; every instance must share it. */
  sessionSecret: Buffer;
  /** Tenants whose people may sign in; empty in local mode means the tenants of the local people. */
  allowedTenantIds: readonly string[];
}

export type DownloadAuthConfigResult = { ok: true; config: DownloadAuthConfig } | { ok: false; problems: string[] };

export function parseDownloadAuthConfig(
  env: Record<string, string | undefined>,
  context: { localMode: boolean; allowedTenantIds: readonly string[] },
): DownloadAuthConfigResult {
  const parsed = DownloadAuthConfigSchema.safeParse(env);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  const e = parsed.data;
  const problems: string[] = [];
  const allowedTenantIds = context.allowedTenantIds.map((t) => t.toLowerCase());

  if (context.localMode) {
    return {
      ok: true,
      config: {
        clientId: e.ENTRA_CLIENT_ID ?? LOCAL_CLIENT_ID,
        // A restart signs everyone out locally, which is harmless.
        sessionSecret: e.SESSION_SECRET ? Buffer.from(e.SESSION_SECRET, 'utf8') : randomBytes(32),
        allowedTenantIds,
      },
    };
  }

  // A managed identity has no app registration to sign people in to: it needs one of its own.
  const managedIdentity = e.MicrosoftAppType === 'UserAssignedMSI';
  const clientId = e.ENTRA_CLIENT_ID ?? (!managedIdentity && e.MicrosoftAppId && GUID.test(e.MicrosoftAppId) ? e.MicrosoftAppId : undefined);
  if (!clientId) {
    problems.push(
      managedIdentity
        ? 'ENTRA_CLIENT_ID: is required with MicrosoftAppType=UserAssignedMSI: a managed identity cannot sign people in, so register an app (Web redirect URI <PUBLIC_BASE_URL>/auth/callback, ID tokens enabled) and give its Application (client) ID'
        : 'ENTRA_CLIENT_ID: is required (or MicrosoftAppId): the app registration people sign in to before downloading a report',
    );
  }
  // A single-tenant app registration is refused at /organizations (AADSTS50194), so default to its own tenant.
  const tenantAuthority = e.MicrosoftAppTenantId && GUID.test(e.MicrosoftAppTenantId) ? `${ENTRA}/${e.MicrosoftAppTenantId.toLowerCase()}/v2.0` : undefined;
  const authority = (e.ENTRA_AUTHORITY ?? tenantAuthority ?? `${ENTRA}/organizations/v2.0`).replace(/\/+$/, '');
  const authorityUrl = new URL(authority);
  if (authorityUrl.protocol !== 'https:') problems.push('ENTRA_AUTHORITY: must be https');
  if (authorityUrl.search || authorityUrl.hash)
    problems.push('ENTRA_AUTHORITY: must not have a query or fragment; the metadata is read from <authority>/.well-known/openid-configuration');
  if (!e.SESSION_SECRET) {
    problems.push(
      'SESSION_SECRET: is required outside local mode: a random value of at least 32 characters, the same on every instance (it signs the sign-in cookies)',
    );
  }
  if (allowedTenantIds.length === 0) {
    problems.push('ALLOWED_TENANT_IDS: is required outside local mode: without it a person from any Entra tenant could sign in to download reports');
  }
  if (!e.PUBLIC_BASE_URL) {
    problems.push(
      'PUBLIC_BASE_URL: is required outside local mode: Entra returns people to <PUBLIC_BASE_URL>/auth/callback, which must be registered on the app registration',
    );
  } else if (new URL(e.PUBLIC_BASE_URL).protocol !== 'https:') {
    problems.push('PUBLIC_BASE_URL: must be https outside local mode: the sign-in cookies are Secure');
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    config: {
      clientId: clientId!,
      metadataUrl: `${authority}/.well-known/openid-configuration`,
      sessionSecret: Buffer.from(e.SESSION_SECRET!, 'utf8'),
      allowedTenantIds,
    },
  };
}
