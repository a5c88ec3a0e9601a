import { previousInOrder } from '../../domain/corrections';
import type { QuestionKey } from '../../domain/questionnaire';
import type { RequestContent } from '../../domain/request';

/** A question answered in this dialogue, with how many changes and funding sources the draft had before. */
export interface Answered {
  key: QuestionKey;
  lines: number;
  funding: number;
}

/**
 * Where `back` goes from `current`: the last answer of this dialogue still on the draft
 * (or, with none yet, the question before in the questionnaire), with a note to say, and
 * the history left. No key: there is nothing to go back to, and the note says so.
 */
export function previousAnswer(
  history: readonly Answered[],
  editing: boolean,
  draft: RequestContent,
  current: QuestionKey,
): { key?: QuestionKey; note?: string; history: Answered[] } {
  const left = [...history];
  let previous = left.pop();
  const gone = (k: QuestionKey) => k.startsWith('lineField:') && Number(k.split(':')[1]) >= draft.lines.length;
  while (previous && (previous.key === current || gone(previous.key))) previous = left.pop();
  // No answers in this conversation yet (after continue or a restart): the question before in the questionnaire.
  if (!previous && !(left.length || editing)) {
    const before = previousInOrder(draft, current);
    if (before) previous = { key: before, lines: draft.lines.length, funding: draft.funding.length };
  }
  if (!previous)
    return {
      history: left,
      note: 'There is no earlier answer in this conversation to go back to. Type `change <field>` to change any answer, e.g. `change service`.',
    };
  let key = previous.key;
  if (key === 'line' || key === 'moreLines') key = draft.lines.length ? 'moreLines' : 'line';
  if (key === 'funding' || key === 'moreFunding') key = draft.funding.length ? 'moreFunding' : 'funding';
  if (key === 'moreLines' || key === 'moreFunding') {
    const what =
      key === 'moreLines'
        ? 'a change: `change fte of change 1` (or job title, grade, cost, term, start date), or **Remove** on the summary card'
        : 'a funding source: "sorry, I meant …" right after adding it, or **Edit** on the summary card';
    return { key, history: left, note: `Here is what you have so far. To correct ${what}.` };
  }
  return { key, history: left };
}
