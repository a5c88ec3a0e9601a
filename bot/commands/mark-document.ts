import { markDocument as mark } from '../documents/document-commands';
import type { ChatCommand } from './chat-command';

/** `mark document <n> exempt <paragraph>` / `mark document <n> not exempt`. */
export const markDocument: ChatCommand<'mark-document'> = {
  name: 'mark-document',
  usage: 'mark document 2 exempt 1',
  description: 'Mark a supporting document exempt under a Schedule 12A paragraph (1 to 7), or not exempt',
  words: ['mark document', 'mark doc'],
  argument: 'required',
  topics: ['exempt', 'confidential', 'schedule 12a', 'not for publication'],
  midDialogue: 'ask-again',
  run: (ctx, argument) => mark(ctx, argument),
};
