import { personKey } from '../../domain/person';
import { MessageFactory, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { plainText } from '../../cards/render';
import { currentDocuments, DOCUMENT_KIND_LABELS, exemptionLabel, type DocumentEntry } from '../../domain/documents';
import type { Person } from '../../domain/lifecycle';
import { parseCommand } from '../commands/parse-command';
import { dialogueDraft } from '../dialogs/officer-chat';
import type { DocumentLink } from '../views/document-views';
import type { Outcome } from './document-ports';
import type { DocumentService } from './document-service';
import { askDetails, askExemption, parseDetails, parseExemption } from './document-questions';
import { formatSize } from './refusals';
import { MAX_FILES_PER_MESSAGE, sentFiles, type SentFile } from './teams-files';
import { describeDraft, workingDraft, type WorkingDraft } from './working-draft';

/**
 * What the bot is waiting for about documents in this chat (conversation state): a title
 * and exemption for each file just attached, or the file to replace a document with.
 */
export type DocumentQuestion =
  { kind: 'describe'; draftId: string; ids: string[]; step: 'details' | 'exempt' } | { kind: 'replace'; draftId: string; id: string };

interface Turn {
  context: TurnContext;
  dc: DialogContext;
  sender: Person;
}

/** Files sent in the officer's 1:1 chat, and the short questions that follow them. */
export class DocumentChat {
  constructor(
    readonly service: DocumentService,
    readonly question: StatePropertyAccessor<DocumentQuestion | undefined>,
    /** Where a submitted request's document is downloaded; undefined when nothing serves downloads. */
    readonly link?: DocumentLink,
  ) {}

  /** Handles files in the message, or an answer to the question asked about them; false when it is neither. */
  async onMessage(turn: Turn, text: string): Promise<boolean> {
    const { context } = turn;
    const files = sentFiles(context.activity);
    const question = await this.question.get(context);
    if (question) await this.question.delete(context);
    if (files.length) {
      await this.receive(turn, files, question?.kind === 'replace' ? question : undefined);
      return true;
    }
    // Anything but an answer (a command, or no text) lets the question go; the document keeps its name.
    if (question?.kind !== 'describe' || !text || parseCommand(text).name !== 'unknown') return false;
    await this.answer(turn, question, text);
    return true;
  }

  /** The draft a command about documents acts on (see working-draft.ts). */
  target(turn: Turn): Promise<Outcome<WorkingDraft>> {
    return workingDraft(this.service.deps.requests, turn.sender, dialogueDraft(turn.dc));
  }

  async waitForReplacement(turn: Turn, target: WorkingDraft, entry: DocumentEntry, number: number): Promise<void> {
    await this.question.set(turn.context, { kind: 'replace', draftId: target.draft.draftId, id: entry.id });
    await turn.context.sendActivity(
      `Send the file to replace document ${number}, "${plainText(entry.title, 200)}", in ${plainText(target.label, 240)}. It keeps the title and exemption unless you change them.${target.drafting > 1 && entry.addedIn < target.drafting ? ` Version ${entry.addedIn} keeps the old file.` : ''}`,
    );
  }

  private async receive(turn: Turn, files: SentFile[], replace?: Extract<DocumentQuestion, { kind: 'replace' }>): Promise<void> {
    const { context, sender } = turn;
    const found = replace ? await this.draftById(sender, replace.draftId) : await this.target(turn);
    if (!found.ok) return void (await context.sendActivity(`${found.message} Nothing was stored.`));
    let target = found.value;
    const said: string[] = [];
    if (files.length > MAX_FILES_PER_MESSAGE) said.push(`Only the first ${MAX_FILES_PER_MESSAGE} files were taken: send the rest in another message.`);
    const attached: string[] = [];
    for (const [i, file] of files.slice(0, MAX_FILES_PER_MESSAGE).entries()) {
      const result = await this.service.attach(sender, target, file, i === 0 ? replace?.id : undefined);
      if (!result.ok) {
        said.push(result.message);
        continue;
      }
      target = result.value.target;
      const { entry, number } = result.value;
      const what = `${plainText(entry.fileName, 120)}, ${DOCUMENT_KIND_LABELS[entry.kind]}, ${formatSize(entry.bytes)}`;
      if (result.value.replaced) {
        const kept = result.value.replaced.addedIn < target.drafting ? ` Version ${result.value.replaced.addedIn} keeps the old file.` : '';
        said.push(
          `Replaced document ${number}, "${plainText(entry.title, 200)}" (${exemptionLabel(entry.exempt)}), with ${what} in ${plainText(target.label, 240)}.${kept}`,
        );
      } else {
        said.push(`Attached ${what} to ${plainText(target.label, 240)} as document ${number}.`);
        attached.push(entry.id);
      }
    }
    await context.sendActivity(said.join('\n\n'));
    if (attached.length) await this.ask(turn, target, { kind: 'describe', draftId: target.draft.draftId, ids: attached, step: 'details' });
    else await this.carryOn(turn);
  }

  private async answer(turn: Turn, question: Extract<DocumentQuestion, { kind: 'describe' }>, text: string): Promise<void> {
    const { context, sender } = turn;
    const found = await this.draftById(sender, question.draftId);
    if (!found.ok) return void (await context.sendActivity(found.message));
    const id = question.ids[0]!;
    const parsed = question.step === 'details' ? parseDetails(text) : { exempt: parseExemption(text) };
    if (question.step === 'exempt' && (parsed.exempt === undefined || parsed.exempt === 'ask'))
      return this.ask(turn, found.value, question, parsed.exempt === 'ask' ? 'Which paragraph of Schedule 12A?' : 'I did not understand that.');
    const change = {
      ...('title' in parsed && parsed.title ? { title: parsed.title } : {}),
      ...(parsed.exempt !== undefined && parsed.exempt !== 'ask' ? { exempt: parsed.exempt } : {}),
    };
    const saved = Object.keys(change).length ? await this.service.describe(sender, found.value, id, change) : undefined;
    if (saved && !saved.ok) return void (await context.sendActivity(saved.message));
    const target = saved?.value.target ?? found.value;
    const entry = saved?.value.entry ?? currentDocuments(target.draft.content.documents).find((d) => d.id === id);
    if (!entry) return void (await context.sendActivity('That document is no longer in the draft.'));
    // A describe of a document from a submitted version gives it a new id: follow it.
    const ids = [entry.id, ...question.ids.slice(1)];
    if (entry.exempt === undefined)
      return this.ask(
        turn,
        target,
        { ...question, ids, step: 'exempt' },
        saved ? `Document "${plainText(entry.title, 200)}" is kept under that title.` : undefined,
      );
    const number = currentDocuments(target.draft.content.documents).findIndex((d) => d.id === entry.id) + 1;
    await context.sendActivity(`Document ${number} is "${plainText(entry.title, 200)}": ${exemptionLabel(entry.exempt)}.`);
    if (ids.length > 1) return this.ask(turn, target, { ...question, ids: ids.slice(1), step: 'details' });
    await this.carryOn(turn);
  }

  private async ask(turn: Turn, target: WorkingDraft, question: Extract<DocumentQuestion, { kind: 'describe' }>, before?: string): Promise<void> {
    const documents = currentDocuments(target.draft.content.documents);
    const number = documents.findIndex((d) => d.id === question.ids[0]) + 1;
    const entry = documents[number - 1];
    if (!entry) return this.carryOn(turn);
    await this.question.set(turn.context, question);
    const text = question.step === 'details' ? askDetails(entry, number) : askExemption(entry, number);
    await turn.context.sendActivity(
      MessageFactory.suggestedActions(
        question.step === 'details' ? ['not exempt'] : ['not exempt', 'exempt 1', 'exempt 3'],
        before ? `${before}\n\n${text}` : text,
      ),
    );
  }

  /** The questions of a request, if one was under way, go on where they were. */
  private async carryOn(turn: Turn): Promise<void> {
    if (turn.dc.activeDialog) await turn.dc.repromptDialog();
  }

  private async draftById(sender: Person, draftId: string): Promise<Outcome<WorkingDraft>> {
    const draft = await this.service.deps.requests.drafts.get(personKey(sender), draftId);
    if (!draft)
      return { ok: false, message: 'That draft no longer exists (it may have been submitted or discarded). Type **my requests** to see your requests.' };
    return describeDraft(this.service.deps.requests, draft, sender.tenantId);
  }
}

/** A file sent, or an answer about one: handled (true), or not a matter for documents (false). */
export async function answerDocuments(documents: DocumentChat | undefined, turn: Turn, text: string): Promise<boolean> {
  if (documents) return documents.onMessage(turn, text);
  if (!sentFiles(turn.context.activity).length) return false;
  await turn.context.sendActivity('Supporting documents are not switched on for this bot (it has no Blob Storage), so the file was not kept.');
  return true;
}
