import { personKey } from '../../domain/person';
import { createHash } from 'node:crypto';
import {
  addDocument,
  currentDocuments,
  describeDocument,
  fileInUse,
  removeDocument,
  replaceDocument,
  titleFromFileName,
  type DocumentEntry,
  type DocumentExemption,
  type DocumentOutcome,
} from '../../domain/documents';
import type { Person } from '../../domain/lifecycle';
import type { DocumentBlobs } from '../../storage/document-blobs';
import { newFileId, type DocumentAuditEntry, type DocumentStore } from '../../storage/document-store';
import type { DocumentSettings } from '../config/documents';
import { codeOf, type DocumentRequests, type Outcome } from './document-ports';
import { CONTENT_TYPES, inspectFile, kindOfExtension } from './file-type';
import { sanitiseFileName } from './file-name';
import { refusal } from './refusals';
import { downloadFile, type SentFile } from './teams-files';
import type { WorkingDraft } from './working-draft';

export interface DocumentServiceDeps {
  requests: DocumentRequests;
  store: DocumentStore;
  blobs: DocumentBlobs;
  settings: DocumentSettings;
  /** Local mode: files may come from loopback (the Playground's and tests' stand-ins). */
  allowLoopback: boolean;
}

export interface Changed {
  entry: DocumentEntry;
  /** Its number in the list the officer sees (1 first); 0 once it is no longer listed. */
  number: number;
  target: WorkingDraft;
}

/** A day: a file of an open draft is looked at again this often until its draft is submitted or discarded. */
const DRAFT_CHECK_MS = 24 * 3600_000;

/**
 * The officer's document use cases. A file is checked in full before anything is stored;
 * then its bytes go to Blob Storage, its row and first audit row to Table Storage, and
 * its entry into the draft (saved over the draft's etag, retried on a concurrent save).
 */
export class DocumentService {
  constructor(readonly deps: DocumentServiceDeps) {}

  now(): Date {
    return this.deps.requests.workflow.now();
  }

  /** Downloads, checks and keeps a file sent in Teams, as a new document or in place of `replacing`. */
  async attach(sender: Person, target: WorkingDraft, file: SentFile, replacing?: string): Promise<Outcome<Changed & { replaced?: DocumentEntry }>> {
    const { settings } = this.deps;
    const shown = sanitiseShown(file.name);
    const downloaded = await downloadFile(file.downloadUrl, {
      maxBytes: settings.maxBytes,
      hosts: settings.downloadHosts,
      allowLoopback: this.deps.allowLoopback,
    });
    if (!downloaded.ok) return { ok: false, message: refusal(shown, downloaded.reason, settings.maxBytes) };
    const inspected = inspectFile(downloaded.bytes);
    if (!inspected.ok) return { ok: false, message: refusal(shown, inspected.reason, settings.maxBytes) };
    const claimed = kindOfExtension(file.name);
    if (claimed && claimed !== inspected.kind) return { ok: false, message: refusal(shown, 'mislabelled', settings.maxBytes, inspected.kind) };

    const now = this.now();
    const at = now.toISOString();
    const kind = inspected.kind;
    const fileName = sanitiseFileName(file.name, kind);
    const fileId = newFileId(now);
    const { draft } = target;
    const by = { aadObjectId: sender.aadObjectId, name: sender.name };
    const where = { draftId: draft.draftId, ...(draft.resubmits ? { reference: draft.resubmits } : {}), version: target.drafting };
    await this.deps.blobs.put(sender.tenantId, fileId, downloaded.bytes, CONTENT_TYPES[kind]);
    const sha256 = createHash('sha256').update(downloaded.bytes).digest('hex');
    await this.deps.store.recordUpload(
      {
        fileId,
        tenantId: sender.tenantId,
        ownerId: sender.aadObjectId,
        draftId: draft.draftId,
        ...(draft.resubmits ? { reference: draft.resubmits } : {}),
        fileName,
        kind,
        bytes: downloaded.bytes.length,
        sha256,
        uploadedAt: at,
        keepUntil: new Date(now.getTime() + DRAFT_CHECK_MS).toISOString(),
        state: 'draft',
      },
      { action: 'attached', at, by, ...where, reason: `${fileName}, ${downloaded.bytes.length} bytes, SHA-256 ${sha256}` },
    );
    const entry: Omit<DocumentEntry, 'title'> & { title?: string } = {
      id: newFileId(now),
      file: fileId,
      fileName,
      kind,
      bytes: downloaded.bytes.length,
      addedIn: target.drafting,
      addedAt: at,
    };
    const changed = await this.change(sender, target, (documents) =>
      replacing ? replaceDocument(documents, replacing, entry, target.drafting) : addDocument(documents, { ...entry, title: titleFromFileName(fileName) }),
    );
    if (!changed.ok) {
      await this.discardFile(sender.tenantId, fileId, { action: 'deleted', at, by, ...where, reason: 'not attached' });
      return changed;
    }
    const { outcome } = changed.value;
    const replaced = replacing ? currentDocuments(target.draft.content.documents).find((d) => d.id === replacing) : undefined;
    if (replaced) {
      await this.auditEntry(replaced, { action: 'replaced', at, by, ...where, entryId: replaced.id, reason: `by ${fileName}` });
      // Replaced before it was ever submitted, and no other entry shares it: nothing keeps it.
      if (outcome.dropped && !fileInUse(outcome.documents, outcome.dropped.file))
        await this.discardFile(sender.tenantId, outcome.dropped.file, { action: 'deleted', at, by, ...where, reason: 'replaced before submission' });
    }
    return { ok: true, value: { ...changed.value.changed, ...(replaced ? { replaced } : {}) } };
  }

