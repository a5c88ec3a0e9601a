import { back } from './back';
import { callIn } from './call-in';
import { cancel } from './cancel';
import { change } from './change';
import type { ChatCommand, CommandName } from './chat-command';
import { continueDraft } from './continue';
import { decisions } from './decisions';
import { deputy } from './deputy';
import { discard } from './discard';
import { documents } from './documents';
import { forwardPlan } from './forward-plan';
import { establishment } from './establishment';
import { help } from './help';
import { history } from './history';
import { markDocument } from './mark-document';
import { myRequests } from './my-requests';
import { newRequest } from './new-request';
import { register } from './register';
import { removeDocument } from './remove-document';
import { renameDocument } from './rename-document';
import { replaceDocument } from './replace-document';
import { report } from './report';
import { revise } from './revise';
import { save } from './save';
import { status } from './status';
import { withdraw } from './withdraw';

/**
 * Every chat command by name, one module each. The type asks for every CommandName, each
 * under its own name, so a command without a module does not compile. The order is the
 * help card's (a newcomer's), and the parser tries words in it.
 */
export const CHAT_COMMANDS: { readonly [N in CommandName]: ChatCommand<N> } = {
  'new-request': newRequest,
  continue: continueDraft,
  save,
  back,
  change,
  cancel,
  discard,
  'my-requests': myRequests,
  status,
  withdraw,
  revise,
  history,
  report,
  documents,
  'rename-document': renameDocument,
  'mark-document': markDocument,
  'replace-document': replaceDocument,
  'remove-document': removeDocument,
  decisions,
  'forward-plan': forwardPlan,
  register,
  establishment,
  'call-in': callIn,
  deputy,
  help,
};
