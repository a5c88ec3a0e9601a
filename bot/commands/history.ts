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
    await context.sendActivity(result.ok ? formatHistory(result.value.reference, result.value.entries) : result.message);
  },
};
