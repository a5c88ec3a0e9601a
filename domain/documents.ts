import { z } from 'zod';
import { SCHEDULE_12A } from './case-sections';
import type { WorkflowState } from './workflow-state';

/**
 * Supporting documents (job descriptions, structure charts, business cases): the list a
 * request carries in its content, with the version of the request each was first part of
 * and the version that dropped or replaced it. The list travels with the content, so
 * submitting, revising and resubmitting carry it along, and the versions can be read
 * back from any copy. A version once submitted is never changed: a revision that renames,
 * re-marks, replaces or removes one of its documents marks the old entry as ended in the
 * new version and (for the first three) adds a new entry, so history shows both.
 * The bytes are stored apart (in Blob Storage), named by `file`.
 */
export const DOCUMENT_KINDS = ['pdf', 'docx', 'xlsx', 'pptx', 'png', 'jpeg'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  pdf: 'PDF',
  docx: 'Word',
  xlsx: 'Excel',
  pptx: 'PowerPoint',
  png: 'PNG image',
  jpeg: 'JPEG image',
};

/** Documents one version may have. */
export const MAX_DOCUMENTS = 20;
/** Entries kept in all, earlier versions' included. */
const MAX_ENTRIES = 80;

const Id = z.string().regex(/^[a-z0-9]{10,40}$/);
const Version = z.number().int().min(1).max(999);

/** false: not exempt; a paragraph: exempt under that paragraph of Schedule 12A. */
export const DocumentExemptionSchema = z.union([z.literal(false), z.object({ paragraph: z.number().int().min(1).max(7) })]);
export type DocumentExemption = z.infer<typeof DocumentExemptionSchema>;

export const DocumentEntrySchema = z.object({
  id: Id,
  /** The stored file (its blob); a renamed or re-marked copy shares its file. */
  file: Id,
  title: z.string().trim().min(1).max(200),
  fileName: z.string().min(1).max(120),
  kind: z.enum(DOCUMENT_KINDS),
  bytes: z.number().int().positive(),
  /** Undefined until the officer says: treated as exempt meanwhile, and submission waits. */
  exempt: DocumentExemptionSchema.optional(),
  addedIn: Version,
  /** The version that no longer has it. */
  removedIn: Version.optional(),
  /** The entry that took its place in `removedIn`. */
  replacedBy: Id.optional(),
  addedAt: z.string().max(40),
});
export type DocumentEntry = z.infer<typeof DocumentEntrySchema>;

export const DocumentListSchema = z.array(DocumentEntrySchema).max(MAX_ENTRIES);

export type DocumentOutcome =
  | { ok: true; documents: DocumentEntry[]; entry: DocumentEntry; dropped?: DocumentEntry }
  | { ok: false; code: 'DOCUMENT_LIMIT' | 'DOCUMENT_NOT_FOUND'; message: string };

/** The version a stored request is at: its first submission is 1, each resubmission one more. */
export function submittedVersion(workflow: Pick<WorkflowState, 'earlierReviews'>): number {
  return workflow.earlierReviews.length + 1;
}

/** The documents of the version being worked on (or of the latest version submitted), in order. */
export function currentDocuments(documents: readonly DocumentEntry[] = []): DocumentEntry[] {
  return documents.filter((d) => d.removedIn === undefined);
}

/** The documents version `version` had. */
export function documentsIn(documents: readonly DocumentEntry[], version: number): DocumentEntry[] {
  return documents.filter((d) => d.addedIn <= version && (d.removedIn === undefined || d.removedIn > version));
}

/** Exempt until the officer has said it is not: an unanswered document is never published. */
export function isExemptDocument(entry: Pick<DocumentEntry, 'exempt'>): boolean {
  return entry.exempt !== false;
}

/** What may be published of the documents: the titles of the current non-exempt ones, nothing else. */
export function publicDocumentTitles(documents: readonly DocumentEntry[] = []): string[] {
  return currentDocuments(documents)
    .filter((d) => !isExemptDocument(d))
    .map((d) => d.title);
}

export function exemptionLabel(exempt: DocumentExemption | undefined): string {
  if (exempt === undefined) return 'exempt or not: not yet said';
  if (exempt === false) return 'not exempt';
  return `exempt: Schedule 12A paragraph ${exempt.paragraph} (${SCHEDULE_12A[exempt.paragraph] ?? 'exempt information'})`;
}

