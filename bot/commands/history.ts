import { submittedVersion } from '../../domain/documents';
import { documentHistoryText } from '../views/document-views';
import { formatHistory } from '../views/history-view';
import type { ChatCommand } from './chat-command';

/** `history <reference>`: the audit trail, for those who may see the whole request. */
export const history: ChatCommand<'history'> = {
  name: 'history',
  usage: 'history ECR-2026-0001',
  description: 'Everything that has happened to a request: who, what and when',
  words: ['history'],
  argument: 'required',
  topics: ['history', 'audit', 'who did', 'happened'],
  midDialogue: 'ask-again',
  async run({ context, service, sender }, argument) {
    const result = await service.history(sender, argument);
    if (!result.ok) return void (await context.sendActivity(result.message));
    // Which version had which supporting documents, read from the request as it stands.
    const found = await service.find(sender, result.value.reference);
    const documents = found.ok ? documentHistoryText(found.value.stored.content.documents, submittedVersion(found.value.stored.workflow)) : '';
    await context.sendActivity(`${formatHistory(result.value.reference, result.value.entries)}${documents ? `\n\n${documents}` : ''}`);
  },
};
