import { AsyncLocalStorage } from 'node:async_hooks';
import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  AuthenticationError,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import type { AuthConfig } from './config';
import { RecentCache } from '../storage/recent-cache';
import { errorResponse } from './invoke/invoke-response';
import { turnLog } from './turn-log';
import { throttle, type Logger } from './logger';

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
  const adapter = new QuietCloudAdapter(authentication, log);
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
        await context.sendActivity(
          `Sorry, something went wrong on my side. Nothing you typed has been lost; please try again. (Reference ${correlationId ?? 'unknown'}.)`,
        );
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

/** What a refused request gets: why is in the log, not in the answer. */
const REFUSED_BODY = { error: 'Unauthorized' };

/**
 * CloudAdapter answers a refused token by printing the error, stack and all, with
 * console.error before it answers 401, and botbuilder's token check prints the error of
 * an expired token (with its stack) and "Available keys: <the signing key>" for any other
 * bad one. Anyone on the internet can send a bad token, so that was a stack trace and a
 * key on stderr per request. Here a refusal is answered 401 (or 403) with a fixed body
 * and logged at warn, at most once a window per reason, and botbuilder's console output
 * while it checks a token is dropped.
 */
class QuietCloudAdapter extends CloudAdapter {
  constructor(
    private readonly authentication: StrictAuthentication,
    private readonly log: Logger,
  ) {
    super(authentication);
  }

  protected override processActivity(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
  protected override processActivity(
    authenticateRequestResult: AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined>;
  protected override async processActivity(
    authorization: string | AuthenticateRequestResult,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    if (typeof authorization !== 'string') return super.processActivity(authorization, activity, logic);
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await withoutConsole(() => this.authentication.authenticateRequest(activity, authorization));
    } catch (error) {
      if (!(error instanceof AuthenticationError) || (error.statusCode !== 401 && error.statusCode !== 403)) {
        // The signing keys could not be fetched, say: every caller meets it until they can.
        throttle.error(this.log, 'auth.failed', { event: 'auth.failed', err: error }, 'a channel token could not be checked');
        return { status: 500, body: { error: 'The request could not be authenticated just now' } };
      }
      // botbuilder's reason, without the values it quotes from the token (after a colon, or in quotes).
      const reason = error.message
        .split(':')[0]!
        .replace(/'[^']*'/g, "'…'")
        .slice(0, 120);
      throttle.warn(
        this.log,
        `auth.refused.${error.statusCode}`,
        { event: 'auth.refused', reason, statusCode: error.statusCode },
        'request refused: no valid channel token',
      );
      return { status: error.statusCode, body: REFUSED_BODY };
    }
    try {
      return await super.processActivity(authenticated, activity, logic);
    } catch (error) {
      // A turn's own errors go to onTurnError; this is what happens around one (no connector client, say).
      throttle.error(this.log, 'activity.failed', { event: 'activity.failed', err: error }, 'could not process an activity');
      return { status: 500, body: { error: 'The activity could not be processed' } };
    }
  }
}

const consoleMuted = new AsyncLocalStorage<true>();
const MUTABLE = ['error', 'warn', 'log', 'info', 'debug', 'trace'] as const;
const MUTER = Symbol('muter');

/**
 * Runs `work` with console output dropped for it and whatever it starts (other work is
 * untouched: the console is wrapped once, and the wrapper asks AsyncLocalStorage whose
 * call it is). botbuilder offers no way to turn its console output off.
 */
function withoutConsole<T>(work: () => Promise<T>): Promise<T> {
  for (const method of MUTABLE) {
    const current = console[method] as ((...args: unknown[]) => void) & { [MUTER]?: true };
    if (current[MUTER]) continue;
    const muter = Object.assign(
      function (this: Console, ...args: unknown[]) {
        if (!consoleMuted.getStore()) current.apply(this, args);
      },
      { [MUTER]: true as const },
    );
    console[method] = muter;
  }
  return consoleMuted.run(true, work);
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
    return {
      create: (serviceUrl: string, audience?: string) =>
        this.clients.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, () => inner.create(serviceUrl, audience)),
    };
  }

  get size(): number {
    return this.clients.size;
  }
}

const appIdOf = (identity: ClaimsIdentity): string =>
  identity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? identity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';

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
    (client as unknown as { client?: { pipeline?: { removePolicy(options: { phase: 'Retry' }): unknown } } }).client?.pipeline?.removePolicy({
      phase: 'Retry',
    });
    return client;
  }
}
