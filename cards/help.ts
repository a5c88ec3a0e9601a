import { z } from 'zod';
import template from './help.card.json';
import { defineCard } from './render';

export const HelpCardData = z.object({
  title: z.string(),
  intro: z.string(),
  commands: z.array(z.object({ command: z.string(), description: z.string() })).min(1),
});

export const helpCard = defineCard('help', template, HelpCardData);

/** What the bot understands in chat, in the order a newcomer needs it. */
export const COMMANDS: ReadonlyArray<{ command: string; description: string }> = [
  { command: 'new request', description: 'Raise a staffing establishment change, step by step' },
  { command: 'continue', description: 'Carry on with your latest draft' },
  { command: 'my requests', description: 'Your requests and where each one is' },
  { command: 'status ECR-2026-0001', description: 'Where one request is' },
  { command: 'withdraw ECR-2026-0001', description: 'Withdraw a request not yet decided' },
  { command: 'history ECR-2026-0001', description: 'Everything that has happened to a request' },
  { command: 'revise ECR-2026-0001', description: 'Change a request returned to you, then resubmit it' },
  { command: 'call in ECR-2026-0001 grounds', description: 'Scrutiny members: call in a published decision, giving the grounds' },
  { command: 'deputy Name from 1/12/2026 to 5/12/2026', description: 'Approvers: name a deputy while you are away (deputy off to end it)' },
  { command: 'decisions', description: 'Recent decisions and open call-in periods' },
  { command: 'help', description: 'This list' },
];

export function renderHelpCard(intro: string) {
  return helpCard.render({ title: 'Establishment changes', intro, commands: [...COMMANDS] });
}
