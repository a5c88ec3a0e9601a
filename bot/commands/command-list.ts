import type { CommandSpec } from './chat-command';
import { CHAT_COMMANDS } from './registry';

export type { CommandName, CommandSpec } from './chat-command';

/**
 * The registry's commands in help order: the parser (parse-command.ts), the typo matcher
 * (suggest.ts), the help card (cards/help.ts) and the README's table (checked by
 * test/bot/command-list.test.ts) all read this one list.
 */
export const COMMAND_LIST: readonly CommandSpec[] = Object.values(CHAT_COMMANDS);
