import restify, { type Server } from 'restify';
import type { AddressInfo } from 'node:net';
import type { DownloadAuthConfig } from '../../bot/auth/download-auth-config';
import type { OpenIdProviderOptions } from '../../bot/auth/openid-provider';
import { mountReportDownloads, type DownloadResult } from '../../bot/auth/report-downloads';
import type { Person } from '../../domain/person';
import { createLogger } from '../../bot/logger';

/** A browser's cookies for one origin: enough of RFC 6265 for these tests. */
export class CookieJar {
  readonly values = new Map<string, string>();
  /** Every Set-Cookie line seen, for checking attributes. */
  readonly lines: string[] = [];

  absorb(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      this.lines.push(line);
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const expired = attributes.some((a) => /^max-age=0$/i.test(a));
      if (expired) this.values.delete(name);
      else this.values.set(name, pair!.slice(eq + 1));
    }
  }

  header(): string {
    return [...this.values].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  clone(): CookieJar {
    const copy = new CookieJar();
    for (const [k, v] of this.values) copy.values.set(k, v);
    return copy;
  }
}

export interface HarnessOptions {
  localMode: boolean;
  config: DownloadAuthConfig;
  people?: Person[];
  /** The address browsers are told to use; the test still talks to the loopback port. */
  publicBase?: string;
  provider?: OpenIdProviderOptions;
  /** Defaults to loopback; 0.0.0.0 lets a test arrive from another address of this machine. */
  host?: string;
}

/**
 * Only the report-download routes, mounted on a fresh restify server on a free loopback
 * port, with a stubbed `download`: a report is given when the test granted that person it.
 */
export class ReportDownloadServer {
  server!: Server;
  url = '';
  readonly logs: string[] = [];
  readonly downloads: Array<{ person: Person; reference: string }> = [];
  readonly reports = new Map<string, Buffer>();
  private readonly grants = new Set<string>();
  /** Moves this server's clock (sessions, sign-ins, token times) forward. */
  offsetMs = 0;
  /** Makes `download` throw, as a storage failure would. */
  failDownloads = false;

  constructor(private readonly options: HarnessOptions) {}

  readonly now = (): number => Date.now() + this.offsetMs;

  get base(): string {
    return this.options.publicBase ?? this.url;
  }

  grant(person: Pick<Person, 'aadObjectId'>, reference: string): void {
    this.grants.add(`${person.aadObjectId.toLowerCase()}/${reference}`);
  }

  async start(): Promise<this> {
    this.server = restify.createServer({ name: 'report-download-test', handleUncaughtExceptions: false });
    mountReportDownloads(this.server, {
      baseUrl: () => this.base,
      localMode: this.options.localMode,
      config: this.options.config,
      people: this.options.people ?? [],
      download: async (person, reference): Promise<DownloadResult> => {
        this.downloads.push({ person, reference });
        if (this.failDownloads) throw new Error('storage unreachable');
        const body = this.reports.get(reference);
        return body && this.grants.has(`${person.aadObjectId}/${reference}`) ? { ok: true, body } : { ok: false };
      },
      log: createLogger('debug', { write: (line: string) => void this.logs.push(line) }),
      now: this.now,
      provider: this.options.provider,
    });
    await new Promise<void>((resolve) => this.server.listen(0, this.options.host ?? '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** A GET as a browser makes it: no redirects followed, the jar's cookies sent and updated. */
  async get(path: string, jar?: CookieJar, accept = 'text/html,application/xhtml+xml'): Promise<Response> {
    const response = await fetch(new URL(path, this.url), { redirect: 'manual', headers: { accept, ...(jar?.values.size ? { cookie: jar.header() } : {}) } });
    jar?.absorb(response);
    return response;
  }

  /** A form post, as Entra's form_post page (or the local signer's) makes it. */
  async postForm(path: string, fields: Record<string, string>, jar?: CookieJar): Promise<Response> {
    const response = await fetch(new URL(path, this.url), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html', ...(jar?.values.size ? { cookie: jar.header() } : {}) },
      body: new URLSearchParams(fields).toString(),
    });
    jar?.absorb(response);
    return response;
  }
}
