import type { Answer, Question } from './questionnaire';
import { sameName } from './routing';

/** The directorate question offering the council's directorates (from its settings) as choices. */
export function directorateQuestion(q: Question, directorates: readonly string[]): Question {
  if (q.key !== 'directorate' || !directorates.length) return q;
  return {
    ...q,
    text: `Which directorate is it in? Choose one of your council's directorates, or type another (a directorate not listed goes to the people set for every other directorate).`,
    choices: directorates.slice(0, 12),
  };
}

/**
 * A typed directorate as the council spells it, when it is one of its directorates (any
 * case or spacing); with a remark when it is not one, since its request then goes to the
 * people set for every other directorate.
 */
export function councilDirectorate(input: Answer, directorates: readonly string[]): { input: Answer; remark?: string } {
  const typed = input.text?.trim();
  if (!typed || !directorates.length) return { input };
  const match = directorates.find((d) => sameName(d, typed));
  if (match) return { input: { ...input, text: match } };
  return {
    input,
    remark: `"${typed.slice(0, 80)}" is not one of the directorates your council has set up (${directorates.slice(0, 12).join(', ')}), so the request will go to the reviewers and decision maker set for every other directorate.`,
  };
}
