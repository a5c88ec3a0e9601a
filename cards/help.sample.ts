import type { z } from 'zod';
import { cardSample } from '../fixtures/card-sample';
import { COMMANDS, helpCard, renderHelpCard, type HelpCardData } from './help';

const INTRO =
  "Hello Olivia. I run staffing establishment change approvals: raise a request here, and I'll take it through finance, HR and legal comments to a decision, publication and call-in.";

export const helpSample = cardSample<z.input<typeof HelpCardData>>({
  name: 'help',
  title: 'Help',
  description: 'Sent when the bot is installed in a 1:1 chat, and on "help": what the bot understands.',
  card: helpCard,
  data: { title: 'Establishment changes', intro: INTRO, commands: [...COMMANDS] },
  render: () => renderHelpCard(INTRO),
});
