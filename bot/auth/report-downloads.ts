import type { Person } from '../../domain/person';
import { randomBytes } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import type { DownloadAuthConfig } from './download-auth-config';
import { mountDocumentDownloads, type DocumentDownload } from './document-route';
import { mountRegisterDownloads, type RegisterDownload } from './register-route';
import { readFormBody, single } from './form-body';
import { validateIdToken } from './id-token';
import { LocalSigner } from './local-signer';
import { OpenIdProvider, type OpenIdProviderOptions } from './openid-provider';
import { htmlDocument, sendHtml, sendMessage, setSecurityHeaders, escapeHtml } from './pages';
import { isReportPath, reportPath, reportReference } from './report-path';
import { SignInCookies } from './sign-in-cookies';
import { UsedNonces } from './used-nonces';

/**
 * Decision reports for signed-in people only. `GET /reports/<ref>.docx` with a session
 * cookie asks `download` (the access policy, at this moment) for the bytes; without one it
 * sends the browser to sign in with OpenID Connect (Entra ID, or the local signer in local
 * mode) and `POST /auth/callback` validates the ID token and sets the session. The URLs
 * carry no identity: a forwarded or logged link is useless to anyone else.
 */
export type DownloadResult = { ok: true; body: Buffer } | { ok: false };

export interface ReportDownloadDeps {
  /** Where browsers reach the bot (no trailing slash needed); https makes the cookies Secure. */
  baseUrl: () => string;
  localMode: boolean;
  config: DownloadAuthConfig;
  /** Local mode: whom the local signer offers to sign in as. */
  people: readonly Person[];
  /** Decides whether this person may see this request now, and renders it if so. */
  download: (person: Person, reference: string) => Promise<DownloadResult>;
  /** Supporting documents (document-route.ts), asked the same way at every download. */
  documents?: (person: Person, reference: string, documentId: string) => Promise<DocumentDownload>;
  /** The decisions register as a CSV (register-route.ts), asked the same way at every download. */
  register?: RegisterDownload;
  log: Logger;
  now?: () => number;
  /** Tuning for the metadata and key cache (tests). */
  provider?: OpenIdProviderOptions;
}

export const CALLBACK_PATH = '/auth/callback';
const SIGN_OUT_PATH = '/auth/sign-out';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const NOT_FOUND =
  'There is no report here that you can see. Ask the bot for it again in Teams (report ECR-…); if you should be able to see the request, ask the officer who raised it.';

