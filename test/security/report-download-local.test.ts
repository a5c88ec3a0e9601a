import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { parseDownloadAuthConfig, type DownloadAuthConfig } from '../../bot/auth/download-auth-config';
import { localPeople } from '../../bot/auth/local-people';
import { RoutingConfigSchema } from '../../domain/routing';
import { CookieJar, ReportDownloadServer } from '../support/report-download-server';

/**
 * Local mode: no Entra ID, so the bot's own local signer (loopback only) issues the ID
 * tokens, and the callback validates them by the same code as Entra's. Nothing leaves the
 * machine.
 */
const routing = RoutingConfigSchema.parse(JSON.parse(readFileSync(resolve(__dirname, '../../config/routing.example.json'), 'utf8')));
const TENANT = routing.tenantId;
const MARKUP = { tenantId: TENANT, aadObjectId: '00000000-0000-0000-0000-0000000000e1', name: '<img src=x onerror=alert(1)> "Quote" & Co' };
const people = [...localPeople(routing), MARKUP];
const DIRECTOR = people.find((p) => p.name === 'Dana Director')!;
const REFERENCE = 'ECR-2026-0001';
const LINK = `/reports/${REFERENCE}.docx`;
const REPORT = Buffer.from('PK\u0003\u0004 local report');

const fetched: string[] = [];
let site: ReportDownloadServer;
let config: DownloadAuthConfig;

interface PersonForm {
  action: string;
  fields: Record<string, string>;
  label: string;
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_m, code: string) => String.fromCharCode(Number(code)));

/** The forms of the local signer's page, as a browser would read them. */
function formsOf(page: string): PersonForm[] {
  return [...page.matchAll(/<form method="post" action="([^"]*)">(.*?)<button type="submit">(.*?)<\/button><\/form>/g)].map((m) => ({
    action: unescape(m[1]!),
    fields: Object.fromEntries([...m[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((f) => [unescape(f[1]!), unescape(f[2]!)])),
    label: unescape(m[3]!),
  }));
}

/** Opens the link, follows to the local signer, and returns its page. */
async function openLocalSignIn(jar: CookieJar): Promise<{ page: string; response: Response; authorize: URL }> {
  const first = await site.get(LINK, jar);
  expect(first.status).toBe(302);
  const authorize = new URL(first.headers.get('location')!);
  const response = await site.get(`${authorize.pathname}${authorize.search}`, jar);
  return { page: await response.text(), response, authorize };
}

async function signInAs(name: string, jar = new CookieJar()): Promise<CookieJar> {
  const { page } = await openLocalSignIn(jar);
  const form = formsOf(page).find((f) => f.label === name)!;
  const answered = await site.postForm(new URL(form.action).pathname, form.fields, jar);
  expect(answered.status).toBe(303);
  expect(answered.headers.get('location')).toBe(LINK);
  return jar;
}

beforeAll(async () => {
  const parsed = parseDownloadAuthConfig({}, { localMode: true, allowedTenantIds: [] });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  config = parsed.config;
  site = await new ReportDownloadServer({
    localMode: true,
    config,
    people,
    provider: { fetch: (url, init) => (fetched.push(String(url)), fetch(url, init)) },
  }).start();
  site.reports.set(REFERENCE, REPORT);
  site.grant(DIRECTOR, REFERENCE);
});

afterAll(() => site.stop());

