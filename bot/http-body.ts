import type { IncomingMessage } from 'node:http';

export const MAX_BODY_BYTES = 256 * 1024;
const MAX_JSON_DEPTH = 64;

/** Why a body was refused, for the log (one line per reason at most; see LogThrottle). */
export type BodyProblem = 'content_type' | 'too_large' | 'incomplete' | 'not_json' | 'not_object' | 'too_deep';

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415; message: string; problem: BodyProblem };

/** Reads a JSON object body with a size cap, without buffering more than the cap. */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (!/^application\/json\b/i.test(contentType)) {
    return { ok: false, status: 415, message: 'Content-Type must be application/json', problem: 'content_type' };
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return { ok: false, status: 413, message: `Body larger than ${maxBytes} bytes`, problem: 'too_large' };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        req.resume();
        return { ok: false, status: 413, message: `Body larger than ${maxBytes} bytes`, problem: 'too_large' };
      }
      chunks.push(chunk);
    }
  } catch {
    // The caller went away, or the server's request timeout cut it off: their doing, not a fault here.
    return { ok: false, status: 400, message: 'Body was not received in full', problem: 'incomplete' };
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return { ok: false, status: 400, message: 'Body is not valid JSON', problem: 'not_json' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, status: 400, message: 'Body must be a JSON object (an activity)', problem: 'not_object' };
  }
  if (depthExceeds(value, MAX_JSON_DEPTH)) {
    return { ok: false, status: 400, message: 'Body is nested too deeply', problem: 'too_deep' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/** Iterative, so a hostile 10,000-deep document cannot overflow the stack here. */
function depthExceeds(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    if (node && typeof node === 'object') {
      for (const child of Object.values(node)) {
        if (child && typeof child === 'object') stack.push([child, depth + 1]);
      }
    }
  }
  return false;
}
