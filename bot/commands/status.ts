import { CardFactory } from 'botbuilder';
import type { ChatCommand } from './chat-command';

/**
 * `status <reference>`: the request's card as the access policy lets the sender see it
 * (RequestService.find asks it: nobody learns of a request they may not see).
 */
export const status: ChatCommand<'status'> = {
  name: 'status',
  usage: 'status ECR-2026-0001',
  description: 'Where one request is',
  words: ['status'],
  argument: 'required',
  topics: ['status', 'where is', 'progress', 'track'],
  midDialogue: 'ask-again',
  async run({ context, service, views, sender }, argument) {
    // Anyone may see a published decision's public summary; the whole request only those entitled.
    const found = await service.find(sender, argument, 'public');
    if (!found.ok) return void (await context.sendActivity(found.message));
    const card = await views.cardFor(
      found.value.stored,
      { tenantId: sender.tenantId, aadObjectId: sender.aadObjectId, name: sender.name },
      'personal',
      found.value.rules,
    );
    await context.sendActivity(
      card ? { attachments: [CardFactory.adaptiveCard(card)] } : `I can't find ${found.value.stored.reference} among the requests you can see.`,
    );
  },
};
