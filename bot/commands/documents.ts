import { listDocuments } from '../documents/document-commands';
import type { ChatCommand } from './chat-command';

/** `documents`: the working draft's supporting documents; `documents <reference>`: a request's, with download links. */
export const documents: ChatCommand<'documents'> = {
  name: 'documents',
  usage: 'documents',
  description: 'The supporting documents of your draft (send a file here to attach one); documents ECR-2026-0001 for a request, with download links',
  words: ['documents', 'attachments', 'appendices'],
  argument: 'optional',
  topics: ['documents', 'attach', 'attachment', 'file', 'files', 'appendix', 'appendices', 'job description', 'structure chart', 'papers'],
  midDialogue: 'ask-again',
  run: (ctx, argument) => listDocuments(ctx, argument),
};
