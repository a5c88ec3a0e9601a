import { plainText } from '../../cards/render';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../domain/documents';
import { EXTENSIONS, type Inspection } from './file-type';
import type { Downloaded } from './teams-files';

export type RefusalReason = Extract<Inspection, { ok: false }>['reason'] | Extract<Downloaded, { ok: false }>['reason'] | 'mislabelled';

const ALLOWED = 'PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG or JPEG';

/** Why a file sent was not kept, in words for the officer. Nothing of it was stored. */
export function refusal(name: string, reason: RefusalReason, maxBytes: number, actual?: DocumentKind): string {
  const what = `"${plainText(name, 80)}"`;
  const why: Record<RefusalReason, string> = {
    empty: `${what} is empty.`,
    'too-large': `${what} is larger than the ${formatMegabytes(maxBytes)} limit.`,
    encrypted: `${what} is password-protected: reviewers could not open it, and it cannot be checked for malware. Save a copy without the password and send that.`,
    'old-office': `${what} is in an old Office format (.doc, .xls or .ppt): save it as .docx, .xlsx or .pptx, or as a PDF, and send that.`,
    macros: `${what} contains macros: save it as a plain .docx, .xlsx or .pptx (or a PDF) and send that.`,
    damaged: `${what} could not be read: it may be damaged.`,
    'not-allowed': `${what} is not a ${ALLOWED} file (judged by what is in it, not by its name).`,
    mislabelled: actual
      ? `${what} is named as one kind of file but is a ${DOCUMENT_KIND_LABELS[actual]} file: rename it to end in .${EXTENSIONS[actual]} and send it again.`
      : `${what} is not what its name says.`,
    'not-allowed-host': `${what} could not be fetched: Teams sent a link to somewhere this bot does not download from.`,
    failed: `${what} could not be downloaded from Teams just now: please send it again.`,
  };
  return `${why[reason]} Nothing was stored.`;
}

export function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return `${Number.isInteger(mb) ? mb : mb.toFixed(mb < 1 ? 2 : 1)} MB`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return formatMegabytes(bytes);
}
