import { z } from 'zod';
import template from './help.card.json';
import { defineCard } from './render';
import { COMMAND_LIST } from '../bot/commands/command-list';

export const HelpCardData = z.object({
  title: z.string(),
  intro: z.string(),
  commands: z.array(z.object({ command: z.string(), description: z.string() })).min(1),
});

export const helpCard = defineCard('help', template, HelpCardData);

/** What the bot understands in chat, in the order a newcomer needs it: the command registry's, which the parser reads too. */
export const COMMANDS: ReadonlyArray<{ command: string; description: string }> = COMMAND_LIST.map((c) => ({ command: c.usage, description: c.description }));

export function renderHelpCard(intro: string) {
  return helpCard.render({ title: 'Establishment changes', intro, commands: [...COMMANDS] });
}
