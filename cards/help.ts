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
  { command: 'decisions', description: 'Recent decisions and open call-in periods' },
  { command: 'help', description: 'This list' },
];

export function renderHelpCard(intro: string) {
  return helpCard.render({ title: 'Establishment changes', intro, commands: [...COMMANDS] });
}
