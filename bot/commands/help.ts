import type { ChatCommand } from './chat-command';

/** `help`: the help card, to anyone, and mid-dialogue the question again after it. */
export const help: ChatCommand<'help'> = {
  name: 'help',
  usage: 'help',
  description: 'This list',
  words: ['help', '?', 'hi', 'hello'],
  argument: 'none',
  topics: ['help', 'commands'],
  midDialogue: 'ask-again',
  forAnyone: true,
  run: ({ sendHelp }) => sendHelp(),
};
