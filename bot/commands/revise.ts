import { sendSummary } from '../dialogs/summary-cards';
import type { ChatCommand } from './chat-command';

/** `revise <reference>`: a request returned to its officer, as a draft of its next version. */
export const revise: ChatCommand<'revise'> = {
  name: 'revise',
  usage: 'revise ECR-2026-0001',
  description: 'Change a request returned to you, then resubmit it',
  words: ['revise', 'resubmit'],
  argument: 'required',
  topics: ['revise', 'resubmit', 'returned', 'amend'],
  midDialogue: 'takes-over',
  async run({ context, dc, chat, service, sender }, argument) {
    const result = await service.revise(sender, argument);
    if (!result.ok) return void (await context.sendActivity(result.message));
    await dc.cancelAllDialogs();
    await context.sendActivity(
      `Here is ${result.value.resubmits} as it was returned. Use **Edit** to change what is needed, then **Submit** to resubmit it: review starts again, and earlier comments stay in its history.`,
    );
    await sendSummary(chat, context, service, result.value);
  },
};
