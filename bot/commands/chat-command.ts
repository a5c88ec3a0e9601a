import type { Person } from '../../domain/person';
import type { TurnContext } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs/lib/dialogContext';

import type { OfficerChat } from '../dialogs/officer-chat';
import type { DocumentChat } from '../documents/document-chat';
import type { RequestViews } from '../request-views';
import type { RequestService } from '../../app/request-service';

/** Every command the bot understands in a 1:1 chat; registry.ts must hold a module for each. */
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
  | 'forward-plan'
  | 'register'
  | 'establishment'
  | 'call-in'
  | 'deputy'
  | 'documents'
  | 'rename-document'
  | 'mark-document'
  | 'replace-document'
  | 'remove-document';

/** What the parser, the typo matcher, the help card and the README's table know of a command. */
export interface CommandSpec<N extends CommandName = CommandName> {
  name: N;
  /** As shown in help and the README, with an example argument. */
  usage: string;
  description: string;
  /** What is typed, the first the usual one; a typo of any of them is suggested as the first. */
  words: readonly string[];
  /** none: the words alone; optional: alone or followed by more; required: followed by more. */
  argument: 'none' | 'optional' | 'required';
  /** Words in a plain question ("how do I withdraw?") that point to this command. */
  topics: readonly string[];
  /**
   * Typed while the dialogue asks a question. answer: it steers the dialogue, which handles
   * it; ask-again: it runs and the question is asked again; takes-over: it runs and asks
   * its own question or begins a dialogue, so the old question is not repeated.
   */
  midDialogue: 'answer' | 'ask-again' | 'takes-over';
}

/** What every command may use, built by the router for each message. */
export interface ChatContext {
  context: TurnContext;
  dc: DialogContext;
  chat: OfficerChat;
  service: RequestService;
  views: RequestViews;
  /** Where a request's decision report is downloaded (the download checks who signs in). */
  reportLink: (reference: string) => string;
  /** Supporting documents: files sent here and their questions; absent when the bot has no Blob Storage. */
  documents?: DocumentChat;
  /** The help card. It lists the registry, so commands are handed it rather than importing it. */
  sendHelp: () => Promise<void>;
}

/** The context of a command that acts for a known person. */
export interface CommandContext extends ChatContext {
  sender: Person;
}

/** One chat command: its spec and what it does. `argument` is '' for a command that takes none. */
export type ChatCommand<N extends CommandName = CommandName> = CommandSpec<N> &
  (
    | { /** Answered even when the bot cannot tell who asks. */ forAnyone: true; run(ctx: ChatContext, argument: string): Promise<void> }
    | { forAnyone?: false; run(ctx: CommandContext, argument: string): Promise<void> }
  );
