import type { ChatCommand } from './chat-command';

/** `withdraw <reference>`: the requester withdraws a request not yet decided. */
export const withdraw: ChatCommand<'withdraw'> = {
  name: 'withdraw',
  usage: 'withdraw ECR-2026-0001',
  description: 'Withdraw a request not yet decided',
  words: ['withdraw'],
  argument: 'required',
  topics: ['withdraw', 'retract', 'pull'],
  midDialogue: 'ask-again',
  async run({ context, service, sender }, argument) {
    const result = await service.withdraw(sender, argument);
    await context.sendActivity(result.ok ? `${result.value.reference} is withdrawn. Everyone who had it is told.` : result.message);
  },
};
