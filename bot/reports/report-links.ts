import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived signed links to a decision report. The bot checks who may see the request
 * before it makes a link; the link then works for ten minutes for whoever holds it, like
 * a download link in an e-mail, and names the person it was made for in the signature.
 */
export class ReportLinks {
  private readonly key: Buffer;

  constructor(secret: string | undefined, private readonly ttlMs = 10 * 60_000) {
    // Without a configured secret each process has its own: links then last until a restart.
    this.key = secret ? Buffer.from(secret, 'utf8') : randomBytes(32);
  }

  make(baseUrl: string, reference: string, viewerAadObjectId: string, now = Date.now()): string {
    const expires = now + this.ttlMs;
    const viewer = viewerAadObjectId.toLowerCase();
    return `${baseUrl.replace(/\/$/, '')}/reports/${reference}.docx?v=${encodeURIComponent(viewer)}&e=${expires}&s=${this.sign(reference, viewer, expires)}`;
  }

  /** True when the signature matches and the link has not expired. */
  check(reference: string, viewer: string, expires: number, signature: string, now = Date.now()): boolean {
    if (!Number.isSafeInteger(expires) || expires < now || !/^[0-9a-f]{64}$/.test(signature)) return false;
    return timingSafeEqual(Buffer.from(this.sign(reference, viewer.toLowerCase(), expires), 'hex'), Buffer.from(signature, 'hex'));
  }

  private sign(reference: string, viewer: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${reference}|${viewer}|${expires}`).digest('hex');
  }
}
