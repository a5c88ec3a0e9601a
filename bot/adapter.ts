import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type TurnContext,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError, ConnectorFactory, type AuthenticateRequestResult, type ClaimsIdentity, type ConnectorClient, type UserTokenClient } from 'botframework-connector';
import type { AuthConfig } from './config';
import { RecentCache } from '../storage/recent-cache';
import { errorResponse } from './invoke/invoke-response';
import { turnLog } from './turn-log';
import type { Logger } from './logger';

/**
 * CloudAdapter with the Bot Framework's own JWT validation. With no MicrosoftAppId the
 * adapter accepts unauthenticated requests: config refuses that outside local mode.
 */
export function createAdapter(auth: AuthConfig, log: Logger): CloudAdapter {
  const credentials = new ConfigurationServiceClientCredentialFactory({
    MicrosoftAppId: auth.MicrosoftAppId,
    MicrosoftAppPassword: auth.MicrosoftAppPassword,
    MicrosoftAppType: auth.MicrosoftAppType,
    MicrosoftAppTenantId: auth.MicrosoftAppTenantId,
    CertificateThumbprint: auth.CertificateThumbprint,
    CertificatePrivateKey: auth.CertificatePrivateKey,
  });
  const authentication = new StrictAuthentication(authenticationSettings(auth), credentials);
  const adapter = new CloudAdapter(authentication);
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const l = turnLog(context) ?? log;
    l.error({ err: error, event: 'turn.error' }, 'unhandled error in a turn');
    const correlationId = context.turnState.get('correlationId') as string | undefined;
    try {
      if (context.activity.type === 'invoke') {
        await context.sendActivity({
          type: 'invokeResponse',
          value: errorResponse(500, 'INTERNAL', `Something went wrong and nothing was changed. Please try again (reference ${correlationId ?? 'unknown'}).`),
        });
      } else if (context.activity.type === 'message') {
        await context.sendActivity(`Sorry, something went wrong on my side. Nothing you typed has been lost; please try again. (Reference ${correlationId ?? 'unknown'}.)`);
      }
    } catch (sendError) {
      l.error({ err: sendError, event: 'turn.error_reply_failed' }, 'could not tell the user about an error');
    }
  };
  return adapter;
}

/**
 * Setting any one Bot Framework endpoint makes botbuilder treat every endpoint as given:
 * with only the metadata URL set, the token issuer is undefined (every channel token is
 * refused) and so is the login URL for replies. An override of the channel's metadata URL
 * therefore carries the public cloud's other values with it.
 */
function authenticationSettings(auth: AuthConfig): Record<string, string | boolean | undefined> {
  const settings = { MicrosoftAppId: auth.MicrosoftAppId, MicrosoftAppTenantId: auth.MicrosoftAppTenantId };
  if (!auth.ToBotFromChannelOpenIdMetadataUrl) return settings;
  return {
    ...settings,
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: auth.ToBotFromChannelOpenIdMetadataUrl,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}

/** jsonwebtoken's rejections (bad signature, alg none, malformed, not yet valid). */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder answers 500 when jsonwebtoken itself rejects a token (a forged signature,
 * `alg: none`), since only its own AuthenticationError maps to 401: refuse those as 401 too.
 */
class StrictAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly turnClients = new ConnectorClientCache();
  private readonly proactiveClients = new ConnectorClientCache();
  private readonly tokenClients = new KeptClients<UserTokenClient>();

  /**
   * botbuilder also makes a user token client (for OAuth sign-in, which this bot does not
   * use), with an HTTP pipeline of its own, on every turn: one per bot app id does.
   */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.tokenClients.get(appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.proactiveClients.reusing(new ConnectorFactoryWithoutRetry(super.createConnectorFactory(claimsIdentity)), claimsIdentity);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await asUnauthorized(() => super.authenticateRequest(activity, authHeader));
    return result.connectorFactory ? { ...result, connectorFactory: this.turnClients.reusing(result.connectorFactory, result.claimsIdentity) } : result;
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    return asUnauthorized(() => super.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return asUnauthorized(() => super.authenticateChannelRequest(authHeader));
  }
}

async function asUnauthorized<T>(authenticate: () => Promise<T>): Promise<T> {
  try {
    return await authenticate();
  } catch (error) {
    if (error instanceof Error && !(error instanceof AuthenticationError) && TOKEN_ERRORS.has(error.name)) {
      throw new AuthenticationError('Unauthorized. The token is not valid.', 401);
    }
    throw error;
  }
}

/** Clients kept by each cache, at most (service URLs come from activities). */
const KEPT_CLIENTS = 64;

/**
 * botbuilder builds a new ConnectorClient, with its own HTTP pipeline, for every turn and
 * every proactive send: in a heap profile of the dialogue benchmark, a sixth of what the
 * bot's garbage collector moved to the old generation. A client holds no state of a turn (only the
 * service URL and the credentials, which cache and renew their own token), so one is kept
 * for each bot app id, service URL and audience, as botbuilder's older BotFrameworkAdapter
 * did. At most MAX_CLIENTS are kept: service URLs come from activities, and in local mode
 * nothing vouches for them.
 */
export class ConnectorClientCache {
  static readonly MAX_CLIENTS = KEPT_CLIENTS;
  private readonly clients = new KeptClients<ConnectorClient>();

  reusing(inner: ConnectorFactory, identity: ClaimsIdentity): ConnectorFactory {
    const appId = appIdOf(identity);
    return { create: (serviceUrl: string, audience?: string) => this.clients.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, () => inner.create(serviceUrl, audience)) };
  }

  get size(): number {
    return this.clients.size;
  }
}

const appIdOf = (identity: ClaimsIdentity): string => identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

/** Clients kept by key, the most recent KEPT_CLIENTS. */
class KeptClients<T> {
  private readonly clients = new RecentCache<Promise<T>>(KEPT_CLIENTS, Infinity);

  get size(): number {
    return this.clients.size;
  }

  get(key: string, make: () => Promise<T>): Promise<T> {
    const known = this.clients.get(key);
    if (known) return known;
    const made = make();
    this.clients.set(key, made);
    // A failure (credentials not obtainable just now) is not kept: the next turn tries again.
    made.catch(() => this.clients.get(key) === made && this.clients.delete(key));
    return made;
  }
}

/**
 * Connector clients for proactive sends (continueConversationAsync) without the Azure
 * SDK's retry policy. That policy waits out any Retry-After inside the call (a 429 asking
 * for two minutes held the outbox, and every later message, for two minutes) and retries
 * 5xx on its own. bot/proactive/retry.ts retries instead: Teams' statuses as Teams asks,
 * network errors with backoff, and a long Retry-After goes back to the outbox as a time
 * not to send before. Replies within a person's turn use the client botbuilder makes while
 * authenticating the request, which keeps the SDK's retries.
 */
class ConnectorFactoryWithoutRetry extends ConnectorFactory {
  constructor(private readonly inner: ConnectorFactory) {
    super();
  }

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    // botbuilder-stdlib's ServiceClientContext keeps an @azure/core-client ServiceClient as `client`.
    (client as unknown as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } }).client?.pipeline?.removePolicy({ phase: 'Retry' });
    return client;
  }
}
