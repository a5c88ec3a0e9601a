import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';
import { plainText } from '../../cards/render';
import { currentDocuments, exemptionLabel, submittedVersion, type DocumentEntry } from '../../domain/documents';
import type { Person } from '../../domain/lifecycle';
import { parseReference } from '../../domain/reference';
import { draftDocumentsText, requestDocumentsText } from '../views/document-views';
import type { DocumentChat } from './document-chat';
import { parseExemption } from './document-questions';
import type { WorkingDraft } from './working-draft';

/** What the document commands are run with (a part of the chat command context). */
export interface DocumentCommandContext {
  context: TurnContext;
  dc: DialogContext;
  sender: Person;
  documents?: DocumentChat;
}

const UNAVAILABLE = 'Supporting documents are not switched on for this bot (it has no Blob Storage).';

/** `documents`: the working draft's; `documents ECR-…`: a request's, for anyone who may see all of it. */
export async function listDocuments(ctx: DocumentCommandContext, argument: string): Promise<void> {
  const { context, documents } = ctx;
  if (!documents) return void (await context.sendActivity(UNAVAILABLE));
  if (argument.trim()) {
    const found = await documents.service.deps.requests.find(ctx.sender, argument.trim());
    if (!found.ok) return void (await context.sendActivity(found.message));
    const { stored } = found.value;
    return void (await context.sendActivity(
      requestDocumentsText(stored.reference, stored.content.documents, documents.link, submittedVersion(stored.workflow)),
    ));
  }
  const target = await documents.target(ctx);
  if (!target.ok) return void (await context.sendActivity(target.message));
  await context.sendActivity(draftDocumentsText(target.value.draft.content.documents, plainText(target.value.label, 240)));
}

/** `rename document 2 Structure chart (after)`. */
export function renameDocument(ctx: DocumentCommandContext, argument: string): Promise<void> {
  return withDocument(ctx, argument, 'rename document 2 Structure chart', async (target, entry, rest) => {
    const title = rest
      .replace(/^(to|as)\s+/i, '')
      .replace(/^["'“‘]+|["'”’]+$/g, '')
      .trim()
      .slice(0, 200);
    if (!/[\p{L}\p{N}]/u.test(title)) return `Give the new title after the number, e.g. **rename document 2 Structure chart**.`;
    const done = await ctx.documents!.service.describe(ctx.sender, target, entry.id, { title });
    return done.ok ? `Document ${done.value.number} is now called "${plainText(done.value.entry.title, 200)}".${kept(target, entry)}` : done.message;
  });
}

/** `mark document 2 exempt 3` / `mark document 2 not exempt`. */
export function markDocument(ctx: DocumentCommandContext, argument: string): Promise<void> {
  return withDocument(ctx, argument, 'mark document 2 exempt 1', async (target, entry, rest) => {
    const exempt = parseExemption(rest.replace(/^as\s+/i, ''));
    if (exempt === undefined || exempt === 'ask')
      return 'Say **not exempt**, or **exempt** and its Schedule 12A paragraph (1 to 7), e.g. **mark document 2 exempt 1**.';
    const done = await ctx.documents!.service.describe(ctx.sender, target, entry.id, { exempt });
    return done.ok
      ? `Document ${done.value.number}, "${plainText(done.value.entry.title, 200)}", is ${exemptionLabel(done.value.entry.exempt)}.${kept(target, entry)}`
      : done.message;
  });
}

/** `remove document 2`. */
export function removeDocument(ctx: DocumentCommandContext, argument: string): Promise<void> {
  return withDocument(ctx, argument, 'remove document 2', async (target, entry) => {
    const done = await ctx.documents!.service.remove(ctx.sender, target, entry.id);
    if (!done.ok) return done.message;
    const kept = entry.addedIn < target.drafting ? ` Version ${entry.addedIn} keeps it in its history.` : ' Its file is deleted.';
    return `Removed document "${plainText(entry.title, 200)}" from ${plainText(target.label, 240)}.${kept}`;
  });
}

/** `replace document 2`: the next file sent takes its place. */
export function replaceDocument(ctx: DocumentCommandContext, argument: string): Promise<void> {
  return withDocument(ctx, argument, 'replace document 2', async (target, entry, _rest, number) => {
    await ctx.documents!.waitForReplacement(ctx, target, entry, number);
    return undefined;
  });
}

/** Finds the numbered document of the working draft and runs `act`; its answer (if any) is sent. */
async function withDocument(
  ctx: DocumentCommandContext,
  argument: string,
  example: string,
  act: (target: WorkingDraft, entry: DocumentEntry, rest: string, number: number) => Promise<string | undefined>,
): Promise<void> {
  const { context, documents } = ctx;
  if (!documents) return void (await context.sendActivity(UNAVAILABLE));
  const typed = /^(?:no\.?\s*|number\s+)?(\d{1,3})\b[\s:,]*(.*)$/i.exec(argument.trim());
  if (!typed) {
    const reference = parseReference(argument.trim().split(/\s+/)[0] ?? '');
    return void (await context.sendActivity(
      reference
        ? `Documents of a request are changed in its revision: type **revise ${reference}**, then **${example}**.`
        : `Name the document by its number, e.g. **${example}** (**documents** lists them).`,
    ));
  }
  const target = await documents.target(ctx);
  if (!target.ok) return void (await context.sendActivity(target.message));
  const number = Number(typed[1]);
  const entry = currentDocuments(target.value.draft.content.documents)[number - 1];
  if (!entry) return void (await context.sendActivity(`${plainText(target.value.label, 240)} has no document ${number}. Type **documents** to see them.`));
  const answer = await act(target.value, entry, typed[2] ?? '', number);
  if (answer) await context.sendActivity(answer);
}

/** A change to a document of a submitted version says that version keeps it as it was. */
function kept(target: WorkingDraft, entry: DocumentEntry): string {
  return entry.addedIn < target.drafting ? ` Version ${entry.addedIn} keeps it as it was.` : '';
}
