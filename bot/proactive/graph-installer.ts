import { ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { AuthConfig } from '../config';

/**
 * Installs the bot's Teams app for one person, so the bot can start a 1:1 chat with them
 * (proactive installation). Behind this interface so tests can stand in for Graph.
 */
export interface GraphInstaller {
  /** Resolves when the app is installed for them (409, already installed, counts); throws GraphInstallError otherwise. */
  install(person: { tenantId: string; aadObjectId: string }): Promise<'installed' | 'already_installed'>;
}

/** Graph refused or failed: `status` and Graph's own error code, as Graph answered. */
export class GraphInstallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly graphCode?: string,
  ) {
    super(message);
    this.name = 'GraphInstallError';
  }
}

/** Where to reach Graph, which app to install, and how to get an app-only token for a tenant. */
export interface GraphInstallerOptions {
  /** https://graph.microsoft.com (a loopback stand-in in tests). */
  baseUrl: string;
  /** The app's id in the tenant's app catalog (Teams admin centre → Manage apps → App ID). */
  catalogId: string;
  /** An app-only token for Graph in the person's tenant; undefined sends no Authorization (local mode, loopback only). */
  token(tenantId: string): Promise<string | undefined>;
  timeoutMs?: number;
}

/** `POST /v1.0/users/{id}/teamwork/installedApps` with `teamsApp@odata.bind` to the catalog app. */
export class HttpGraphInstaller implements GraphInstaller {
  constructor(private readonly options: GraphInstallerOptions) {}

  async install(person: { tenantId: string; aadObjectId: string }): Promise<'installed' | 'already_installed'> {
    const base = this.options.baseUrl.replace(/\/$/, '');
    const token = await this.options.token(person.tenantId).catch((error: unknown) => {
      throw new GraphInstallError(`No Graph token for tenant ${person.tenantId}: ${error instanceof Error ? error.message.split('\n')[0] : 'unknown error'}`);
    });
    let response: Response;
    try {
      response = await fetch(`${base}/v1.0/users/${encodeURIComponent(person.aadObjectId)}/teamwork/installedApps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${encodeURIComponent(this.options.catalogId)}` }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      throw new GraphInstallError(`Graph could not be reached: ${error instanceof Error ? error.message : 'unknown error'}`);
    }
    if (response.status === 201 || response.status === 200 || response.status === 204) return 'installed';
    const body = (await response.json().catch(() => undefined)) as { error?: { code?: unknown; message?: unknown } } | undefined;
    const code = typeof body?.error?.code === 'string' ? body.error.code : undefined;
    // Already installed for them: the chat can be created.
    if (response.status === 409) return 'already_installed';
    const message = typeof body?.error?.message === 'string' ? body.error.message.slice(0, 300) : `HTTP ${response.status}`;
    throw new GraphInstallError(`Graph refused to install the app (${response.status}${code ? ` ${code}` : ''}): ${message}`, response.status, code);
  }
}

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/**
 * App-only Graph tokens as the bot's own settings allow: its client secret, in the person's
 * tenant (a multi-tenant bot is consented in each council's tenant); its user-assigned
 * managed identity; otherwise DefaultAzureCredential (environment, workload identity,
 * managed identity). In local mode there are no credentials: calls go unauthenticated,
 * and config allows that only towards a loopback stand-in.
 */
export function graphTokens(auth: AuthConfig, localMode: boolean): (tenantId: string) => Promise<string | undefined> {
  if (localMode) return async () => undefined;
  const credentials = new Map<string, TokenCredential>();
  const credentialFor = (tenantId: string): TokenCredential => {
    const key = auth.MicrosoftAppPassword ? tenantId.toLowerCase() : '';
    let credential = credentials.get(key);
    if (!credential) {
      if (auth.MicrosoftAppId && auth.MicrosoftAppPassword) credential = new ClientSecretCredential(tenantId, auth.MicrosoftAppId, auth.MicrosoftAppPassword);
      else if (auth.MicrosoftAppType === 'UserAssignedMSI' && auth.MicrosoftAppId)
        credential = new ManagedIdentityCredential({ clientId: auth.MicrosoftAppId });
      else credential = new DefaultAzureCredential();
      credentials.set(key, credential);
    }
    return credential;
  };
  return async (tenantId) => {
    const token = await credentialFor(tenantId).getToken(GRAPH_SCOPE);
    if (!token?.token) throw new Error('the credential returned no token');
    return token.token;
  };
}
