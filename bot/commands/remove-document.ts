import { removeDocument as remove } from '../documents/document-commands';
import type { ChatCommand } from './chat-command';

/** `remove document <n>`: from the draft; a submitted version keeps it in its history. */
export const removeDocument: ChatCommand<'remove-document'> = {
  name: 'remove-document',
  usage: 'remove document 2',
  description: 'Take a supporting document off your draft (a version already submitted keeps it)',
  words: ['remove document', 'delete document', 'remove doc'],
  argument: 'required',
  topics: ['remove document', 'delete document', 'detach'],
  midDialogue: 'ask-again',
  run: (ctx, argument) => remove(ctx, argument),
};
