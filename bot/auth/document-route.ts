import type { Person } from '../../domain/person';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { sendMessage, setSecurityHeaders } from './pages';
import { documentPath, documentTarget } from './report-path';

/**
 * Supporting documents, beside the decision reports and behind the same sign-in:
 * `GET /documents/<reference>/<document id>` asks `download` (the access policy, at this
 * moment, and the malware scan's verdict) for the bytes. Like a report link, the URL
 * carries no identity.
 */
export type DocumentDownload =
  | { ok: true; stream: NodeJS.ReadableStream; length: number; fileName: string; contentType: string; contentDisposition: string }
  | { ok: false; why: 'not-found' | 'deleted' | 'blocked' };

export interface DocumentRouteDeps {
  session(req: Request): Person | undefined;
  startSignIn(req: Request, res: Response, returnPath: string): Promise<void>;
  notFound(req: Request, res: Response, person: Person, message: string): void;
  download(person: Person, reference: string, documentId: string): Promise<DocumentDownload>;
  log: Logger;
}

const NOT_FOUND =
  'There is no document here that you can see. Ask the bot for the request again in Teams (documents ECR-…); if you should be able to see it, ask the officer who raised it.';

export function mountDocumentDownloads(server: Server, deps: DocumentRouteDeps): void {
  const { log } = deps;
  server.get('/documents/:reference/:id', async (req: Request, res: Response) => {
    const target = documentTarget(String(req.params.reference ?? ''), String(req.params.id ?? ''));
    if (!target) return sendMessage(req, res, 404, 'Document not found', NOT_FOUND);
    const person = deps.session(req);
    if (!person) return deps.startSignIn(req, res, documentPath(target.reference, target.documentId));
    const who = { reference: target.reference, documentId: target.documentId, tenantId: person.tenantId, aadObjectId: person.aadObjectId };
    let result: DocumentDownload;
    try {
      result = await deps.download(person, target.reference, target.documentId);
    } catch (err) {
      log.error({ err, event: 'document.failed', ...who }, 'document could not be read');
      return sendMessage(req, res, 500, 'Document not available', 'The document could not be read just now. Please try again in a minute.');
    }
    if (!result.ok) {
      log.info({ event: 'document.refused', why: result.why, ...who }, 'document not given');
      if (result.why === 'blocked')
        return sendMessage(
          req,
          res,
          403,
          'Document withheld',
          'Malware scanning found a threat in this file, so it is not offered. Tell the officer who attached it: they can replace it with a clean copy.',
        );
      if (result.why === 'deleted') return sendMessage(req, res, 410, 'Document deleted', 'This document has been deleted: its retention period has ended.');
      return deps.notFound(req, res, person, NOT_FOUND);
    }
    setSecurityHeaders(res);
    res.statusCode = 200;
    res.setHeader('content-type', result.contentType);
    res.setHeader('content-disposition', result.contentDisposition);
    res.setHeader('content-length', result.length);
    result.stream.on('error', (err: unknown) => {
      log.error({ err, event: 'document.stream_failed', ...who }, 'document download broke off');
      res.destroy();
    });
    result.stream.pipe(res);
    // Who downloaded which document, exempt ones included, and when.
    log.info({ event: 'document.downloaded', ...who }, 'document downloaded');
  });
}