  /** A new title or exemption for a document of the draft (a submitted version's documents stay as they were). */
  async describe(sender: Person, target: WorkingDraft, id: string, change: { title?: string; exempt?: DocumentExemption }): Promise<Outcome<Changed>> {
    const newId = newFileId(this.now());
    const changed = await this.change(sender, target, (documents) => describeDocument(documents, id, change, target.drafting, newId));
    if (!changed.ok) return changed;
    const { entry } = changed.value.outcome;
    await this.auditEntry(entry, {
      action: 'described',
      ...this.stamp(sender, target),
      entryId: entry.id,
      title: entry.title,
      ...(entry.exempt === undefined ? {} : { exempt: entry.exempt }),
    });
    return { ok: true, value: changed.value.changed };
  }

  async remove(sender: Person, target: WorkingDraft, id: string): Promise<Outcome<Changed>> {
    const changed = await this.change(sender, target, (documents) => removeDocument(documents, id, target.drafting));
    if (!changed.ok) return changed;
    const { entry, dropped } = changed.value.outcome;
    const stamp = this.stamp(sender, target);
    await this.auditEntry(entry, { action: 'removed', ...stamp, entryId: entry.id, title: entry.title });
    // Never part of a submitted version, and no other entry shares it: nothing keeps it.
    if (dropped && !fileInUse(changed.value.target.draft.content.documents ?? [], dropped.file))
      await this.discardFile(sender.tenantId, dropped.file, { action: 'deleted', ...stamp, reason: 'removed before submission' });
    return { ok: true, value: changed.value.changed };
  }

  /** Applies `mutate` to the draft's documents and saves over its etag, on the latest copy when another save came first. */
  private async change(
    sender: Person,
    target: WorkingDraft,
    mutate: (documents: readonly DocumentEntry[]) => DocumentOutcome,
  ): Promise<Outcome<{ outcome: Extract<DocumentOutcome, { ok: true }>; target: WorkingDraft; changed: Changed }>> {
    const owner = personKey(sender);
    let draft: WorkingDraft['draft'] | undefined = target.draft;
    for (let attempt = 0; attempt < 3 && draft; attempt++) {
      const outcome = mutate(draft.content.documents ?? []);
      if (!outcome.ok) return { ok: false, message: outcome.message };
      try {
        const saved = await this.deps.requests.drafts.save(owner, draft, { ...draft.content, documents: outcome.documents }, this.now());
        const next = { ...target, draft: saved };
        const number = currentDocuments(outcome.documents).findIndex((d) => d.id === outcome.entry.id) + 1;
        return { ok: true, value: { outcome, target: next, changed: { entry: outcome.entry, number, target: next } } };
      } catch (error) {
        if (codeOf(error) === 'DRAFT_CHANGED') draft = await this.deps.requests.drafts.get(owner, draft.draftId);
        else if (codeOf(error) === 'NOT_FOUND') draft = undefined;
        else throw error;
      }
    }
    return {
      ok: false,
      message: draft
        ? 'The draft kept changing while I saved this: please try again.'
        : 'That draft no longer exists (it may have been submitted or discarded). Type **my requests** to see your requests.',
    };
  }

  private stamp(sender: Person, target: WorkingDraft): Omit<DocumentAuditEntry, 'action'> {
    const { draft } = target;
    return {
      at: this.now().toISOString(),
      by: { aadObjectId: sender.aadObjectId, name: sender.name },
      draftId: draft.draftId,
      ...(draft.resubmits ? { reference: draft.resubmits } : {}),
      version: target.drafting,
    };
  }

  private auditEntry(entry: DocumentEntry, audit: DocumentAuditEntry): Promise<void> {
    return this.deps.store.audit(entry.file, audit);
  }

  /** Deletes a file no version holds, keeping its row (marked deleted) and the reason. */
  async discardFile(tenantId: string, fileId: string, audit: DocumentAuditEntry): Promise<void> {
    await this.deps.blobs.remove(tenantId, fileId);
    await this.deps.store.update(fileId, { state: 'deleted', deletedAt: audit.at }, audit);
  }
}

/** Control, zero-width and bidirectional characters: never quoted back. */
// eslint-disable-next-line no-control-regex
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** The name as sent, made safe to quote back (it was never stored). */
function sanitiseShown(name: string): string {
  const clean = name.replace(UNSHOWABLE, '').split(/[/\\]/).pop()?.trim() ?? '';
  return (clean || 'The file').slice(0, 80);
}
