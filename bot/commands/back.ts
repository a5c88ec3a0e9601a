import type { ChatCommand } from './chat-command';

/** `back`: mid-dialogue the previous question; otherwise how to get there. */
export const back: ChatCommand<'back'> = {
  name: 'back',
  usage: 'back',
  description: 'While I ask questions: the previous question again, its answer shown so you can replace it',
  words: ['back', 'go back'],
  argument: 'none',
  topics: ['back', 'previous', 'undo', 'mistake', 'correct'],
  midDialogue: 'answer',
  async run({ context }) {
    await context.sendActivity(
      '**back** goes back a question while I am asking about a draft: type **continue** to carry on with your latest draft, or `change <field>` to change one answer.',
    );
  },
};
