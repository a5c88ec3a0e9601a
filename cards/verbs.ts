/**
 * Every Action.Execute verb, shared by the card templates and the invoke router so the
 * two cannot drift. Verbs are matched exactly (case-sensitive). The officer's own cards
 * use Action.Submit; these are the cards sent to reviewers, decision makers, scrutiny
 * members and the decisions channel.
 */
export const Verbs = {
  /** Automatic (or manual) refresh: re-renders the card for the viewer; never changes state. */
  refresh: 'request.refresh',
  comment: 'review.comment',
  returnForChanges: 'request.return',
  approve: 'decision.approve',
  reject: 'decision.reject',
  recordCommittee: 'decision.committee',
  callIn: 'decision.callIn',
  release: 'callIn.release',
  referBack: 'callIn.referBack',
  referToCouncil: 'callIn.referToCouncil',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];
