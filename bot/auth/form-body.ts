import type { IncomingMessage } from 'node:http';

/** An OpenID form_post answer is a few kilobytes; anything much larger is not one. */
export const MAX_FORM_BYTES = 16 * 1024;

export type FormResult = { ok: true; fields: URLSearchParams } | { ok: false; status: 413 | 415; message: string };

/** Reads an application/x-www-form-urlencoded body with a size cap (restify has no body parser here). */
export async function readFormBody(req: IncomingMessage, maxBytes = MAX_FORM_BYTES): Promise<FormResult> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(String(req.headers['content-type'] ?? ''))) {
    req.resume();
    return { ok: false, status: 415, message: 'Expected a form post' };
  }
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    return { ok: false, status: 413, message: 'Form too large' };
  }
  // Events rather than for-await: leaving a for-await early destroys the socket, and the 413 with it.
  const body = await new Promise<Buffer | undefined>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).off('error', reject);
      req.resume();
      resolve(undefined);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
  if (!body) return { ok: false, status: 413, message: 'Form too large' };
  return { ok: true, fields: new URLSearchParams(body.toString('utf8')) };
}

/** A field given exactly once; a repeated field is treated as missing rather than guessed at. */
export function single(fields: URLSearchParams, name: string): string | undefined {
  const values = fields.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}
