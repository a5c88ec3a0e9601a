import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigningKey } from './key-server';

/**
 * A stand-in for Entra ID's multi-tenant OpenID endpoints on a loopback port: metadata whose
 * issuer has Entra's `{tenantid}` placeholder, and a JWKS of the keys a test chooses. The
 * authorize endpoint is only ever a redirect target here: tests sign tokens themselves.
 */
export class EntraStandIn {
  /** Paths requested, oldest first. */
  readonly requests: string[] = [];
  /** When set, requests are left unanswered (a provider that does not respond). */
  hang = false;
  private server?: Server;
  url = '';

  constructor(public keys: SigningKey[]) {}

  get authority(): string {
    return `${this.url}/organizations/v2.0`;
  }

  get metadataUrl(): string {
    return `${this.authority}/.well-known/openid-configuration`;
  }

  get authorizeUrl(): string {
    return `${this.url}/organizations/oauth2/v2.0/authorize`;
  }

  issuerFor(tenantId: string): string {
    return `${this.url}/${tenantId}/v2.0`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0]!;
      this.requests.push(path);
      if (this.hang) return;
      let body: unknown;
      if (path === '/organizations/v2.0/.well-known/openid-configuration') {
        body = {
          issuer: `${this.url}/{tenantid}/v2.0`,
          authorization_endpoint: this.authorizeUrl,
          jwks_uri: `${this.url}/organizations/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          id_token_signing_alg_values_supported: ['RS256'],
        };
      } else if (path === '/organizations/discovery/v2.0/keys') {
        body = { keys: this.keys.map((k) => ({ ...(k.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: k.kid, use: 'sig', kty: 'RSA' })) };
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
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
