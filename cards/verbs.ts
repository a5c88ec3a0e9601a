/**
 * Every Action.Execute verb, shared by the card templates and the invoke router so the
 * two cannot drift. Verbs are matched exactly (case-sensitive). Every card button is one
 * of these: the request card's (reviewers, decision makers, scrutiny, the decisions
 * channel) and the officer's own draft cards (summary, change form, funding form).
 */
export const Verbs = {
  /** Automatic (or manual) refresh: re-renders the card for the viewer; never changes state. */
  refresh: 'request.refresh',
  comment: 'review.comment',
  returnForChanges: 'request.return',
  approve: 'decision.approve',
  reject: 'decision.reject',
  recordCommittee: 'decision.committee',
  /** Democratic services record a general exception or special urgency for a key decision. */
  forwardPlanException: 'forwardPlan.exception',
  callIn: 'decision.callIn',
  release: 'callIn.release',
  referBack: 'callIn.referBack',
  referToCouncil: 'callIn.referToCouncil',
} as const;

/** The officer's draft cards: each carries the draft key and the revision the card showed. */
export const DraftVerbs = {
  /** Re-renders a summary card: current, superseded, submitted or discarded. Never changes anything. */
  refresh: 'draft.refresh',
  submit: 'draft.submit',
  addLine: 'draft.addLine',
  edit: 'draft.edit',
  removeLine: 'draft.removeLine',
  save: 'draft.save',
  /** Asks first; `confirmed` in the data discards. */
  discard: 'draft.discard',
  /** The change form: adds a change, or replaces the one it was opened for. */
  saveLine: 'draft.saveLine',
  /** The funding form: adds a funding source. */
  addFunding: 'draft.addFunding',
  /** "I understood": opens the change form for one change, filled in as recorded. Never changes anything. */
  fixLine: 'draft.fixLine',
} as const;

/** The administrators' settings cards: each save carries the settings version the card showed. */
export const SettingsVerbs = {
  show: 'settings.show',
  editRoute: 'settings.editRoute',
  saveRoute: 'settings.saveRoute',
  addDirectorate: 'settings.addDirectorate',
  removeDirectorate: 'settings.removeDirectorate',
  editGeneral: 'settings.editGeneral',
  saveGeneral: 'settings.saveGeneral',
  /** An administrator moves a review or the decision, not yet done, to someone else (bot/settings/reassign.ts). */
  reassign: 'request.reassign',
} as const;

export type RequestVerb = (typeof Verbs)[keyof typeof Verbs];
export type DraftVerb = (typeof DraftVerbs)[keyof typeof DraftVerbs];
export type SettingsVerb = (typeof SettingsVerbs)[keyof typeof SettingsVerbs];
export type Verb = RequestVerb | DraftVerb | SettingsVerb;
