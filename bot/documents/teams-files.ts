import type { Activity } from 'botbuilder';
import { z } from 'zod';

/**
 * Files sent to the bot in a 1:1 chat. Teams (with `supportsFiles` in the manifest) sends
 * each as an attachment of this content type whose `downloadUrl` is short-lived and
 * pre-authenticated; the bytes are fetched from it at once, never trusted by name or size.
 */
export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

const FileAttachment = z
  .object({
    contentType: z.literal(FILE_DOWNLOAD_INFO),
    name: z.string().max(1000).default(''),
    content: z.object({ downloadUrl: z.string().url().max(8192), fileType: z.string().max(40).optional() }).passthrough(),
  })
  .passthrough();

export interface SentFile {
  name: string;
  downloadUrl: string;
}

/** The most files one message is taken with: more are refused with a word. */
export const MAX_FILES_PER_MESSAGE = 5;

export function sentFiles(activity: Partial<Activity>): SentFile[] {
  return (activity.attachments ?? []).flatMap((a) => {
    const parsed = FileAttachment.safeParse(a);
    return parsed.success ? [{ name: parsed.data.name, downloadUrl: parsed.data.content.downloadUrl }] : [];
  });
}

export interface DownloadLimits {
  maxBytes: number;
  /** Hosts (and their subdomains) a link may point to, after every redirect. */
  hosts: readonly string[];
  /** Local mode: the Playground's and tests' stand-ins serve files from loopback over http. */
  allowLoopback: boolean;
  timeoutMs?: number;
}

export type Downloaded = { ok: true; bytes: Buffer } | { ok: false; reason: 'too-large' | 'not-allowed-host' | 'failed' };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const MAX_REDIRECTS = 3;

/** Whether the bot may fetch from `url`: https to a listed host, or (local mode) loopback. */
export function isAllowedSource(url: URL, limits: Pick<DownloadLimits, 'hosts' | 'allowLoopback'>): boolean {
  if (limits.allowLoopback && LOOPBACK.has(url.hostname) && (url.protocol === 'http:' || url.protocol === 'https:')) return true;
  if (url.protocol !== 'https:' || url.username || url.password) return false;
  const host = url.hostname.toLowerCase();
  return limits.hosts.some((h) => host === h || host.endsWith(`.${h}`));
}

/** Two downloads at once at most: each is held in memory (up to the size limit) while it is checked. */
let running = 0;
const waiting: Array<() => void> = [];
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= 2) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/**
 * The file's bytes, refused as soon as it is known to be over the limit: by its
 * Content-Length, or while streaming (a server may send no length, or the wrong one).
 */
export function downloadFile(link: string, limits: DownloadLimits): Promise<Downloaded> {
  return inTurn(async () => {
    const signal = AbortSignal.timeout(limits.timeoutMs ?? 60_000);
    let url = new URL(link);
    for (let hop = 0; ; hop++) {
      if (!isAllowedSource(url, limits)) return { ok: false, reason: 'not-allowed-host' };
      let response: Response;
      try {
        response = await fetch(url, { redirect: 'manual', signal });
      } catch {
        return { ok: false, reason: 'failed' };
      }
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location && hop < MAX_REDIRECTS) {
        await response.body?.cancel();
        url = new URL(location, url);
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        return { ok: false, reason: 'failed' };
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > limits.maxBytes) {
        await response.body.cancel();
        return { ok: false, reason: 'too-large' };
      }
      return readCapped(response.body, limits.maxBytes);
    }
  });
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Downloaded> {
  const chunks: Buffer[] = [];
  let total = 0;
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        return { ok: false, reason: 'too-large' };
      }
      chunks.push(Buffer.from(value));
    }
  } catch {
    return { ok: false, reason: 'failed' };
  }
  return { ok: true, bytes: Buffer.concat(chunks, total) };
}
