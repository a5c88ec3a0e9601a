import { createHmac } from 'node:crypto';
import { CookieSealer } from '../../bot/auth/signed-cookie';
import { parseDownloadAuthConfig, type DownloadAuthConfig } from '../../bot/auth/download-auth-config';
import { EntraStandIn } from '../support/entra-stand-in';
import { generateSigningKey, signJwt, type SigningKey } from '../support/key-server';
import { CookieJar, ReportDownloadServer } from '../support/report-download-server';

/**
 * Report downloads with Entra ID (a loopback stand-in): the link carries no identity, the
 * browser signs in with OpenID Connect, the callback validates the ID token itself, and
 * every download asks the access policy (a stub here) for this person at this moment.
 */
const CLIENT_ID = '6a1f0c2e-1d3b-4c5d-8e9f-0a1b2c3d4e5f';
const TENANT = '00000000-0000-0000-0000-000000000001';
const OTHER_TENANT = '7e57e57e-0000-4000-8000-000000000099';
const SECRET = 'test-session-secret-0123456789abcdef-0123456789';
const REFERENCE = 'ECR-2026-0001';
const LINK = `/reports/${REFERENCE}.docx`;
const DIRECTOR = { tenantId: TENANT, aadObjectId: '00000000-0000-0000-0000-0000000000c1', name: 'Dana Director' };
const STRANGER = { tenantId: TENANT, aadObjectId: '5a5a5a5a-0000-4000-8000-000000000005', name: 'Stan Stranger' };
const REPORT = Buffer.from('PK\u0003\u0004 the decision report bytes');

const trusted = generateSigningKey();
const unpublished = generateSigningKey();
const entra = new EntraStandIn([trusted]);
let site: ReportDownloadServer;
/** Every token and cookie value a test used: none may appear in a URL or a log line. */
const secrets: string[] = [];

function config(overrides: Partial<DownloadAuthConfig> = {}): DownloadAuthConfig {
  return { clientId: CLIENT_ID, metadataUrl: entra.metadataUrl, sessionSecret: Buffer.from(SECRET), allowedTenantIds: [TENANT], ...overrides };
}

const seconds = () => Math.floor(site.now() / 1000);

function claimsFor(person: typeof DIRECTOR, nonce: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: entra.issuerFor(person.tenantId),
    aud: CLIENT_ID,
    tid: person.tenantId,
    oid: person.aadObjectId,
    sub: 'pairwise-subject',
    name: person.name,
    nonce,
    iat: seconds() - 10,
    nbf: seconds() - 10,
    exp: seconds() + 3600,
    ver: '2.0',
    ...overrides,
  };
}

function idToken(claims: Record<string, unknown>, key: SigningKey = trusted, extra: { alg?: 'RS256' | 'none'; kid?: string | null } = {}): string {
  const token = signJwt(claims, { key, ...extra });
  secrets.push(token);
  return token;
}

interface SignIn {
  jar: CookieJar;
  state: string;
  nonce: string;
  authorize: URL;
}

/** Opens the link without a session: the bot sends the browser to Entra. */
async function startSignIn(path = LINK, jar = new CookieJar()): Promise<SignIn> {
  const response = await site.get(path, jar);
  expect(response.status).toBe(302);
  const authorize = new URL(response.headers.get('location')!);
  const state = authorize.searchParams.get('state')!;
  const nonce = authorize.searchParams.get('nonce')!;
  secrets.push(state, nonce);
  return { jar, state, nonce, authorize };
}

/** Entra's form_post back to the bot. */
async function callback(signIn: SignIn, token: string, jar = signIn.jar): Promise<Response> {
  return site.postForm('/auth/callback', { id_token: token, state: signIn.state }, jar);
}

async function signedIn(person = DIRECTOR): Promise<CookieJar> {
  const signIn = await startSignIn();
  const response = await callback(signIn, idToken(claimsFor(person, signIn.nonce)));
  expect(response.status).toBe(303);
  for (const v of signIn.jar.values.values()) secrets.push(v);
  return signIn.jar;
}

