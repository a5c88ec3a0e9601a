import { z } from 'zod';
import { emptyToUndefined, guid, guidList, optionalString, type NodeEnv, type Problem } from './env-values';

/** The bot's own credentials (bot/adapter.ts) and the tenants it serves. */
export interface AuthConfig {
  MicrosoftAppId?: string;
  MicrosoftAppPassword?: string;
  MicrosoftAppType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  MicrosoftAppTenantId?: string;
  CertificateThumbprint?: string;
  CertificatePrivateKey?: string;
  ToBotFromChannelOpenIdMetadataUrl?: string;
}

export const AuthEnvSchema = z.object({
  MicrosoftAppId: z.preprocess(emptyToUndefined, guid('MicrosoftAppId').optional()),
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: z.preprocess(emptyToUndefined, guid('MicrosoftAppTenantId').optional()),
  CertificateThumbprint: optionalString,
  CertificatePrivateKey: optionalString,
  /** Only for tests of token validation: where to fetch the channel's signing keys. */
  ToBotFromChannelOpenIdMetadataUrl: optionalString,
  ALLOWED_TENANT_IDS: guidList('each tenant id in ALLOWED_TENANT_IDS'),
});
export type AuthEnv = z.infer<typeof AuthEnvSchema>;

export function checkAuth(env: AuthEnv & { NODE_ENV: NodeEnv }, problem: Problem): void {
  if (env.NODE_ENV === 'production' && !env.MicrosoftAppId) {
    problem('MicrosoftAppId', 'is required when NODE_ENV=production: without it anyone could post activities to the bot unauthenticated');
  }
  if (env.NODE_ENV === 'production' && env.ALLOWED_TENANT_IDS.length === 0) {
    problem('ALLOWED_TENANT_IDS', "is required when NODE_ENV=production: list your council's tenant id(s), comma-separated");
  }
  if (!env.MicrosoftAppId) return;
  if (env.MicrosoftAppType !== 'UserAssignedMSI' && !env.MicrosoftAppPassword && !env.CertificatePrivateKey) {
    problem('MicrosoftAppPassword', `is required for MicrosoftAppType=${env.MicrosoftAppType} (or set CertificateThumbprint and CertificatePrivateKey)`);
  }
  if (env.MicrosoftAppType !== 'MultiTenant' && !env.MicrosoftAppTenantId) {
    problem('MicrosoftAppTenantId', `is required for MicrosoftAppType=${env.MicrosoftAppType}`);
  }
  if (env.MicrosoftAppType === 'UserAssignedMSI' && env.MicrosoftAppPassword) {
    problem('MicrosoftAppPassword', 'must be empty for MicrosoftAppType=UserAssignedMSI: the managed identity is the credential');
  }
}

export function authConfig(env: AuthEnv): AuthConfig {
  return {
    MicrosoftAppId: env.MicrosoftAppId,
    MicrosoftAppPassword: env.MicrosoftAppPassword,
    MicrosoftAppType: env.MicrosoftAppType,
    MicrosoftAppTenantId: env.MicrosoftAppTenantId,
    CertificateThumbprint: env.CertificateThumbprint,
    CertificatePrivateKey: env.CertificatePrivateKey,
    ToBotFromChannelOpenIdMetadataUrl: env.ToBotFromChannelOpenIdMetadataUrl,
  };
}
