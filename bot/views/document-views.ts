import { plainText } from '../../cards/render';
import { currentDocuments, documentVersions, DOCUMENT_KIND_LABELS, exemptionLabel, isExemptDocument, type DocumentEntry } from '../../domain/documents';
import { formatSize } from '../documents/refusals';

/** Where a document of a request is downloaded (the download asks who signs in). */
export type DocumentLink = (reference: string, documentId: string) => string;

/** One document in chat: number, title, file, and whether it is exempt. */
export function documentLine(entry: DocumentEntry, number: number, link?: string): string {
  const title = plainText(entry.title, 200);
  const shown = link ? `[${title}](${link})` : `**${title}**`;
  return `${number}. ${shown} (${plainText(entry.fileName, 120)}, ${DOCUMENT_KIND_LABELS[entry.kind]}, ${formatSize(entry.bytes)}): ${exemptionLabel(entry.exempt)}`;
}

/** A draft's documents, numbered as the commands name them. */
export function draftDocumentsText(documents: readonly DocumentEntry[] | undefined, label: string): string {
  const current = currentDocuments(documents);
  if (!current.length) return `${label} has no supporting documents yet. Send a file here (PDF, Word, Excel, PowerPoint, PNG or JPEG) to attach it.`;
  return `Supporting documents of ${label}:\n\n${current.map((d, i) => documentLine(d, i + 1)).join('\n')}\n\n**rename document 1 <title>**, **mark document 1 exempt 3** (or **not exempt**), **replace document 1** (then send the file) and **remove document 1** change them.`;
}

/** A submitted request's documents as someone entitled to the whole request sees them, with download links. */
export function requestDocumentsText(
  reference: string,
  documents: readonly DocumentEntry[] | undefined,
  link: DocumentLink | undefined,
  latest: number,
): string {
  const current = currentDocuments(documents);
  const lines = current.map((d, i) => documentLine(d, i + 1, link?.(reference, d.id)));
  const history = latest > 1 ? `\n\n${documentHistoryText(documents, latest)}` : '';
  if (!lines.length) return `${reference} has no supporting documents.${history}`;
  return `Supporting documents of ${reference} (you sign in to download them; exempt ones are not for publication):\n\n${lines.join('\n')}${history}`;
}

/** Which version had which documents: for `history` and `documents`. */
export function documentHistoryText(documents: readonly DocumentEntry[] | undefined, latest: number): string {
  if (!documents?.length) return '';
  const versions = documentVersions(documents, latest).map(({ version, documents: held, ended }) => {
    const names = held.map((d) => `${plainText(d.title, 200)}${isExemptDocument(d) ? ' (exempt)' : ''}`).join('; ') || 'none';
    const changes = ended.map((d) => {
      const by = d.replacedBy ? documents.find((n) => n.id === d.replacedBy) : undefined;
      return by ? `${plainText(d.title, 120)} replaced by ${plainText(by.title, 120)} (${plainText(by.fileName, 120)})` : `${plainText(d.title, 120)} removed`;
    });
    return `- Version ${version}: ${names}${changes.length ? ` (${changes.join('; ')})` : ''}`;
  });
  return `Documents by version:\n${versions.join('\n')}`;
}

/** The request card's list: the current documents, each with its download link. */
export function cardDocuments(
  reference: string,
  documents: readonly DocumentEntry[] | undefined,
  link: DocumentLink | undefined,
): Array<{ title: string; detail: string; url: string }> {
  if (!link) return [];
  return currentDocuments(documents).map((d, i) => ({
    title: `${i + 1}. ${d.title}`,
    detail: `${DOCUMENT_KIND_LABELS[d.kind]}, ${formatSize(d.bytes)}${isExemptDocument(d) ? ` · ${exemptionLabel(d.exempt)} (not for publication)` : ''}`,
    url: link(reference, d.id),
  }));
}
