import type { Person } from '../../domain/lifecycle';
import type { DocumentBlobs } from '../../storage/document-blobs';
import type { DocumentStore } from '../../storage/document-store';
import type { DocumentDownload } from '../auth/document-route';
import type { DocumentRequests } from './document-ports';
import { contentDisposition } from './file-name';
import { CONTENT_TYPES } from './file-type';

/**
 * One document of a request for a signed-in person, asked at each download: only someone
 * the access policy lets see the whole request (which is everyone entitled to its exempt
 * information), only a document some version of it holds, never a deleted file, and
 * never one Microsoft Defender for Storage has found malicious.
 */
export async function downloadDocument(
  deps: { requests: Pick<DocumentRequests, 'find'>; store: DocumentStore; blobs: DocumentBlobs },
  person: Person,
  reference: string,
  documentId: string,
): Promise<DocumentDownload> {
  const found = await deps.requests.find(person, reference);
  if (!found.ok) return { ok: false, why: 'not-found' };
  const { stored } = found.value;
  const entry = (stored.content.documents ?? []).find((d) => d.id === documentId);
  if (!entry) return { ok: false, why: 'not-found' };
  const file = await deps.store.get(entry.file);
  // The file must belong to this request's tenant, whatever a stored entry says.
  if (!file || file.tenantId.toLowerCase() !== stored.workflow.requester.tenantId.toLowerCase()) return { ok: false, why: 'not-found' };
  if (file.state === 'deleted') return { ok: false, why: 'deleted' };
  const scan = await deps.blobs.scanResult(file.tenantId, file.fileId);
  if (scan && /malicious/i.test(scan)) return { ok: false, why: 'blocked' };
  const opened = await deps.blobs.open(file.tenantId, file.fileId);
  if (!opened) return { ok: false, why: 'deleted' };
  return {
    ok: true,
    stream: opened.stream,
    length: opened.length,
    fileName: entry.fileName,
    contentType: CONTENT_TYPES[entry.kind],
    contentDisposition: contentDisposition(entry.fileName),
  };
}
