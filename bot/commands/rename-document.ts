import { renameDocument as rename } from '../documents/document-commands';
import type { ChatCommand } from './chat-command';

/** `rename document <n> <title>`: a document of the draft (or revision) gets a new title. */
export const renameDocument: ChatCommand<'rename-document'> = {
  name: 'rename-document',
  usage: 'rename document 2 Structure chart (after)',
  description: 'Give a supporting document of your draft a new title',
  words: ['rename document', 'rename doc', 'retitle document'],
  argument: 'required',
  topics: ['rename', 'retitle'],
  midDialogue: 'ask-again',
  run: (ctx, argument) => rename(ctx, argument),
};
