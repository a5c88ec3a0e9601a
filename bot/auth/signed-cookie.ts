import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-signed cookie values: `<base64url JSON>.<base64url HMAC-SHA256>`. Signed, not
 * encrypted: they hold only what the browser's own person may read. Each purpose has its
 * own key, so a value made for one cookie is never accepted as another.
 */
export class CookieSealer {
  private readonly key: Buffer;

  constructor(secret: Buffer, purpose: string) {
    this.key = createHmac('sha256', secret).update(`establishment-changes/download-auth/${purpose}`).digest();
  }

  seal(payload: unknown): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload when the value is exactly one this sealer made; undefined otherwise. */
  open(value: string | undefined): unknown {
    if (!value || value.length > MAX_COOKIE_CHARS) return undefined;
    const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!m) return undefined;
    // Compared as text: base64url's spare low bits would let a changed last character decode to the same MAC.
    const expected = Buffer.from(this.mac(m[1]!), 'ascii');
    const given = Buffer.from(m[2]!, 'ascii');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    try {
      return JSON.parse(Buffer.from(m[1]!, 'base64url').toString('utf8')) as unknown;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}

const MAX_COOKIE_CHARS = 3800;

/** One cookie's value from a Cookie header; the first wins if a name repeats. */
export function readCookie(header: string | string[] | undefined, name: string): string | undefined {
  const text = Array.isArray(header) ? header.join('; ') : header;
  if (!text || text.length > 16_384) return undefined;
  for (const part of text.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export interface CookieOptions {
  path: string;
  maxAgeSeconds: number;
  sameSite: 'Lax' | 'None';
  secure: boolean;
}

/** A Set-Cookie value; always HttpOnly: no script of ours needs these. */
export function serializeCookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${value}`,
    `Path=${o.path}`,
    `Max-Age=${Math.max(0, Math.ceil(o.maxAgeSeconds))}`,
    'HttpOnly',
    `SameSite=${o.sameSite}`,
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}
