import type { DocumentBlobs } from '../../storage/document-blobs';
import type { DocumentStore, StoredFile } from '../../storage/document-store';
import type { Logger } from '../logger';
import type { DocumentRequests } from './document-ports';

/** How often the sweep looks for files whose time has come (and once at start-up). */
export const SWEEP_INTERVAL_MS = 6 * 3600_000;
/** A file of an open draft is looked at again a day later. */
const DAY_MS = 24 * 3600_000;
/** Files handled in one sweep at most; the rest wait for the next. */
const BATCH = 500;

export interface RetentionDeps {
  requests: Pick<DocumentRequests, 'drafts' | 'workflow'>;
  store: DocumentStore;
  blobs: DocumentBlobs;
  retentionYears: number;
  log: Logger;
}

/**
 * Keeps each document as long as the record it belongs to: until `retentionYears` after
 * the last change to its request, then deletes the file and audits why. A file whose
 * draft was discarded, or that no version holds, is deleted at its next look. A file of
 * an open draft is looked at daily until the draft is submitted or discarded.
 */
export class DocumentRetention {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly deps: RetentionDeps) {}

  start(intervalMs = SWEEP_INTERVAL_MS): void {
    const run = () => {
      this.running ??= this.sweep()
        .catch((err: unknown) => this.deps.log.error({ err, event: 'documents.sweep_failed' }, 'document retention sweep failed'))
        .finally(() => (this.running = undefined));
    };
    this.timer = setInterval(run, intervalMs);
    this.timer.unref();
    setImmediate(run);
  }

  /** Stops the timer and waits for a sweep under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  async sweep(): Promise<{ deleted: number; kept: number }> {
    const now = this.deps.requests.workflow.now();
    const due: StoredFile[] = [];
    for (const state of ['draft', 'request'] as const) {
      for await (const file of this.deps.store.due(state, now)) if (due.push(file) >= BATCH) break;
    }
    let deleted = 0;
    for (const file of due) {
      const verdict = await this.verdict(file, now);
      if ('keepUntil' in verdict) {
        await this.deps.store.update(file.fileId, {
          keepUntil: verdict.keepUntil.toISOString(),
          state: 'request',
          ...(verdict.reference ? { reference: verdict.reference } : {}),
        });
      } else if ('lookAgain' in verdict) {
        await this.deps.store.update(file.fileId, { keepUntil: new Date(now.getTime() + DAY_MS).toISOString() });
      } else {
        await this.deps.blobs.remove(file.tenantId, file.fileId);
        await this.deps.store.update(
          file.fileId,
          { state: 'deleted', deletedAt: now.toISOString() },
          { action: 'deleted', at: now.toISOString(), draftId: file.draftId, ...(file.reference ? { reference: file.reference } : {}), reason: verdict.delete },
        );
        deleted++;
      }
    }
    if (due.length) this.deps.log.info({ event: 'documents.swept', looked: due.length, deleted }, 'document retention sweep');
    return { deleted, kept: due.length - deleted };
  }

  /** Keep (until when), look again tomorrow, or delete (and why). */
  private async verdict(file: StoredFile, now: Date): Promise<{ keepUntil: Date; reference?: string } | { lookAgain: true } | { delete: string }> {
    const { drafts, workflow } = this.deps.requests;
    const owner = { tenantId: file.tenantId, aadObjectId: file.ownerId };
    let reference = file.reference;
    if (file.state === 'draft') {
      if (await drafts.get(owner, file.draftId)) return { lookAgain: true };
      reference = (await drafts.closed(owner, file.draftId))?.submittedAs ?? file.reference;
      if (!reference) return { delete: 'its draft was discarded' };
    }
    const loaded = reference ? await workflow.load(reference, file.tenantId) : undefined;
    if (!loaded || !(loaded.stored.content.documents ?? []).some((d) => d.file === file.fileId)) return { delete: 'no version of the request holds it' };
    const until = new Date(loaded.stored.updatedAt);
    until.setUTCFullYear(until.getUTCFullYear() + this.deps.retentionYears);
    if (until > now) return { keepUntil: until, reference };
    return { delete: `the retention period (${this.deps.retentionYears} years after the request last changed) ended` };
  }
}