/** "Job description" from "job-description_v2.pdf". */
export function titleFromFileName(fileName: string): string {
  const stem = fileName
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[_-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const title = stem ? stem[0]!.toUpperCase() + stem.slice(1) : 'Document';
  return title.slice(0, 200);
}

export function addDocument(documents: readonly DocumentEntry[], entry: DocumentEntry): DocumentOutcome {
  if (currentDocuments(documents).length >= MAX_DOCUMENTS)
    return { ok: false, code: 'DOCUMENT_LIMIT', message: `A request can have at most ${MAX_DOCUMENTS} documents: remove one first.` };
  if (documents.length >= MAX_ENTRIES)
    return { ok: false, code: 'DOCUMENT_LIMIT', message: 'This request has had too many documents over its versions to add another.' };
  return { ok: true, documents: [...documents, entry], entry };
}

/**
 * A new title or exemption for a current document. Added in the version being drafted,
 * it is changed in place; from a submitted version, that version keeps it as it was and
 * a copy (id `newId`, the same file) takes its place from `drafting`.
 */
export function describeDocument(
  documents: readonly DocumentEntry[],
  id: string,
  change: { title?: string; exempt?: DocumentExemption },
  drafting: number,
  newId: string,
): DocumentOutcome {
  const old = current(documents, id);
  if (!old) return notFound();
  if (old.addedIn >= drafting) {
    const entry = { ...old, ...change };
    return { ok: true, documents: documents.map((d) => (d === old ? entry : d)), entry };
  }
  const entry: DocumentEntry = { ...withoutEnd(old), ...change, id: newId, addedIn: drafting };
  return { ok: true, documents: documents.flatMap((d) => (d === old ? [{ ...old, removedIn: drafting, replacedBy: newId }, entry] : [d])), entry };
}

/** `entry` (a new file) takes the place of document `id`, with its title and exemption unless given. */
export function replaceDocument(
  documents: readonly DocumentEntry[],
  id: string,
  entry: Omit<DocumentEntry, 'title' | 'exempt'> & Partial<Pick<DocumentEntry, 'title' | 'exempt'>>,
  drafting: number,
): DocumentOutcome {
  const old = current(documents, id);
  if (!old) return notFound();
  if (documents.length >= MAX_ENTRIES)
    return { ok: false, code: 'DOCUMENT_LIMIT', message: 'This request has had too many documents over its versions to replace another.' };
  const added: DocumentEntry = { title: old.title, ...(old.exempt === undefined ? {} : { exempt: old.exempt }), ...entry, addedIn: drafting };
  if (old.addedIn >= drafting) return { ok: true, documents: documents.flatMap((d) => (d === old ? [added] : [d])), entry: added, dropped: old };
  return { ok: true, documents: documents.flatMap((d) => (d === old ? [{ ...old, removedIn: drafting, replacedBy: added.id }, added] : [d])), entry: added };
}

/** Removes a current document: gone entirely if it was added in this draft, else ended in `drafting`. */
export function removeDocument(documents: readonly DocumentEntry[], id: string, drafting: number): DocumentOutcome {
  const old = current(documents, id);
  if (!old) return notFound();
  if (old.addedIn >= drafting) return { ok: true, documents: documents.filter((d) => d !== old), entry: old, dropped: old };
  const entry = { ...old, removedIn: drafting };
  return { ok: true, documents: documents.map((d) => (d === old ? entry : d)), entry };
}

/** Whether any entry, current or of an earlier version, still names `file`. */
export function fileInUse(documents: readonly DocumentEntry[], file: string): boolean {
  return documents.some((d) => d.file === file);
}

/** Which version had which documents, for history: each version's list, the first first. */
export function documentVersions(
  documents: readonly DocumentEntry[],
  latest: number,
): Array<{ version: number; documents: DocumentEntry[]; ended: DocumentEntry[] }> {
  return Array.from({ length: latest }, (_, i) => i + 1).map((version) => ({
    version,
    documents: documentsIn(documents, version),
    ended: documents.filter((d) => d.removedIn === version),
  }));
}

function current(documents: readonly DocumentEntry[], id: string): DocumentEntry | undefined {
  return documents.find((d) => d.id === id && d.removedIn === undefined);
}

function withoutEnd(entry: DocumentEntry): DocumentEntry {
  const { removedIn: _removed, replacedBy: _replaced, ...rest } = entry;
  return rest;
}

function notFound(): DocumentOutcome {
  return { ok: false, code: 'DOCUMENT_NOT_FOUND', message: 'There is no such document in this draft. Type **documents** to see them.' };
}
