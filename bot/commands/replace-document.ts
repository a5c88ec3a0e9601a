import { replaceDocument as replace } from '../documents/document-commands';
import type { ChatCommand } from './chat-command';

/** `replace document <n>`: the next file sent takes its place, keeping its title and exemption. */
export const replaceDocument: ChatCommand<'replace-document'> = {
  name: 'replace-document',
  usage: 'replace document 2',
  description: 'Then send a file: it replaces that document in your draft or revision (an earlier version keeps the old one)',
  words: ['replace document', 'replace doc'],
  argument: 'required',
  topics: ['replace', 'new version of', 'updated file'],
  midDialogue: 'takes-over',
  run: (ctx, argument) => replace(ctx, argument),
};
