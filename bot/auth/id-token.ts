import type { Person } from '../../domain/person';
import { verify } from 'node:crypto';
import type { OpenIdProvider } from './openid-provider';

/**
 * Validates an OpenID Connect ID token from Entra ID (or the local signer, through the same
 * code): RS256 only, signed by a key the issuer publishes, issued by that issuer for this
 * app, in date, bound to this browser's sign-in by its nonce, from an allowed tenant.
 */
export interface IdTokenExpectations {
  clientId: string;
  nonce: string;
  allowedTenantIds: readonly string[];
  /** Milliseconds since the epoch. */
  now: number;
}

export type IdTokenRefusal =
  'malformed' | 'algorithm' | 'unknown_key' | 'signature' | 'issuer' | 'audience' | 'expired' | 'not_yet_valid' | 'nonce' | 'tenant' | 'subject';

export type IdTokenResult = { ok: true; person: Person } | { ok: false; reason: IdTokenRefusal };

export const CLOCK_SKEW_SECONDS = 300;
const MAX_TOKEN_CHARS = 12_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

export async function validateIdToken(token: string, expected: IdTokenExpectations, provider: OpenIdProvider): Promise<IdTokenResult> {
  const refuse = (reason: IdTokenRefusal): IdTokenResult => ({ ok: false, reason });
  if (token.length > MAX_TOKEN_CHARS) return refuse('malformed');
  const parts = token.split('.');
  // An empty signature is let through to be refused by name (alg none) below.
  if (parts.length !== 3 || !SEGMENT.test(parts[0]!) || !SEGMENT.test(parts[1]!) || !/^[A-Za-z0-9_-]*$/.test(parts[2]!)) return refuse('malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = decodeJson(headerPart);
  const claims = decodeJson(payloadPart);
  const signature = decodeCanonical(signaturePart);
  if (!header || !claims || !signature) return refuse('malformed');

  // The algorithm is fixed here, never taken from the token: no `none`, no HS256 with a public key as secret.
  if (header.alg !== 'RS256') return refuse('algorithm');
  if (typeof header.kid !== 'string' || !header.kid || header.kid.length > 200) return refuse('unknown_key');
  const key = await provider.key(header.kid);
  if (!key) return refuse('unknown_key');
  if (!verify('RSA-SHA256', Buffer.from(`${headerPart}.${payloadPart}`, 'ascii'), key, signature)) return refuse('signature');

  const tid = typeof claims.tid === 'string' && GUID.test(claims.tid) ? claims.tid.toLowerCase() : undefined;
  if (!tid) return refuse('tenant');
  const { issuer } = await provider.metadata();
  if (typeof claims.iss !== 'string' || claims.iss !== issuer.replace('{tenantid}', tid)) return refuse('issuer');
  if (!audienceMatches(claims.aud, claims.azp, expected.clientId)) return refuse('audience');

  const now = Math.floor(expected.now / 1000);
  const { exp, nbf, iat } = claims;
  if (!isTime(exp) || !isTime(iat)) return refuse('malformed');
  if (nbf !== undefined && !isTime(nbf)) return refuse('malformed');
  if (now >= exp + CLOCK_SKEW_SECONDS) return refuse('expired');
  if ((nbf !== undefined && nbf > now + CLOCK_SKEW_SECONDS) || iat > now + CLOCK_SKEW_SECONDS) return refuse('not_yet_valid');

  if (typeof claims.nonce !== 'string' || claims.nonce !== expected.nonce) return refuse('nonce');
  if (!expected.allowedTenantIds.some((t) => t.toLowerCase() === tid)) return refuse('tenant');
  const oid = typeof claims.oid === 'string' && GUID.test(claims.oid) ? claims.oid.toLowerCase() : undefined;
  if (!oid) return refuse('subject');

  const name = [claims.name, claims.preferred_username].find((n): n is string => typeof n === 'string' && n.trim() !== '');
  return { ok: true, person: { tenantId: tid, aadObjectId: oid, name: (name ?? 'Signed-in user').trim().slice(0, 200) } };
}

function audienceMatches(aud: unknown, azp: unknown, clientId: string): boolean {
  if (typeof aud === 'string') return aud === clientId;
  // Several audiences are valid only when this app is the authorised party (OpenID Connect Core 3.1.3.7).
  return Array.isArray(aud) && aud.includes(clientId) && (aud.length === 1 || azp === clientId);
}

function isTime(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/** base64url that re-encodes to itself, so no two spellings of one token both pass. */
function decodeCanonical(segment: string): Buffer | undefined {
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeCanonical(segment);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
