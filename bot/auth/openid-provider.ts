import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/**
 * An OpenID provider's metadata and signing keys (Entra ID, or the local signer), fetched
 * with a timeout and a size cap and kept in memory. An unknown key id triggers one refetch
 * of the keys, at most once per `minRefreshMs`, so a stream of made-up key ids cannot make
 * the bot hammer the provider.
 */
export interface OpenIdMetadata {
  /** May contain `{tenantid}` (Entra's multi-tenant endpoints), filled from the token's `tid`. */
  issuer: string;
  authorizationEndpoint: string;
  jwksUri: string;
}

export interface OpenIdProviderOptions {
  timeoutMs?: number;
  /** How long metadata and keys are trusted before they are fetched again. */
  ttlMs?: number;
  minRefreshMs?: number;
  now?: () => number;
  fetch?: typeof fetch;
}

const MetadataSchema = z.object({
  issuer: z.string().min(1).max(500),
  authorization_endpoint: z.string().url().max(1000),
  jwks_uri: z.string().url().max(1000),
});

const JwksSchema = z.object({ keys: z.array(z.record(z.string(), z.unknown())).max(100) });

const MAX_DOCUMENT_BYTES = 256 * 1024;

interface Cached<T> {
  value: T;
  fetchedAt: number;
  url: string;
}

export class OpenIdProvider {
  private meta?: Cached<OpenIdMetadata>;
  private keys?: Cached<Map<string, KeyObject>>;
  private inFlight?: Promise<Map<string, KeyObject>>;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly minRefreshMs: number;
  private readonly now: () => number;
  private readonly fetch: typeof fetch;

  constructor(
    private readonly metadataUrl: () => string,
    options: OpenIdProviderOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60_000;
    this.minRefreshMs = options.minRefreshMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? fetch;
  }

  async metadata(): Promise<OpenIdMetadata> {
    const url = this.metadataUrl();
    if (this.meta && this.meta.url === url && this.now() - this.meta.fetchedAt < this.ttlMs) return this.meta.value;
    const base = checkedUrl(url, undefined);
    const parsed = MetadataSchema.safeParse(await this.getJson(base));
    if (!parsed.success) throw new Error('OpenID metadata is not in the expected shape');
    const value = {
      issuer: parsed.data.issuer,
      authorizationEndpoint: checkedUrl(parsed.data.authorization_endpoint, base).toString(),
      jwksUri: checkedUrl(parsed.data.jwks_uri, base).toString(),
    };
    this.meta = { value, fetchedAt: this.now(), url };
    return value;
  }

  /** The RSA public key with this id, or undefined when the provider does not publish it. */
  async key(kid: string): Promise<KeyObject | undefined> {
    const meta = await this.metadata();
    const cached = this.keys && this.keys.url === meta.jwksUri ? this.keys : undefined;
    if (cached && this.now() - cached.fetchedAt < this.ttlMs) {
      const found = cached.value.get(kid);
      if (found || this.now() - cached.fetchedAt < this.minRefreshMs) return found;
    }
    return (await this.refreshKeys(meta.jwksUri)).get(kid);
  }

  private refreshKeys(jwksUri: string): Promise<Map<string, KeyObject>> {
    // Concurrent sign-ins share one fetch.
    this.inFlight ??= (async () => {
      try {
        const parsed = JwksSchema.safeParse(await this.getJson(new URL(jwksUri)));
        if (!parsed.success) throw new Error('JWKS is not in the expected shape');
        const value = new Map<string, KeyObject>();
        for (const jwk of parsed.data.keys) {
          const key = rsaSigningKey(jwk);
          if (key) value.set(jwk.kid as string, key);
        }
        this.keys = { value, fetchedAt: this.now(), url: jwksUri };
        return value;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  private async getJson(url: URL): Promise<unknown> {
    const response = await this.fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'error', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error(`OpenID provider answered HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_DOCUMENT_BYTES) throw new Error('OpenID document too large');
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_DOCUMENT_BYTES) throw new Error('OpenID document too large');
    return JSON.parse(bytes.toString('utf8')) as unknown;
  }
}

/** Only RS256 signing keys of at least 2048 bits; anything else in the set is ignored. */
function rsaSigningKey(jwk: Record<string, unknown>): KeyObject | undefined {
  if (jwk.kty !== 'RSA' || typeof jwk.kid !== 'string' || !jwk.kid || typeof jwk.n !== 'string' || typeof jwk.e !== 'string') return undefined;
  if (jwk.use !== undefined && jwk.use !== 'sig') return undefined;
  if (jwk.alg !== undefined && jwk.alg !== 'RS256') return undefined;
  try {
    const key = createPublicKey({ key: { kty: 'RSA', n: jwk.n, e: jwk.e }, format: 'jwk' });
    return (key.asymmetricKeyDetails?.modulusLength ?? 0) >= 2048 ? key : undefined;
  } catch {
    return undefined;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * https everywhere, except plain http on loopback for the local signer (and then the
 * endpoints it names must be on loopback too).
 */
function checkedUrl(value: string, metadata: URL | undefined): URL {
  const url = new URL(value);
  const loopbackHttp = url.protocol === 'http:' && LOOPBACK.has(url.hostname);
  const allowHttp = metadata ? metadata.protocol === 'http:' : true;
  if (url.protocol !== 'https:' && !(loopbackHttp && allowHttp)) throw new Error('OpenID endpoints must be https (or http on loopback)');
  return url;
}
