import fc from 'fast-check';
import { EntraStandIn } from '../support/entra-stand-in';
import { generateSigningKey, signJwt } from '../support/key-server';
import { CookieJar, ReportDownloadServer } from '../support/report-download-server';

/**
 * Property: any change at all to a valid ID token, session cookie or sign-in cookie is
 * refused. fast-check changes one character (replaced, removed or added; the last one
 * often, where base64url has spare bits) or one bit of a decoded segment, which keeps the
 * value well-formed and so reaches the signature check.
 */
const CLIENT_ID = '6a1f0c2e-1d3b-4c5d-8e9f-0a1b2c3d4e5f';
const TENANT = '00000000-0000-0000-0000-000000000001';
const DIRECTOR = { tenantId: TENANT, aadObjectId: '00000000-0000-0000-0000-0000000000c1', name: 'Dana Director' };
const LINK = '/reports/ECR-2026-0001.docx';
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.'.split('');

const key = generateSigningKey();
const entra = new EntraStandIn([key]);
let site: ReportDownloadServer;

/** One change to a dot-separated base64url value. */
function tampered(original: string): fc.Arbitrary<string> {
  const segments = original.split('.');
  const at = fc.nat({ max: original.length - 1 });
  return fc
    .oneof(
      fc.record({ i: at, c: fc.constantFrom(...ALPHABET) }).map(({ i, c }) => original.slice(0, i) + c + original.slice(i + 1)),
      // The last character has spare bits in base64url: another spelling of the same bytes must not pass either.
      fc.constantFrom(...ALPHABET).map((c) => original.slice(0, -1) + c),
      at.map((i) => original.slice(0, i) + original.slice(i + 1)),
      fc.record({ i: fc.nat({ max: original.length }), c: fc.constantFrom(...ALPHABET) }).map(({ i, c }) => original.slice(0, i) + c + original.slice(i)),
      fc.record({ s: fc.nat({ max: segments.length - 1 }), byte: fc.nat(), bit: fc.nat({ max: 7 }) }).map(({ s, byte, bit }) => {
        const bytes = Buffer.from(segments[s]!, 'base64url');
        if (!bytes.length) return original;
        bytes[byte % bytes.length]! ^= 1 << bit;
        return segments.map((seg, k) => (k === s ? bytes.toString('base64url') : seg)).join('.');
      }),
    )
    .filter((changed) => changed !== original);
}

interface SignIn {
  cookie: string;
  state: string;
  token: string;
}

async function beginSignIn(): Promise<SignIn> {
  const jar = new CookieJar();
  const response = await site.get(LINK, jar);
  const authorize = new URL(response.headers.get('location')!);
  const nonce = authorize.searchParams.get('nonce')!;
  const now = Math.floor(Date.now() / 1000);
  const token = signJwt(
    { iss: entra.issuerFor(TENANT), aud: CLIENT_ID, tid: TENANT, oid: DIRECTOR.aadObjectId, name: DIRECTOR.name, nonce, iat: now, nbf: now, exp: now + 3600 },
    { key },
  );
  return { cookie: jar.header(), state: authorize.searchParams.get('state')!, token };
}

/** The callback, always with the same cookie header, as an attacker replaying it would. */
async function answer(cookie: string, state: string, token: string): Promise<Response> {
  return fetch(`${site.url}/auth/callback`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ id_token: token, state }).toString(),
  });
}

const setsSession = (response: Response) => response.headers.getSetCookie().some((c) => c.startsWith('ecr-session='));

beforeAll(async () => {
  await entra.start();
  site = await new ReportDownloadServer({
    localMode: false,
    config: {
      clientId: CLIENT_ID,
      metadataUrl: entra.metadataUrl,
      sessionSecret: Buffer.from('tamper-test-secret-0123456789abcdef0123'),
      allowedTenantIds: [TENANT],
    },
  }).start();
  site.reports.set('ECR-2026-0001', Buffer.from('report'));
  site.grant(DIRECTOR, 'ECR-2026-0001');
});

afterAll(async () => {
  await site.stop();
  await entra.stop();
});

it('refuses every tampered ID token (and the untampered one still works after)', async () => {
  const signIn = await beginSignIn();
  await fc.assert(
    fc.asyncProperty(tampered(signIn.token), async (token) => {
      const response = await answer(signIn.cookie, signIn.state, token);
      expect(response.status).not.toBe(303);
      expect(setsSession(response)).toBe(false);
    }),
    { numRuns: 200 },
  );
  expect((await answer(signIn.cookie, signIn.state, signIn.token)).status).toBe(303);
});

it('refuses every tampered sign-in cookie', async () => {
  const signIn = await beginSignIn();
  const [name, value] = signIn.cookie.split('=') as [string, string];
  await fc.assert(
    fc.asyncProperty(tampered(value), async (changed) => {
      const response = await answer(`${name}=${changed}`, signIn.state, signIn.token);
      expect(response.status).toBe(400);
      expect(setsSession(response)).toBe(false);
    }),
    { numRuns: 200 },
  );
  expect((await answer(signIn.cookie, signIn.state, signIn.token)).status).toBe(303);
});

it('refuses every tampered session cookie', async () => {
  const signIn = await beginSignIn();
  const session = (await answer(signIn.cookie, signIn.state, signIn.token)).headers.getSetCookie().find((c) => c.startsWith('ecr-session='))!;
  const value = session.split(';')[0]!.slice('ecr-session='.length);
  const jar = new CookieJar();
  jar.values.set('ecr-session', value);
  expect((await site.get(LINK, jar)).status).toBe(200);
  const calls = site.downloads.length;
  await fc.assert(
    fc.asyncProperty(tampered(value), async (changed) => {
      const forged = new CookieJar();
      forged.values.set('ecr-session', changed);
      expect((await site.get(LINK, forged)).status).toBe(302);
    }),
    { numRuns: 200 },
  );
  expect(site.downloads).toHaveLength(calls);
});
