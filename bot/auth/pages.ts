import type { IncomingMessage, ServerResponse } from 'node:http';

/** Small pages for people in a browser; everything shown is escaped. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`=]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Nothing here is cached, sniffed, framed or leaks its address in a Referer. */
export function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('cache-control', 'no-store');
  res.setHeader('pragma', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
}

export function htmlDocument(title: string, bodyHtml: string): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:"Segoe UI",system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#242424}h1{font-size:1.4rem}button{font:inherit;padding:.5rem 1rem;margin:.25rem 0;cursor:pointer}ul{list-style:none;padding:0}</style>
</head><body><h1>${escapeHtml(title)}</h1>
${bodyHtml}
</body></html>`;
}

export function sendHtml(res: ServerResponse, status: number, html: string): void {
  setSecurityHeaders(res);
  // No script anywhere: forms are submitted by the person's click.
  res.setHeader('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`);
  res.statusCode = status;
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.end(html);
}

/** A short message as HTML for a browser, JSON for anything else. */
export function sendMessage(req: IncomingMessage, res: ServerResponse, status: number, title: string, message: string): void {
  if (/\btext\/html\b/i.test(String(req.headers.accept ?? ''))) {
    return sendHtml(res, status, htmlDocument(title, `<p>${escapeHtml(message)}</p>`));
  }
  setSecurityHeaders(res);
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error: message }));
}
