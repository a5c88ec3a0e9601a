/**
 * Every Action.Execute verb, shared by the card templates and the invoke router so the
 * two cannot drift. Verbs are matched exactly (case-sensitive).
 */
export const Verbs = {
  refreshHelp: 'help.refresh',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];
