import type { ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
// The dialog set and its context only: the package's index also loads every prompt and the
// text recognizers, 17 MB of live heap this bot never uses (see BENCHMARKS.md, dialogue).
import type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import type { RequestService } from '../../app/request-service';
import type { QuickEntrySettings } from '../config/quick-entry';
import { RequestDialog } from './request-dialog';

/** A question the bot asked and is waiting on: a yes typed next answers it. */
export type Pending = { kind: 'discard' | 'cancel'; draftId: string; title: string } | { kind: 'suggest'; command: string };

/**
 * An officer's 1:1 chat as the bot keeps it (conversation state, in Table Storage): the
 * dialogue under way, a yes/no question pending, and which card is each draft's live
 * summary. Typed text (message-router.ts) and card clicks (invoke/draft-actions/) share it.
 */
export class OfficerChat {
  private readonly dialogs: DialogSet;
  readonly pending: StatePropertyAccessor<Pending | undefined>;
  /** Draft id → the activity id of its one live summary card in this chat. */
  readonly summaryCards: StatePropertyAccessor<Record<string, string>>;

  constructor(
    conversationState: ConversationState,
    service: RequestService,
    /** How answers typed here, or on the forms, are read (the council's full-time week). */
    readonly quickEntry: QuickEntrySettings,
  ) {
    this.dialogs = new DialogSet(conversationState.createProperty<DialogState>('dialogState'));
    this.dialogs.add(new RequestDialog(service, this));
    this.pending = conversationState.createProperty<Pending | undefined>('pendingChoice');
    this.summaryCards = conversationState.createProperty<Record<string, string>>('summaryCards');
  }

  dialogue(context: TurnContext): Promise<DialogContext> {
    return this.dialogs.createContext(context);
  }
}

/** The draft the dialogue under way is asking about, if any. */
export function dialogueDraft(dc: DialogContext): string | undefined {
  return (dc.activeDialog?.state as { draftId?: string } | undefined)?.draftId;
}
