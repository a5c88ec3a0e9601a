import type { ChatCommand } from './chat-command';

/** `save`: mid-dialogue the dialogue stops there; otherwise there is nothing to save. */
export const save: ChatCommand<'save'> = {
  name: 'save',
  usage: 'save',
  description: 'Stop for now: every answer is already saved',
  words: ['save', 'later', 'save for later', 'pause'],
  argument: 'none',
  topics: ['save', 'pause', 'later', 'stop for now'],
  midDialogue: 'answer',
  async run({ context }) {
    await context.sendActivity('Every answer is saved as you go. Type **continue** to carry on with your latest draft.');
  },
};
