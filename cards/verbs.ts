/**
 * Every Action.Execute verb, shared by the card templates and the invoke router so the
 * two cannot drift. Verbs are matched exactly (case-sensitive). None yet: the officer's
 * own cards use Action.Submit; reviewers' and decision makers' cards (issue 4) add theirs.
 */
export const Verbs = {} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];
