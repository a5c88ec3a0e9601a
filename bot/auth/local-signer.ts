import type { Person } from '../../domain/person';
import { createSign, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, Response, Server } from 'restify';
import { escapeHtml, htmlDocument, sendHtml, sendMessage, setSecurityHeaders } from './pages';

/**
 * Stands in for Entra ID in local mode: its own OpenID metadata, a JWKS with a key made at
 * start, and an authorize page where you choose who you are from the deployment's people.
 * Choosing form-posts a signed ID token to the redirect URI, as Entra does, so the bot's
 * callback validates it by the same code as a real one. Served on loopback only.
 */
export const LOCAL_AUTHORITY_PATH = '/auth/local/organizations/v2.0';
const METADATA_PATH = `${LOCAL_AUTHORITY_PATH}/.well-known/openid-configuration`;
const KEYS_PATH = '/auth/local/keys';
const AUTHORIZE_PATH = '/auth/local/authorize';
const TOKEN_LIFETIME_SECONDS = 3600;
const PROTOCOL_VALUE = /^[A-Za-z0-9_-]{16,128}$/;

export interface LocalSignerDeps {
  baseUrl: () => string;
  clientId: string;
  people: readonly Person[];
  now?: () => number;
}

export class LocalSigner {
  private readonly kid = `local-${randomUUID()}`;
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;

  constructor(private readonly deps: LocalSignerDeps) {
    ({ privateKey: this.privateKey, publicKey: this.publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 }));
  }

  metadataUrl(): string {
    return `${this.base()}${METADATA_PATH}`;
  }

  mount(server: Server): void {
    server.get(
      METADATA_PATH,
      this.loopbackOnly((_req, res) =>
        sendJson(res, {
          // Entra's multi-tenant issuer has the same placeholder, so the callback's issuer check is exercised the same way.
          issuer: `${this.base()}/auth/local/{tenantid}/v2.0`,
          authorization_endpoint: `${this.base()}${AUTHORIZE_PATH}`,
          jwks_uri: `${this.base()}${KEYS_PATH}`,
          response_modes_supported: ['form_post'],
          response_types_supported: ['id_token'],
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['pairwise'],
        }),
      ),
    );
    server.get(
      KEYS_PATH,
      this.loopbackOnly((_req, res) =>
        sendJson(res, { keys: [{ ...(this.publicKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: this.kid, use: 'sig', alg: 'RS256' }] }),
      ),
    );
    server.get(
      AUTHORIZE_PATH,
      this.loopbackOnly((req, res) => this.authorize(req, res)),
    );
  }

  private authorize(req: IncomingMessage, res: ServerResponse): void {
    const q = new URL(req.url ?? '', 'http://local').searchParams;
    const redirectUri = `${this.base()}/auth/callback`;
    const state = q.get('state') ?? '';
    const nonce = q.get('nonce') ?? '';
    // Like Entra, a request for another app or another redirect address is refused here, never sent on.
    const valid =
      q.get('client_id') === this.deps.clientId &&
      q.get('redirect_uri') === redirectUri &&
      q.get('response_type') === 'id_token' &&
      q.get('response_mode') === 'form_post' &&
      (q.get('scope') ?? '').split(' ').includes('openid') &&
      PROTOCOL_VALUE.test(state) &&
      PROTOCOL_VALUE.test(nonce);
    if (!valid) return sendMessage(req, res, 400, 'Sign-in request not valid', 'This sign-in request is not one the local signer can answer.');

    const people = this.deps.people
      .map((person) => {
        const token = this.sign(person, nonce);
        return `<li><form method="post" action="${escapeHtml(redirectUri)}">${hidden('id_token', token)}${hidden('state', state)}<button type="submit">${escapeHtml(person.name)}</button></form></li>`;
      })
      .join('\n');
    const cancel = `<form method="post" action="${escapeHtml(redirectUri)}">${hidden('error', 'access_denied')}${hidden('state', state)}<button type="submit">Cancel</button></form>`;
    sendHtml(
      res,
      200,
      htmlDocument(
        'Local sign-in',
        `<p>Local mode: there is no Entra ID here, so choose who you are. In Teams this is your normal Microsoft sign-in.</p>\n<ul>\n${people}\n</ul>\n${cancel}`,
      ),
    );
  }

  /** An ID token with the claims the bot reads from Entra's. */
  private sign(person: Person, nonce: string): string {
    const now = Math.floor((this.deps.now ?? Date.now)() / 1000);
    const tid = person.tenantId.toLowerCase();
    const claims = {
      iss: `${this.base()}/auth/local/${tid}/v2.0`,
      aud: this.deps.clientId,
      tid,
      oid: person.aadObjectId.toLowerCase(),
      sub: person.aadObjectId.toLowerCase(),
      name: person.name,
      nonce,
      iat: now,
      nbf: now,
      exp: now + TOKEN_LIFETIME_SECONDS,
      ver: '2.0',
    };
    const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid: this.kid })}.${b64url(claims)}`;
    return `${input}.${createSign('RSA-SHA256').update(input).sign(this.privateKey).toString('base64url')}`;
  }

  private base(): string {
    return this.deps.baseUrl().replace(/\/+$/, '');
  }

  /** Refuses anything not from this machine, as if the route did not exist. (restify wants async two-argument handlers.) */
  private loopbackOnly(handler: (req: Request, res: Response) => void) {
    return async (req: Request, res: Response) => {
      if (!isLoopback(req.socket.remoteAddress)) return sendMessage(req, res, 404, 'Not found', 'Not found.');
      handler(req, res);
    };
  }
}

function isLoopback(address: string | undefined): boolean {
  return !!address && (address === '::1' || /^(::ffff:)?127\./.test(address));
}

function hidden(name: string, value: string): string {
  return `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;
}

function b64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function sendJson(res: ServerResponse, body: unknown): void {
  setSecurityHeaders(res);
  res.statusCode = 200;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}
