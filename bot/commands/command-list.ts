/**
 * Every command the bot understands in a 1:1 chat, in the order a newcomer needs them: the
 * parser (parse-command.ts), the typo matcher (suggest.ts), the help card (cards/help.ts)
 * and the README's table are all read from this one list.
 */
export type CommandName =
  | 'help'
  | 'new-request'
  | 'continue'
  | 'save'
  | 'back'
  | 'change'
  | 'cancel'
  | 'discard'
  | 'my-requests'
  | 'status'
  | 'withdraw'
  | 'revise'
  | 'history'
  | 'report'
  | 'decisions'
  | 'call-in'
  | 'deputy';

export interface CommandSpec {
  name: CommandName;
  /** As shown in help and the README, with an example argument. */
  usage: string;
  description: string;
  /** What is typed, the first the usual one; a typo of any of them is suggested as the first. */
  words: readonly string[];
  /** none: the words alone; optional: alone or followed by more; required: followed by more. */
  argument: 'none' | 'optional' | 'required';
  /** Words in a plain question ("how do I withdraw?") that point to this command. */
  topics: readonly string[];
}

export const COMMAND_LIST: readonly CommandSpec[] = [
  { name: 'new-request', usage: 'new request', description: 'Raise a staffing establishment change, step by step', words: ['new request', 'new', 'raise a request'], argument: 'none', topics: ['new', 'raise', 'start', 'request a', 'create', 'submit'] },
  { name: 'continue', usage: 'continue', description: 'Carry on with your latest draft, after a break or days later', words: ['continue', 'resume'], argument: 'none', topics: ['continue', 'resume', 'carry on', 'pick up'] },
  { name: 'save', usage: 'save', description: 'Stop for now: every answer is already saved', words: ['save', 'later', 'save for later', 'pause'], argument: 'none', topics: ['save', 'pause', 'later', 'stop for now'] },
  { name: 'back', usage: 'back', description: 'While I ask questions: the previous question again, its answer shown so you can replace it', words: ['back', 'go back'], argument: 'none', topics: ['back', 'previous', 'undo', 'mistake', 'correct'] },
  { name: 'change', usage: 'change service', description: 'Change one answer of your draft (title, directorate, service, team, funding, a section, or a change\'s fte, grade, cost …), then carry on', words: ['change'], argument: 'required', topics: ['change', 'edit', 'correct', 'fix', 'mistake', 'wrong'] },
  { name: 'cancel', usage: 'cancel', description: 'Stop the questions: keep the draft for later or discard it', words: ['cancel', 'stop', 'quit', 'exit'], argument: 'none', topics: ['cancel', 'stop', 'quit'] },
  { name: 'discard', usage: 'discard', description: 'Delete a draft, after you confirm (discard <title> for one of several)', words: ['discard'], argument: 'optional', topics: ['discard', 'delete', 'remove', 'throw away', 'get rid'] },
  { name: 'my-requests', usage: 'my requests', description: 'Your drafts and requests and where each one is', words: ['my requests', 'requests'], argument: 'none', topics: ['my requests', 'list', 'drafts', 'all my'] },
  { name: 'status', usage: 'status ECR-2026-0001', description: 'Where one request is', words: ['status'], argument: 'required', topics: ['status', 'where is', 'progress', 'track'] },
  { name: 'withdraw', usage: 'withdraw ECR-2026-0001', description: 'Withdraw a request not yet decided', words: ['withdraw'], argument: 'required', topics: ['withdraw', 'retract', 'pull'] },
  { name: 'revise', usage: 'revise ECR-2026-0001', description: 'Change a request returned to you, then resubmit it', words: ['revise', 'resubmit'], argument: 'required', topics: ['revise', 'resubmit', 'returned', 'amend'] },
  { name: 'history', usage: 'history ECR-2026-0001', description: 'Everything that has happened to a request: who, what and when', words: ['history'], argument: 'required', topics: ['history', 'audit', 'who did', 'happened'] },
  { name: 'report', usage: 'report ECR-2026-0001', description: 'A link to the decision report (.docx); you sign in to open it', words: ['report'], argument: 'required', topics: ['report', 'docx', 'word', 'download', 'document'] },
  { name: 'decisions', usage: 'decisions', description: 'Recent published decisions and open call-in periods', words: ['decisions'], argument: 'none', topics: ['decisions', 'published', 'decided'] },
  { name: 'call-in', usage: 'call in ECR-2026-0001 <grounds>', description: 'Scrutiny members: call in a published decision, giving the grounds', words: ['call in', 'call-in', 'callin'], argument: 'required', topics: ['call in', 'call-in', 'scrutiny'] },
  { name: 'deputy', usage: 'deputy Cara Chief Executive from 1/12/2026 to 5/12/2026', description: 'Reviewers, deciders and scrutiny: name a deputy while you are away (deputy shows it, deputy off ends it)', words: ['deputy'], argument: 'optional', topics: ['deputy', 'away', 'holiday', 'leave', 'absence', 'cover', 'delegate', 'on my behalf'] },
  { name: 'help', usage: 'help', description: 'This list', words: ['help', '?', 'hi', 'hello'], argument: 'none', topics: ['help', 'commands'] },
];
