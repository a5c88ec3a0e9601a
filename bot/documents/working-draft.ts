import { personKey } from '../../domain/person';
import { submittedVersion } from '../../domain/documents';
import type { Person } from '../../domain/lifecycle';
import type { DocumentRequests, Draft, Outcome } from './document-ports';

/** The draft documents go to, and the version of the request it will become. */
export interface WorkingDraft {
  draft: Draft;
  /** 1 for a new request; for a revision, one more than the version returned. */
  drafting: number;
  /** "your draft "Title"" or "ECR-2026-0001 (version 2)", for messages. */
  label: string;
}

/**
 * The draft the officer is working on: the one the dialogue is asking about, else their
 * latest draft, else the one request returned to them (opened for revision, as `revise`
 * would). With none, or several returned, they are asked which.
 */
export async function workingDraft(requests: DocumentRequests, sender: Person, dialogueDraftId?: string): Promise<Outcome<WorkingDraft>> {
  const owner = personKey(sender);
  let draft = dialogueDraftId ? await requests.drafts.get(owner, dialogueDraftId) : undefined;
  draft ??= await requests.drafts.latest(owner);
  if (!draft) {
    const returned = (await requests.drafts.listForOwner(owner)).requests.filter((r) => r.status === 'returned');
    if (returned.length > 1)
      return {
        ok: false,
        message: `Which request is it for? Type **revise** and its reference first (${returned.map((r) => r.key).join(', ')}), then send it again.`,
      };
    if (!returned.length)
      return {
        ok: false,
        message:
          'Which request is it for? You have no draft: type **new request** to start one (or **revise ECR-…** for one returned to you), then send it again.',
      };
    const opened = await requests.revise(sender, returned[0]!.key);
    if (!opened.ok) return opened;
    draft = opened.value;
  }
  return describeDraft(requests, draft, sender.tenantId);
}

/** The version a draft will become, and how messages name it. */
export async function describeDraft(requests: DocumentRequests, draft: Draft, tenantId: string): Promise<Outcome<WorkingDraft>> {
  if (!draft.resubmits) return { ok: true, value: { draft, drafting: 1, label: `your draft "${draft.content.title ?? 'untitled'}"` } };
  const stored = await requests.workflow.load(draft.resubmits, tenantId);
  if (!stored) return { ok: false, message: `I can't find ${draft.resubmits}.` };
  const drafting = submittedVersion(stored.stored.workflow) + 1;
  return { ok: true, value: { draft, drafting, label: `${draft.resubmits} (version ${drafting}, your revision)` } };
}