export function mountReportDownloads(server: Server, deps: ReportDownloadDeps): void {
  const now = deps.now ?? Date.now;
  const { config, log } = deps;
  const local = deps.localMode ? new LocalSigner({ baseUrl: deps.baseUrl, clientId: config.clientId, people: deps.people, now }) : undefined;
  const metadataUrl = local ? () => local.metadataUrl() : fixed(config.metadataUrl);
  const provider = new OpenIdProvider(metadataUrl, { now, ...deps.provider });
  const cookies = new SignInCookies(config.sessionSecret, now);
  const usedNonces = new UsedNonces(now);
  const allowedTenantIds = config.allowedTenantIds.length || !local ? config.allowedTenantIds : [...new Set(deps.people.map((p) => p.tenantId.toLowerCase()))];
  const base = () => deps.baseUrl().replace(/\/+$/, '');
  const secure = () => base().startsWith('https://');

  local?.mount(server);
  if (deps.documents) {
    mountDocumentDownloads(server, {
      session: (req) => {
        const session = cookies.readSession(req.headers.cookie, secure());
        return session && { tenantId: session.tenantId, aadObjectId: session.aadObjectId, name: session.name };
      },
      startSignIn,
      notFound: (req, res, person, message) => notFound(req, res, person, message, 'Document not found'),
      download: deps.documents,
      log,
    });
  }

  if (deps.register)
    mountRegisterDownloads(server, {
      session: (req) => {
        const s = cookies.readSession(req.headers.cookie, secure());
        return s && { tenantId: s.tenantId, aadObjectId: s.aadObjectId, name: s.name };
      },
      startSignIn,
      register: deps.register,
      log,
    });

  server.get('/reports/:file', async (req: Request, res: Response) => {
    const reference = reportReference(String(req.params.file ?? ''));
    if (!reference) return sendMessage(req, res, 404, 'Report not found', NOT_FOUND);
    const session = cookies.readSession(req.headers.cookie, secure());
    if (!session) return startSignIn(req, res, reportPath(reference));

    const person: Person = { tenantId: session.tenantId, aadObjectId: session.aadObjectId, name: session.name };
    let result: DownloadResult;
    try {
      result = await deps.download(person, reference);
    } catch (err) {
      log.error({ err, event: 'report.failed', reference }, 'report could not be made');
      return sendMessage(req, res, 500, 'Report not available', 'The report could not be made just now. Please try again in a minute.');
    }
    if (!result.ok) {
      log.info({ event: 'report.refused', reference, tenantId: person.tenantId, aadObjectId: person.aadObjectId }, 'report not given');
      return notFound(req, res, person, NOT_FOUND);
    }
    setSecurityHeaders(res);
    res.statusCode = 200;
    res.setHeader('content-type', DOCX);
    res.setHeader('content-disposition', `attachment; filename="${reference}.docx"`);
    res.setHeader('content-length', result.body.length);
    res.end(result.body);
    // Who downloaded an exempt report, and when, is worth keeping.
    log.info({ event: 'report.downloaded', reference, tenantId: person.tenantId, aadObjectId: person.aadObjectId }, 'report downloaded');
  });

  server.post(CALLBACK_PATH, async (req: Request, res: Response) => {
    const form = await readFormBody(req);
    if (!form.ok) {
      res.setHeader('connection', 'close');
      return sendMessage(req, res, form.status, 'Sign-in not valid', 'This sign-in answer could not be read. Open the report link from Teams again.');
    }
    const isSecure = secure();
    const pending = cookies.readPending(req.headers.cookie, isSecure);
    const state = single(form.fields, 'state');
    const signIn = state ? pending.find((p) => p.state === state) : undefined;
    // Each sign-in is answered once, whatever the answer.
    const remaining = pending.filter((p) => p !== signIn);
    const setCookies = [cookies.pendingCookie(remaining, isSecure)];
    const refuse = (status: number, reason: string, title: string, message: string) => {
      log.warn({ event: 'auth.refused', reason }, 'sign-in refused');
      res.setHeader('set-cookie', setCookies);
      sendMessage(req, res, status, title, message);
    };

    const error = form.fields.get('error');
    if (error !== null) {
      log.info({ event: 'auth.sign_in_failed', error: /^[a-z_]{1,40}$/.test(error) ? error : 'other' }, 'sign-in did not complete');
      res.setHeader('set-cookie', setCookies);
      return sendMessage(
        req,
        res,
        400,
        'Sign-in did not complete',
        'You were not signed in, so the report was not downloaded. Open the report link from Teams again to try once more.',
      );
    }
    if (!signIn)
      return refuse(400, 'state', 'Sign-in expired', 'This sign-in has expired, or was started in another browser. Open the report link from Teams again.');
    const token = single(form.fields, 'id_token');
    if (!token) return refuse(400, 'no_token', 'Sign-in not valid', 'This sign-in answer could not be read. Open the report link from Teams again.');

    let result: Awaited<ReturnType<typeof validateIdToken>>;
    try {
      result = await validateIdToken(token, { clientId: config.clientId, nonce: signIn.nonce, allowedTenantIds, now: now() }, provider);
    } catch (err) {
      log.error({ err, event: 'auth.provider_unavailable' }, 'sign-in keys could not be fetched');
      return refuse(503, 'provider_unavailable', 'Sign-in not available', 'Sign-in is not available just now. Please try again in a minute.');
    }
    if (!result.ok)
      return refuse(
        403,
        result.reason,
        'Sign-in refused',
        'You could not be signed in to download reports. If you think you should be able to, tell the team that runs this bot.',
      );
    if (!usedNonces.use(signIn.nonce, signIn.expiresAt))
      return refuse(403, 'replay', 'Sign-in refused', 'This sign-in has already been used. Open the report link from Teams again.');
    // The return path was ours when sealed; checked again so that no cookie can make this an open redirect.
    if (!isReportPath(signIn.returnPath)) return refuse(400, 'return_path', 'Signed in', 'Open the report link from Teams again.');

    setCookies.push(cookies.sessionCookie(result.person, isSecure));
    res.setHeader('set-cookie', setCookies);
    setSecurityHeaders(res);
    res.statusCode = 303;
    res.setHeader('location', signIn.returnPath);
    res.end();
    log.info({ event: 'auth.signed_in', tenantId: result.person.tenantId, aadObjectId: result.person.aadObjectId }, 'signed in for report downloads');
  });

  server.post(SIGN_OUT_PATH, async (req: Request, res: Response) => {
    req.resume();
    const isSecure = secure();
    res.setHeader('set-cookie', cookies.clearSession(isSecure));
    sendHtml(res, 200, htmlDocument('Signed out', '<p>You are signed out of report downloads. The next report link will ask you to sign in.</p>'));
  });

  /** Sends the browser to the provider, remembering this sign-in in a signed cookie. */
  async function startSignIn(req: Request, res: Response, returnPath: string): Promise<void> {
    let authorizationEndpoint: string;
    try {
      ({ authorizationEndpoint } = await provider.metadata());
    } catch (err) {
      log.error({ err, event: 'auth.provider_unavailable' }, 'sign-in metadata could not be fetched');
      return sendMessage(req, res, 503, 'Sign-in not available', 'Sign-in is not available just now. Please try again in a minute.');
    }
    const isSecure = secure();
    const state = randomBytes(32).toString('base64url');
    const nonce = randomBytes(32).toString('base64url');
    const pending = [...cookies.readPending(req.headers.cookie, isSecure), cookies.newSignIn(state, nonce, returnPath)];
    const target = new URL(authorizationEndpoint);
    for (const [name, value] of Object.entries({
      client_id: config.clientId,
      response_type: 'id_token',
      response_mode: 'form_post',
      scope: 'openid profile',
      redirect_uri: `${base()}${CALLBACK_PATH}`,
      state,
      nonce,
    }))
      target.searchParams.set(name, value);
    res.setHeader('set-cookie', cookies.pendingCookie(pending, isSecure));
    setSecurityHeaders(res);
    res.statusCode = 302;
    res.setHeader('location', target.toString());
    res.end();
    log.info({ event: 'auth.sign_in_started' }, 'sent to sign in for a report');
  }

  /** The same answer whether the request does not exist or is not this person's to see. */
  function notFound(req: Request, res: Response, person: Person, message: string, title = 'Report not found'): void {
    if (!/\btext\/html\b/i.test(String(req.headers.accept ?? ''))) return sendMessage(req, res, 404, title, message);
    sendHtml(
      res,
      404,
      htmlDocument(
        title,
        `<p>${escapeHtml(message)}</p>\n<p>You are signed in as ${escapeHtml(person.name)}.</p>\n<form method="post" action="${SIGN_OUT_PATH}"><button type="submit">Sign out</button></form>`,
      ),
    );
  }
}

function fixed(url: string | undefined): () => string {
  if (!url) throw new Error('Report downloads need an OpenID metadata URL outside local mode (ENTRA_AUTHORITY)');
  return () => url;
}
