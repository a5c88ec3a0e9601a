import type { ChatCommand } from './chat-command';

/** `report <reference>`: a link to the decision report; the download checks who signs in. */
export const report: ChatCommand<'report'> = {
  name: 'report',
  usage: 'report ECR-2026-0001',
  description: 'A link to the decision report (.docx); you sign in to open it',
  words: ['report'],
  argument: 'required',
  topics: ['report', 'docx', 'word', 'download', 'document'],
  midDialogue: 'ask-again',
  async run({ context, service, sender, reportLink }, argument) {
    const found = await service.find(sender, argument);
    if (!found.ok) return void (await context.sendActivity(found.message));
    const { reference, workflow } = found.value.stored;
    if (!workflow.decision) return void (await context.sendActivity(`${reference} has no decision yet: its report is made once it is approved or rejected.`));
    const link = reportLink(reference);
    await context.sendActivity(
      `The decision report for ${reference} (Word, with any exempt information in a confidential appendix): [download ${reference}.docx](${link}). You sign in to download it, and it opens only for people who may see this request.`,
    );
  },
};