describe('the local signer', () => {
  it('signs in whoever you choose and the report downloads, end to end on loopback', async () => {
    const jar = new CookieJar();
    const { page, response, authorize } = await openLocalSignIn(jar);
    expect(authorize.origin).toBe(site.url);
    expect(authorize.pathname).toBe('/auth/local/authorize');
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page).not.toContain('<script');

    const forms = formsOf(page);
    expect(forms.map((f) => f.label)).toEqual(
      expect.arrayContaining([
        'Olivia Officer',
        'Sid Stranger',
        'Fiona Finance',
        'Harry Hr',
        'Lena Legal',
        'Dana Director',
        'Derek Democratic',
        'Sam Scrutiny',
        'Sara Scrutiny',
        'Oscar Overview',
        'Cancel',
      ]),
    );
    const dana = forms.find((f) => f.label === 'Dana Director')!;
    expect(dana.action).toBe(`${site.url}/auth/callback`);
    expect(Object.keys(dana.fields)).toEqual(['id_token', 'state']);
    expect(dana.fields.state).toBe(authorize.searchParams.get('state'));

    const answered = await site.postForm('/auth/callback', dana.fields, jar);
    expect(answered.status).toBe(303);
    const download = await site.get(LINK, jar);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer())).toEqual(REPORT);
    expect(site.downloads.at(-1)).toEqual({ person: { tenantId: TENANT, aadObjectId: DIRECTOR.aadObjectId, name: 'Dana Director' }, reference: REFERENCE });
    // Metadata and keys came from the bot itself.
    expect(fetched.length).toBeGreaterThan(0);
    for (const url of fetched) expect(url.startsWith(`${site.url}/auth/local/`)).toBe(true);
  });

  it("publishes metadata in Entra's shape and a JWKS with only the public key", async () => {
    const metadata = (await (
      await site.get('/auth/local/organizations/v2.0/.well-known/openid-configuration', undefined, 'application/json')
    ).json()) as Record<string, string>;
    expect(metadata.issuer).toBe(`${site.url}/auth/local/{tenantid}/v2.0`);
    const jwks = (await (await fetch(metadata.jwks_uri!)).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', use: 'sig', alg: 'RS256' });
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('escapes the names it shows', async () => {
    const { page } = await openLocalSignIn(new CookieJar());
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;img src&#61;x onerror&#61;alert(1)&#62; &#34;Quote&#34; &#38; Co');
    expect(formsOf(page).some((f) => f.label === MARKUP.name)).toBe(true);
  });

  it('someone signed in who may not see the request gets the 404, and can sign out to choose again', async () => {
    const jar = await signInAs('Sam Scrutiny');
    const refused = await site.get(LINK, jar);
    expect(refused.status).toBe(404);
    expect(site.downloads.at(-1)!.person.name).toBe('Sam Scrutiny');
    expect(await refused.text()).toContain('action="/auth/sign-out"');
    const out = await site.postForm('/auth/sign-out', {}, jar);
    expect(out.status).toBe(200);
    expect(jar.values.has('ecr-session')).toBe(false);
    await signInAs('Dana Director', jar);
    expect((await site.get(LINK, jar)).status).toBe(200);
  });

  it("cancelling is Entra's access_denied answer: a friendly page and no session", async () => {
    const jar = new CookieJar();
    const { page } = await openLocalSignIn(jar);
    const cancel = formsOf(page).find((f) => f.label === 'Cancel')!;
    const response = await site.postForm('/auth/callback', cancel.fields, jar);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('You were not signed in');
    expect(jar.values.has('ecr-session')).toBe(false);
  });

  it('a token it signed for one sign-in is refused for another (the nonce binds it)', async () => {
    const first = formsOf((await openLocalSignIn(new CookieJar())).page).find((f) => f.label === 'Dana Director')!;
    const jar = new CookieJar();
    const second = formsOf((await openLocalSignIn(jar)).page).find((f) => f.label === 'Dana Director')!;
    const response = await site.postForm('/auth/callback', { id_token: first.fields.id_token!, state: second.fields.state! }, jar);
    expect(response.status).toBe(403);
    expect(site.logs.at(-1)).toContain('"reason":"nonce"');
  });

  it('answers only a sign-in request for this bot, returning to this bot', async () => {
    const { authorize } = await openLocalSignIn(new CookieJar());
    const variants: Array<Record<string, string | null>> = [
      { redirect_uri: 'https://evil.example/auth/callback' },
      { redirect_uri: `${site.url}/reports/x` },
      { client_id: 'someone-else' },
      { response_mode: 'query' },
      { response_type: 'code' },
      { nonce: null },
      { state: '<script>' },
    ];
    for (const change of variants) {
      const url = new URL(authorize);
      for (const [k, v] of Object.entries(change)) {
        if (v === null) url.searchParams.delete(k);
        else url.searchParams.set(k, v);
      }
      const response = await site.get(`${url.pathname}${url.search}`);
      expect(response.status).toBe(400);
      const page = await response.text();
      expect(page).not.toContain('id_token');
      expect(page).not.toContain('evil.example');
    }
  });
});

describe('where the local signer is not', () => {
  it('is not mounted outside local mode', async () => {
    const entraMode = await new ReportDownloadServer({
      localMode: false,
      config: { ...config, metadataUrl: 'https://login.invalid/organizations/v2.0/.well-known/openid-configuration', allowedTenantIds: [TENANT] },
    }).start();
    try {
      for (const path of ['/auth/local/authorize', '/auth/local/keys', '/auth/local/organizations/v2.0/.well-known/openid-configuration']) {
        expect((await entraMode.get(path)).status).toBe(404);
      }
    } finally {
      await entraMode.stop();
    }
  });

  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  (external ? it : it.skip)('answers nothing that does not come from this machine', async () => {
    const open = await new ReportDownloadServer({ localMode: true, config, people, host: '0.0.0.0' }).start();
    try {
      const port = new URL(open.url).port;
      for (const path of ['/auth/local/keys', '/auth/local/organizations/v2.0/.well-known/openid-configuration', '/auth/local/authorize']) {
        expect((await fetch(`http://${external!.address}:${port}${path}`)).status).toBe(404);
        expect((await fetch(`http://127.0.0.1:${port}${path}`)).status).not.toBe(404);
      }
    } finally {
      await open.stop();
    }
  });
});