const sessionCookie = (jar: CookieJar) => jar.values.get('ecr-session');

beforeAll(async () => {
  await entra.start();
  site = await new ReportDownloadServer({ localMode: false, config: config(), provider: { minRefreshMs: 0 } }).start();
  site.reports.set(REFERENCE, REPORT);
  site.reports.set('ECR-2026-0002', Buffer.from('another report'));
  site.grant(DIRECTOR, REFERENCE);
});

afterAll(async () => {
  await site.stop();
  await entra.stop();
});

afterEach(() => {
  site.offsetMs = 0;
  site.failDownloads = false;
});

describe('signing in to download a report', () => {
  it('sends the browser to Entra, validates its answer, and then gives the report to the person signed in', async () => {
    const jar = new CookieJar();
    const first = await site.get(LINK, jar);
    expect(first.status).toBe(302);
    const authorize = new URL(first.headers.get('location')!);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(entra.authorizeUrl);
    const q = Object.fromEntries(authorize.searchParams);
    expect(q).toEqual({
      client_id: CLIENT_ID,
      response_type: 'id_token',
      response_mode: 'form_post',
      scope: 'openid profile',
      redirect_uri: `${site.base}/auth/callback`,
      state: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      nonce: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(q.state).not.toBe(q.nonce);
    const signInCookie = jar.lines.find((l) => l.startsWith('ecr-signin='))!;
    expect(signInCookie).toMatch(/; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/);
    expect(site.downloads).toHaveLength(0);

    const answered = await site.postForm('/auth/callback', { id_token: idToken(claimsFor(DIRECTOR, q.nonce!)), state: q.state! }, jar);
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toBe(LINK);
    const session = jar.lines.find((l) => l.startsWith('ecr-session='))!;
    expect(session).toMatch(/; Path=\/; Max-Age=(3[0-5]\d\d|3600); HttpOnly; SameSite=Lax$/);
    // The sign-in is answered: its cookie is cleared.
    expect(jar.values.has('ecr-signin')).toBe(false);

    const download = await site.get(LINK, jar);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(REPORT);
    expect(download.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="${REFERENCE}.docx"`);
    expect(download.headers.get('cache-control')).toBe('no-store');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('referrer-policy')).toBe('no-referrer');
    expect(site.downloads.at(-1)).toEqual({ person: DIRECTOR, reference: REFERENCE });
  });

  it('asks the access policy again at every download: access withdrawn after sign-in is refused', async () => {
    const jar = await signedIn(DIRECTOR);
    site.grant(DIRECTOR, 'ECR-2026-0003');
    site.reports.set('ECR-2026-0003', Buffer.from('third'));
    expect((await site.get('/reports/ECR-2026-0003.docx', jar)).status).toBe(200);
    site.reports.delete('ECR-2026-0003');
    expect((await site.get('/reports/ECR-2026-0003.docx', jar)).status).toBe(404);
  });

  it('a forwarded link, opened without the session, goes to sign-in and never gives the bytes', async () => {
    await signedIn(DIRECTOR);
    const calls = site.downloads.length;
    const forwarded = await site.get(LINK);
    expect(forwarded.status).toBe(302);
    expect(new URL(forwarded.headers.get('location')!).origin).toBe(entra.url);
    expect(Buffer.from(await forwarded.arrayBuffer()).includes(REPORT)).toBe(false);
    expect(site.downloads).toHaveLength(calls);
  });

  it('an old-style link with the viewer and a signature in its query is just the link: sign-in first', async () => {
    const response = await site.get(`${LINK}?v=${DIRECTOR.aadObjectId}&e=${Date.now() + 60_000}&s=${'a'.repeat(64)}`);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).not.toContain(DIRECTOR.aadObjectId);
  });

  it("a stranger's valid sign-in reaches the policy as the stranger, whose refusal is a 404 that does not say whether the request exists", async () => {
    const jar = await signedIn(STRANGER);
    const refused = await site.get(LINK, jar, 'application/json');
    expect(site.downloads.at(-1)).toEqual({ person: STRANGER, reference: REFERENCE });
    expect(refused.status).toBe(404);
    const missing = await site.get('/reports/ECR-2026-9999.docx', jar, 'application/json');
    expect(missing.status).toBe(404);
    expect(await refused.text()).toBe(await missing.text());
    const page = await site.get(LINK, jar);
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(await page.text()).toContain('signed in as Stan Stranger');
  });

  it('a failing download is a 500 with a friendly message and nothing of the error', async () => {
    const jar = await signedIn(DIRECTOR);
    site.failDownloads = true;
    const response = await site.get(LINK, jar, 'application/json');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('storage unreachable');
  });

  it('answers anything that is not a report file with the same 404, and never redirects for it', async () => {
    for (const path of [
      '/reports/ECR-2026-0001.pdf',
      '/reports/..%2F..%2Fevil.example%2Fx.docx',
      '/reports/%2F%2Fevil.example.docx',
      '/reports/ECR-2026-0001.docx%3Fx',
    ]) {
      const response = await site.get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('location')).toBeNull();
    }
  });
});

describe('the callback refuses an ID token that is not exactly right', () => {
  const cases: Array<[string, (s: SignIn) => string, string]> = [
    [
      'expired (beyond five minutes of skew)',
      (s) => idToken(claimsFor(DIRECTOR, s.nonce, { exp: seconds() - 301, iat: seconds() - 4000, nbf: seconds() - 4000 })),
      'expired',
    ],
    ['not yet valid', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { nbf: seconds() + 600 })), 'not_yet_valid'],
    ['issued in the future', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { iat: seconds() + 600 })), 'not_yet_valid'],
    ['for another app', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { aud: '0bad0bad-0000-4000-8000-000000000000' })), 'audience'],
    ['for several apps without azp', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { aud: [CLIENT_ID, 'other-app'] })), 'audience'],
    ['from another issuer', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { iss: `https://login.example.com/${TENANT}/v2.0` })), 'issuer'],
    ["with another tenant's issuer than its tid", (s) => idToken(claimsFor(DIRECTOR, s.nonce, { iss: entra.issuerFor(OTHER_TENANT) })), 'issuer'],
    ['from a tenant not allowed', (s) => idToken(claimsFor({ ...DIRECTOR, tenantId: OTHER_TENANT }, s.nonce)), 'tenant'],
    ['without a tenant', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { tid: undefined })), 'tenant'],
    ['with the nonce of another sign-in', (s) => idToken(claimsFor(DIRECTOR, `${s.nonce.slice(1)}x`)), 'nonce'],
    ['without a nonce', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { nonce: undefined })), 'nonce'],
    ['without an object id', (s) => idToken(claimsFor(DIRECTOR, s.nonce, { oid: undefined })), 'subject'],
    ['unsigned (alg none)', (s) => idToken(claimsFor(DIRECTOR, s.nonce), trusted, { alg: 'none' }), 'algorithm'],
    ['HS256 with the public key as the secret', (s) => hs256(claimsFor(DIRECTOR, s.nonce)), 'algorithm'],
    ['signed by a key Entra does not publish', (s) => idToken(claimsFor(DIRECTOR, s.nonce), unpublished), 'unknown_key'],
    ['claiming a published kid, signed by another key', (s) => idToken(claimsFor(DIRECTOR, s.nonce), unpublished, { kid: trusted.kid }), 'signature'],
    ['without a kid', (s) => idToken(claimsFor(DIRECTOR, s.nonce), trusted, { kid: null }), 'unknown_key'],
    ['with a changed payload', (s) => swapPayload(idToken(claimsFor(STRANGER, s.nonce)), claimsFor(DIRECTOR, s.nonce)), 'signature'],
    ['with a changed signature', (s) => flipSignature(idToken(claimsFor(DIRECTOR, s.nonce))), 'signature'],
    ['not a JWT', () => 'not-a-token', 'malformed'],
  ];

  it.each(cases)('%s', async (_name, make, reason) => {
    const signIn = await startSignIn();
    const calls = site.downloads.length;
    const logged = site.logs.length;
    const response = await callback(signIn, make(signIn));
    expect([400, 403]).toContain(response.status);
    expect(response.headers.get('location')).toBeNull();
    expect(sessionCookie(signIn.jar)).toBeUndefined();
    expect(site.logs.slice(logged).join('\n')).toContain(`"reason":"${reason}"`);
    // Still not signed in: the link sends the browser back to sign in.
    expect((await site.get(LINK, signIn.jar)).status).toBe(302);
    expect(site.downloads).toHaveLength(calls);
  });

  it('accepts a token just within the five minutes of clock skew', async () => {
    const signIn = await startSignIn();
    const response = await callback(signIn, idToken(claimsFor(DIRECTOR, signIn.nonce, { exp: seconds() - 240, iat: seconds() - 3900, nbf: seconds() - 3900 })));
    expect(response.status).toBe(303);
    expect((await site.get(LINK, signIn.jar)).status).toBe(200);
  });

  it('refuses a callback with an unknown state, without the sign-in cookie, or repeated', async () => {
    const signIn = await startSignIn();
    const token = idToken(claimsFor(DIRECTOR, signIn.nonce));
    expect((await site.postForm('/auth/callback', { id_token: token, state: 'x'.repeat(43) }, signIn.jar.clone())).status).toBe(400);
    expect((await site.postForm('/auth/callback', { id_token: token, state: signIn.state })).status).toBe(400);
    expect((await site.postForm('/auth/callback', { id_token: token, state: signIn.state, ...{} }, signIn.jar.clone())).status).toBe(303);
    // The same answer again, cookie and all (captured from the browser): the nonce is spent.
    const replayed = await site.postForm('/auth/callback', { id_token: token, state: signIn.state }, signIn.jar.clone());
    expect(replayed.status).toBe(403);
    expect(site.logs.at(-1)).toContain('"reason":"replay"');
  });

  it('refuses a repeated id_token or state field rather than choosing one', async () => {
    const signIn = await startSignIn();
    const token = idToken(claimsFor(DIRECTOR, signIn.nonce));
    const body = `id_token=${token}&id_token=${token}&state=${signIn.state}`;
    const response = await fetch(`${site.url}/auth/callback`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: signIn.jar.header() },
      body,
    });
    expect(response.status).toBe(400);
  });

  it("shows Entra's error answer as a friendly page, escaping nothing of what it was sent", async () => {
    const signIn = await startSignIn();
    const response = await site.postForm(
      '/auth/callback',
      { error: 'access_denied', error_description: '<script>alert(1)</script>', state: signIn.state },
      signIn.jar,
    );
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('You were not signed in');
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('alert(1)');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(site.logs.at(-1)).toContain('"error":"access_denied"');
  });

  it('refuses bodies that are not small forms', async () => {
    const signIn = await startSignIn();
    const big = await site.postForm('/auth/callback', { id_token: 'a'.repeat(17 * 1024), state: signIn.state }, signIn.jar);
    expect(big.status).toBe(413);
    const json = await fetch(`${site.url}/auth/callback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
  });
});

describe('the cookies', () => {
  it('refuses a tampered session cookie', async () => {
    const jar = await signedIn(DIRECTOR);
    const [payload, mac] = sessionCookie(jar)!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, oid: STRANGER.aadObjectId })).toString('base64url');
    jar.values.set('ecr-session', `${forged}.${mac}`);
    const calls = site.downloads.length;
    expect((await site.get(LINK, jar)).status).toBe(302);
    expect(site.downloads).toHaveLength(calls);
  });

  it('refuses an expired session cookie, and one claiming to last longer than an hour', async () => {
    const jar = await signedIn(DIRECTOR);
    site.offsetMs = 61 * 60_000;
    expect((await site.get(LINK, jar)).status).toBe(302);
    site.offsetMs = 0;
    const sealer = new CookieSealer(Buffer.from(SECRET), 'session');
    jar.values.set('ecr-session', sealer.seal({ v: 1, tid: TENANT, oid: DIRECTOR.aadObjectId, name: 'x', exp: Date.now() + 48 * 3600_000 }));
    expect((await site.get(LINK, jar)).status).toBe(302);
  });

  it('does not accept a sign-in cookie as a session cookie (each has its own key)', async () => {
    const signIn = await startSignIn();
    const jar = new CookieJar();
    jar.values.set('ecr-session', signIn.jar.values.get('ecr-signin')!);
    expect((await site.get(LINK, jar)).status).toBe(302);
  });

  it('refuses a sign-in that has expired (ten minutes)', async () => {
    const signIn = await startSignIn();
    site.offsetMs = 11 * 60_000;
    const response = await callback(signIn, idToken(claimsFor(DIRECTOR, signIn.nonce)));
    expect(response.status).toBe(400);
    expect(site.logs.at(-1)).toContain('"reason":"state"');
  });

  it('keeps two sign-ins apart: two report links opened at once both complete', async () => {
    site.grant(DIRECTOR, 'ECR-2026-0002');
    const first = await startSignIn(LINK);
    const second = await startSignIn('/reports/ECR-2026-0002.docx', first.jar);
    expect((await callback(second, idToken(claimsFor(DIRECTOR, second.nonce)))).headers.get('location')).toBe('/reports/ECR-2026-0002.docx');
    expect((await callback(first, idToken(claimsFor(DIRECTOR, first.nonce)))).headers.get('location')).toBe(LINK);
  });

  it('cannot be made to redirect anywhere but a report on this server', async () => {
    const sealer = new CookieSealer(Buffer.from(SECRET), 'sign-in');
    for (const target of [
      'https://evil.example/reports/ECR-2026-0001.docx',
      '//evil.example/reports/ECR-2026-0001.docx',
      '/\\evil.example/reports/ECR-2026-0001.docx',
      '/reports/ECR-2026-0001.docx/../../x',
      '/auth/callback',
    ]) {
      const state = 's'.repeat(43);
      const nonce = 'n'.repeat(43);
      const jar = new CookieJar();
      jar.values.set('ecr-signin', sealer.seal({ v: 1, p: [{ s: state, n: nonce, r: target, e: Date.now() + 60_000 }] }));
      const response = await site.postForm('/auth/callback', { id_token: idToken(claimsFor(DIRECTOR, nonce)), state }, jar);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(jar.values.has('ecr-session')).toBe(false);
    }
  });
});

describe('on https', () => {
  it('uses __Host- cookies, Secure; the sign-in cookie is SameSite=None because Entra answers with a cross-site POST', async () => {
    const https = await new ReportDownloadServer({ localMode: false, config: config(), publicBase: 'https://ecr.example.gov.uk' }).start();
    try {
      https.reports.set(REFERENCE, REPORT);
      https.grant(DIRECTOR, REFERENCE);
      const jar = new CookieJar();
      const first = await https.get(LINK, jar);
      const authorize = new URL(first.headers.get('location')!);
      expect(authorize.searchParams.get('redirect_uri')).toBe('https://ecr.example.gov.uk/auth/callback');
      expect(jar.lines[0]).toMatch(/^__Host-ecr-signin=[^;]+; Path=\/; Max-Age=600; HttpOnly; SameSite=None; Secure$/);
      const nonce = authorize.searchParams.get('nonce')!;
      const answered = await https.postForm(
        '/auth/callback',
        { id_token: idToken(claimsFor(DIRECTOR, nonce)), state: authorize.searchParams.get('state')! },
        jar,
      );
      expect(answered.status).toBe(303);
      expect(answered.headers.get('location')).toBe(LINK);
      expect(jar.lines.find((l) => l.startsWith('__Host-ecr-session='))).toMatch(/; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax; Secure$/);
      expect((await https.get(LINK, jar)).status).toBe(200);
      // A cookie without the prefix (as a plain-http page could plant) is not read on https.
      const planted = new CookieJar();
      planted.values.set('ecr-session', jar.values.get('__Host-ecr-session')!);
      expect((await https.get(LINK, planted)).status).toBe(302);
    } finally {
      await https.stop();
    }
  });
});

describe("Entra's keys", () => {
  it('fetches the metadata and keys once, then refetches the keys once for a new kid (a rotation)', async () => {
    const before = entra.requests.length;
    await signedIn(DIRECTOR);
    await signedIn(DIRECTOR);
    expect(entra.requests.slice(before)).toEqual([]);
    const rotated = generateSigningKey();
    entra.keys = [trusted, rotated];
    const signIn = await startSignIn();
    expect((await callback(signIn, idToken(claimsFor(DIRECTOR, signIn.nonce), rotated))).status).toBe(303);
    expect(entra.requests.slice(before)).toEqual(['/organizations/discovery/v2.0/keys']);
    entra.keys = [trusted];
  });

  it('refetches at most once per interval however many unknown kids arrive', async () => {
    const limited = await new ReportDownloadServer({ localMode: false, config: config(), provider: { minRefreshMs: 60_000 } }).start();
    try {
      const before = entra.requests.length;
      for (let i = 0; i < 5; i++) {
        const jar = new CookieJar();
        const first = await limited.get(LINK, jar);
        const authorize = new URL(first.headers.get('location')!);
        const response = await limited.postForm(
          '/auth/callback',
          {
            id_token: idToken(claimsFor(DIRECTOR, authorize.searchParams.get('nonce')!), unpublished, { kid: `rotated-${i}` }),
            state: authorize.searchParams.get('state')!,
          },
          jar,
        );
        expect(response.status).toBe(403);
      }
      expect(entra.requests.slice(before).filter((p) => p.endsWith('/keys'))).toHaveLength(1);
    } finally {
      await limited.stop();
    }
  });

  it('gives a friendly 503 when Entra does not answer in time', async () => {
    const silent = new EntraStandIn([trusted]);
    await silent.start();
    silent.hang = true;
    const waiting = await new ReportDownloadServer({
      localMode: false,
      config: config({ metadataUrl: silent.metadataUrl }),
      provider: { timeoutMs: 300 },
    }).start();
    try {
      const started = Date.now();
      const response = await waiting.get(LINK, undefined, 'application/json');
      expect(response.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await response.text()).toContain('Sign-in is not available just now');
    } finally {
      await waiting.stop();
      await silent.stop();
    }
  });
});

describe('what the server issues and logs', () => {
  it('no URL it issues or accepts holds an object id, tenant id, token, signature or cookie', async () => {
    const urls: string[] = [LINK];
    const signIn = await startSignIn();
    urls.push(signIn.authorize.toString(), signIn.authorize.searchParams.get('redirect_uri')!);
    const token = idToken(claimsFor(DIRECTOR, signIn.nonce));
    const answered = await callback(signIn, token);
    urls.push(answered.headers.get('location')!);
    const page = await (await site.get(LINK, await signedIn(STRANGER))).text();
    urls.push(...[...page.matchAll(/action="([^"]*)"/g)].map((m) => m[1]!));
    const forbidden = [DIRECTOR.aadObjectId, STRANGER.aadObjectId, TENANT, token, token.split('.')[2]!, ...signIn.jar.values.values()];
    for (const url of urls) for (const value of forbidden) expect(url.toLowerCase()).not.toContain(value.toLowerCase());
  });

  it('logs no token, cookie, state, nonce or query string', () => {
    const logs = site.logs.join('\n');
    expect(site.logs.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
    expect(logs).not.toMatch(/\?v=|state=|nonce=|id_token|ecr-session|ecr-signin/);
  });
});

describe('configuration', () => {
  const production = { MicrosoftAppId: CLIENT_ID, SESSION_SECRET: SECRET, PUBLIC_BASE_URL: 'https://ecr.example.gov.uk' };
  const parse = (env: Record<string, string>, allowedTenantIds: string[] = [TENANT], localMode = false) =>
    parseDownloadAuthConfig(env, { localMode, allowedTenantIds });

  it('defaults the client id to MicrosoftAppId and the authority to Entra /organizations', () => {
    const result = parse(production);
    expect(result.ok && result.config).toMatchObject({
      clientId: CLIENT_ID,
      metadataUrl: 'https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration',
      allowedTenantIds: [TENANT],
    });
  });

  it("uses a single-tenant app's own tenant (Entra refuses /organizations for it), or ENTRA_AUTHORITY", () => {
    const single = parse({ ...production, MicrosoftAppTenantId: TENANT });
    expect(single.ok && single.config.metadataUrl).toBe(`https://login.microsoftonline.com/${TENANT}/v2.0/.well-known/openid-configuration`);
    const set = parse({ ...production, ENTRA_AUTHORITY: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/', ENTRA_CLIENT_ID: TENANT });
    expect(set.ok && set.config).toMatchObject({
      clientId: TENANT,
      metadataUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/v2.0/.well-known/openid-configuration',
    });
  });

  it('needs its own app registration when the bot is a managed identity', () => {
    const msi = parse({ ...production, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT });
    expect(msi.ok ? [] : msi.problems).toEqual([expect.stringMatching(/^ENTRA_CLIENT_ID: is required with MicrosoftAppType=UserAssignedMSI/)]);
    const registered = parse({
      ...production,
      MicrosoftAppType: 'UserAssignedMSI',
      MicrosoftAppTenantId: TENANT,
      ENTRA_CLIENT_ID: '0c0c0c0c-0000-4000-8000-000000000000',
    });
    expect(registered.ok && registered.config.clientId).toBe('0c0c0c0c-0000-4000-8000-000000000000');
  });

  it('names each problem outside local mode', () => {
    const result = parse({ ENTRA_AUTHORITY: 'http://login.example.com/x?y=1' }, []);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      expect.stringMatching(/^ENTRA_CLIENT_ID: is required/),
      'ENTRA_AUTHORITY: must be https',
      expect.stringMatching(/^ENTRA_AUTHORITY: must not have a query/),
      expect.stringMatching(/^SESSION_SECRET: is required outside local mode/),
      expect.stringMatching(/^ALLOWED_TENANT_IDS: is required outside local mode/),
      expect.stringMatching(/^PUBLIC_BASE_URL: is required outside local mode/),
    ]);
    const short = parse({ ...production, SESSION_SECRET: 'too short', ENTRA_CLIENT_ID: 'not-a-guid' });
    expect(short.ok ? [] : short.problems).toEqual([
      expect.stringMatching(/^ENTRA_CLIENT_ID: must be the Application \(client\) ID/),
      expect.stringMatching(/^SESSION_SECRET: must be at least 32 characters/),
    ]);
    const http = parse({ ...production, PUBLIC_BASE_URL: 'http://ecr.example.gov.uk' });
    expect(http.ok ? [] : http.problems).toEqual([expect.stringMatching(/^PUBLIC_BASE_URL: must be https/)]);
  });

  it('needs nothing in local mode: a random secret per process and the local client id', () => {
    const a = parse({}, [], true);
    const b = parse({}, [], true);
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.config.metadataUrl).toBeUndefined();
    expect(a.config.clientId).toBe('establishment-changes-local');
    expect(a.config.sessionSecret.length).toBe(32);
    expect(a.config.sessionSecret.equals(b.config.sessionSecret)).toBe(false);
  });
});

/** An HS256 token keyed with the RSA public key's PEM: the classic algorithm-confusion attack. */
function hs256(claims: Record<string, unknown>): string {
  const input = `${Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: trusted.kid })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  const pem = trusted.publicKey.export({ type: 'spki', format: 'pem' });
  const token = `${input}.${createHmac('sha256', pem).update(input).digest('base64url')}`;
  secrets.push(token);
  return token;
}

function swapPayload(token: string, claims: Record<string, unknown>): string {
  const [header, , signature] = token.split('.');
  const swapped = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  secrets.push(swapped);
  return swapped;
}

function flipSignature(token: string): string {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature!, 'base64url');
  bytes[10] = bytes[10]! ^ 0x01;
  const flipped = `${header}.${payload}.${bytes.toString('base64url')}`;
  secrets.push(flipped);
  return flipped;
}
