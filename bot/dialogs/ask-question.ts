import { CardFactory, MessageFactory, type TurnContext } from 'botbuilder';
import { currentValue } from '../../domain/corrections';
import type { Question } from '../../domain/questionnaire';
import type { RequestContent } from '../../domain/request';
import type { DraftRecord } from '../../storage/draft-repository';
import { changeForm, fundingForm } from './draft-forms';

/**
 * Asks one question of the dialogue. Asked again (back, change, Edit on the summary), the
 * saved answer is shown and can be kept. A new change or funding source can also be given
 * on a form, which is answered on the one road for clicks (invoke/draft-actions/).
 */
export async function askQuestion(context: TurnContext, draft: DraftRecord<RequestContent>, q: Question, error = ''): Promise<void> {
  const now = currentValue(draft.content, q.key);
  const asked = now === undefined ? q.text : `Now: **${now.slice(0, 300)}**. Type a new answer, or **keep** to leave it.\n\n${q.text}`;
  const text = error ? `${error}\n\n${asked}` : asked;
  const choices = now === undefined ? q.choices : [...(q.choices ?? []), 'keep'];
  await context.sendActivity(choices ? MessageFactory.suggestedActions(choices, text) : MessageFactory.text(text));
  const form = q.key === 'line' ? changeForm(draft, 'new') : q.key === 'funding' ? fundingForm(draft) : undefined;
  if (form) await context.sendActivity({ attachments: [CardFactory.adaptiveCard(form)] });
}
