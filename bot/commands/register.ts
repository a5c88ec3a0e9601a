import { calendarDate, formatLongDate, type CalendarDate } from '../../domain/calendar-date';
import { parseUkDate } from '../../domain/establishment-import';
import { establishmentDeps } from '../establishment/establishment-feature';
import type { ChatCommand } from './chat-command';

const PERIOD = /^(\S+)\s+(?:to|-|until)\s+(\S+)$/i;

/** "2026-04-01 to 2026-09-30" or "1/4/2026 to 30/9/2026". */
export function parsePeriod(typed: string): { from: CalendarDate; to: CalendarDate } | undefined {
  const m = PERIOD.exec(typed.trim());
  const from = m && parseUkDate(m[1]!);
  const to = m && parseUkDate(m[2]!);
  return from && to && from <= to ? { from, to } : undefined;
}

/**
 * `register <from> to <to>`: a link to the decisions register for that period as a CSV
 * (public fields; the exempt columns filled only where the signed-in person may see the
 * whole request), served behind the report sign-in.
 */
export const register: ChatCommand<'register'> = {
  name: 'register',
  usage: 'register 2026-04-01 to 2026-09-30',
  description: 'The decisions register for a period as a spreadsheet (CSV); you sign in to open it',
  words: ['register'],
  argument: 'required',
  topics: ['register', 'csv', 'spreadsheet', 'export'],
  midDialogue: 'ask-again',
  async run({ context }, argument) {
    const deps = establishmentDeps(context);
    if (!deps) return void (await context.sendActivity('The decisions register is not switched on for this bot.'));
    const period = parsePeriod(argument);
    const example = calendarDate(2026, 4, 1);
    if (!period) return void (await context.sendActivity(`Give the period as **register ${example} to 2026-09-30** (or 1/4/2026 to 30/9/2026).`));
    await context.sendActivity(
      `The decisions register for ${formatLongDate(period.from)} to ${formatLongDate(period.to)}: [download the CSV](${deps.registerLink(period.from, period.to)}). You sign in to download it; it opens in Excel. Exempt information appears only for decisions you may see in full.`,
    );
  },
};
