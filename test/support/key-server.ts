import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The issuer the Bot Framework channel service puts on the tokens it sends a bot. */
export const CHANNEL_ISSUER = 'https://api.botframework.com';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function generateSigningKey(kid = `test-${randomUUID()}`): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

const b64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

export interface SignOptions {
  /** Defaults to RS256; 'none' produces an unsigned token (empty signature). */
  alg?: 'RS256' | 'none';
  /** Defaults to the signing key's kid; null leaves kid out of the header. */
  kid?: string | null;
  /** Signs with this key's private key (a key the server does not publish gives an unknown-key token). */
  key: SigningKey;
}

/** A compact JWS signed with node:crypto, so tests control every header and claim. */
export function signJwt(claims: Record<string, unknown>, options: SignOptions): string {
  const alg = options.alg ?? 'RS256';
  const header: Record<string, unknown> = { alg, typ: 'JWT' };
  const kid = options.kid === undefined ? options.key.kid : options.kid;
  if (kid !== null) header.kid = kid;
  const signingInput = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${signingInput}.`;
  const signer = createSign('RSA-SHA256');
  signer.update(signingInput);
  return `${signingInput}.${signer.sign(options.key.privateKey).toString('base64url')}`;
}

/**
 * A stand-in for the Bot Framework's OpenID metadata endpoint and its JWKS, on a free
 * loopback port: botbuilder fetches the signing keys from here when
 * ToBotFromChannelOpenIdMetadataUrl points at `metadataUrl`.
 */
export class KeyServer {
  /** Paths requested, oldest first. */
  readonly requests: string[] = [];
  private server?: Server;
  private url = '';

  /**
   * @param keys the keys published in the JWKS
   * @param endorsements the channels each key may sign for, as the real service publishes them
   */
  constructor(
    readonly keys: SigningKey[],
    private readonly endorsements: string[] = ['msteams'],
  ) {}

  get metadataUrl(): string {
    return `${this.url}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      this.requests.push(path);
      let body: unknown;
      if (path === '/v1/.well-known/openidconfiguration') {
        body = {
          issuer: CHANNEL_ISSUER,
          authorization_endpoint: 'https://invalid.example/authorize',
          jwks_uri: `${this.url}/v1/.well-known/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        };
      } else if (path === '/v1/.well-known/keys') {
        body = {
          keys: this.keys.map((k) => ({
            ...(k.publicKey.export({ format: 'jwk' }) as Record<string, unknown>),
            kid: k.kid,
            use: 'sig',
            endorsements: this.endorsements,
          })),
        };
      } else {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
