import { REFERENCE_PATTERN } from '../../domain/reference';

/** The only paths a sign-in may return to: a report, supporting document or decisions register download on this server. */
const REFERENCE = REFERENCE_PATTERN;
const DOCUMENT_ID = '[a-z0-9]{10,40}';
const FILE = new RegExp(`^(${REFERENCE})\\.docx$`);
const PATH = new RegExp(`^/reports/${REFERENCE}\\.docx$|^/documents/${REFERENCE}/${DOCUMENT_ID}$|^/registers/\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.csv$`);

/** The request reference a `/reports/<file>` names, or undefined. */
export function reportReference(file: string): string | undefined {
  return FILE.exec(file)?.[1];
}

export function reportPath(reference: string): string {
  return `/reports/${reference}.docx`;
}

/** `/documents/<reference>/<document id>`: one supporting document of a request. */
export function documentPath(reference: string, documentId: string): string {
  return `/documents/${reference}/${documentId}`;
}

/** The reference and document id a `/documents/…` path names, when both have their shape. */
export function documentTarget(reference: string, documentId: string): { reference: string; documentId: string } | undefined {
  return new RegExp(`^${REFERENCE}$`).test(reference) && new RegExp(`^${DOCUMENT_ID}$`).test(documentId) ? { reference, documentId } : undefined;
}

/** Same-origin by construction: starts with one slash, then only these fixed shapes. */
export function isReportPath(path: unknown): path is string {
  return typeof path === 'string' && PATH.test(path);
}
