import type { Person } from '../../domain/person';
import { z } from 'zod';
import { CookieSealer, readCookie, serializeCookie } from './signed-cookie';
import { isReportPath } from './report-path';

export interface Session extends Person {
  expiresAt: number;
}

/** A sign-in under way in this browser: what the callback must match, and where to go after. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  returnPath: string;
  expiresAt: number;
}

export const SESSION_TTL_MS = 60 * 60_000;
export const SIGN_IN_TTL_MS = 10 * 60_000;
/** Two report links opened at once each have their own sign-in; older ones drop off. */
const MAX_PENDING = 3;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const Token = z.string().regex(/^[A-Za-z0-9_-]{22,128}$/);

const SessionPayload = z.object({
  v: z.literal(1),
  tid: z.string().regex(GUID),
  oid: z.string().regex(GUID),
  name: z.string().max(200),
  exp: z.number().int(),
});

const PendingPayload = z.object({
  v: z.literal(1),
  p: z.array(z.object({ s: Token, n: Token, r: z.string().max(200), e: z.number().int() })).max(MAX_PENDING),
});

/**
 * The two cookies of report downloads, both Path=/ (the sign-in cookie is read when a second
 * report link starts its own sign-in). On https the names carry the `__Host-` prefix, which
 * browsers accept only with Secure, Path=/ and no Domain, so no other site can plant them.
 */
export class SignInCookies {
  private readonly sessions: CookieSealer;
  private readonly signIns: CookieSealer;

  constructor(
    secret: Buffer,
    private readonly now: () => number = Date.now,
  ) {
    this.sessions = new CookieSealer(secret, 'session');
    this.signIns = new CookieSealer(secret, 'sign-in');
  }

  static names(secure: boolean): { session: string; signIn: string } {
    return secure ? { session: '__Host-ecr-session', signIn: '__Host-ecr-signin' } : { session: 'ecr-session', signIn: 'ecr-signin' };
  }

  readSession(cookieHeader: string | string[] | undefined, secure: boolean): Session | undefined {
    const parsed = SessionPayload.safeParse(this.sessions.open(readCookie(cookieHeader, SignInCookies.names(secure).session)));
    if (!parsed.success) return undefined;
    const now = this.now();
    // A session claiming to outlive the longest we issue was not made here as it reads.
    if (parsed.data.exp <= now || parsed.data.exp > now + SESSION_TTL_MS + 60_000) return undefined;
    return { tenantId: parsed.data.tid, aadObjectId: parsed.data.oid, name: parsed.data.name, expiresAt: parsed.data.exp };
  }

  /** An hour, then a new sign-in (seamless while the person is still signed in to Entra). */
  sessionCookie(person: Person, secure: boolean): string {
    const exp = this.now() + SESSION_TTL_MS;
    const value = this.sessions.seal({ v: 1, tid: person.tenantId, oid: person.aadObjectId, name: person.name.slice(0, 200), exp });
    return serializeCookie(SignInCookies.names(secure).session, value, { path: '/', maxAgeSeconds: (exp - this.now()) / 1000, sameSite: 'Lax', secure });
  }

  clearSession(secure: boolean): string {
    return serializeCookie(SignInCookies.names(secure).session, '', { path: '/', maxAgeSeconds: 0, sameSite: 'Lax', secure });
  }

  readPending(cookieHeader: string | string[] | undefined, secure: boolean): PendingSignIn[] {
    const parsed = PendingPayload.safeParse(this.signIns.open(readCookie(cookieHeader, SignInCookies.names(secure).signIn)));
    if (!parsed.success) return [];
    const now = this.now();
    return parsed.data.p
      .filter((p) => p.e > now && p.e <= now + SIGN_IN_TTL_MS + 60_000 && isReportPath(p.r))
      .map((p) => ({ state: p.s, nonce: p.n, returnPath: p.r, expiresAt: p.e }));
  }

  /**
   * Entra answers with a cross-site form POST, to which browsers attach a SameSite=Lax
   * cookie never; so on https this cookie is SameSite=None (Secure). Over http (local mode)
   * the local signer is on the same origin and Lax works.
   */
  pendingCookie(pending: readonly PendingSignIn[], secure: boolean): string {
    const name = SignInCookies.names(secure).signIn;
    const kept = pending.slice(-MAX_PENDING);
    const options = { path: '/', sameSite: secure ? ('None' as const) : ('Lax' as const), secure };
    if (!kept.length) return serializeCookie(name, '', { ...options, maxAgeSeconds: 0 });
    const value = this.signIns.seal({ v: 1, p: kept.map((p) => ({ s: p.state, n: p.nonce, r: p.returnPath, e: p.expiresAt })) });
    const lastExpiry = Math.max(...kept.map((p) => p.expiresAt));
    return serializeCookie(name, value, { ...options, maxAgeSeconds: (lastExpiry - this.now()) / 1000 });
  }

  newSignIn(state: string, nonce: string, returnPath: string): PendingSignIn {
    return { state, nonce, returnPath, expiresAt: this.now() + SIGN_IN_TTL_MS };
  }
}
