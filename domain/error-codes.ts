/**
 * Every stable error code the bot gives, in one place: in a refusal of the core, a
 * use case's result, a card action's error body and the logs. A code names what went
 * wrong and never changes; the words people read may. Codes are grouped by where they
 * arise, and each group's type is a part of ErrorCode, so no layer can invent its own.
 */
export const ERROR_CODES = {
  // The lifecycle (domain/lifecycle.ts): why a command was refused.
  NOT_ALLOWED: 'the person has no part on the request that allows this',
  SELF_APPROVAL: 'the requester may not decide their own request',
  CONFLICT_OF_ROLES: 'one person may not hold two parts on one request',
  INVALID_TRANSITION: 'the request is not in a state where this can be done',
  STALE_VERSION: 'the card showed an older version of the request',
  ALREADY_DECIDED: 'the request was decided already',
  REASON_REQUIRED: 'this needs a reason, and none was given',
  ALREADY_DONE: 'the person did this already',
  TOO_LATE: 'the period for this has ended',
  TOO_EARLY: 'the period for this has not ended yet',
  NOTICE_PERIOD: 'a key decision before its earliest lawful date (forward plan notice, 2012 Regulations regs. 9 to 11)',
  INTEREST_REQUIRED: 'a decision without the decision maker’s declaration of interests',
  PREJUDICIAL_INTEREST: 'a decision by someone who declared a prejudicial interest without a dispensation',
  NO_ALTERNATE: 'routing names nobody free to decide instead',

  // The application layer (app/): what a use case or a port reports.
  NOT_FOUND: 'no such request, draft or person, or none this person may see',
  BUSY: 'another change to the same request won, twice; try again',
  DRAFT_CHANGED: 'the draft was saved elsewhere since it was read (a stale etag)',
  REQUEST_CHANGED: 'the request was changed elsewhere since it was read (a stale etag)',
  TOO_MANY_DRAFTS: 'the officer has as many drafts as one person may keep',
  UNREACHABLE: 'Teams has no way to reach the person yet',
  RETRY_LATER: 'Teams asked for the send to be tried again later',

  // The edge (bot/): what a card action or an activity could not be taken as.
  BAD_ACTION: 'an adaptiveCard/action invoke whose value is not an Action.Execute',
  UNKNOWN_ACTION: 'a verb no handler takes',
  BAD_ACTION_DATA: 'card data of the wrong shape, or with keys the card does not have',
  BAD_REFERENCE: 'a request reference that is not one',
  UNKNOWN_SENDER: 'an activity without an Entra object id and tenant',
  NOT_PERSONAL: 'a draft card used outside the officer’s 1:1 chat',
  TENANT_NOT_ALLOWED: 'a tenant the deployment does not serve',
  RATE_LIMITED: 'the person is sending faster than their allowance',
  STORAGE_UNAVAILABLE: 'Table Storage did not answer in time; nothing was changed',
  INTERNAL: 'an unexpected failure; nothing was changed',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

// Each group is checked against the catalogue: a code outside it does not compile.
export const LIFECYCLE_ERROR_CODES = [
  'NOT_ALLOWED',
  'SELF_APPROVAL',
  'CONFLICT_OF_ROLES',
  'INVALID_TRANSITION',
  'STALE_VERSION',
  'ALREADY_DECIDED',
  'REASON_REQUIRED',
  'ALREADY_DONE',
  'TOO_LATE',
  'TOO_EARLY',
  'NOTICE_PERIOD',
  'INTEREST_REQUIRED',
  'PREJUDICIAL_INTEREST',
  'NO_ALTERNATE',
] as const satisfies readonly ErrorCode[];
export const PORT_ERROR_CODES = ['DRAFT_CHANGED', 'REQUEST_CHANGED', 'TOO_MANY_DRAFTS', 'UNREACHABLE', 'RETRY_LATER'] as const satisfies readonly ErrorCode[];

/** The core's refusals. */
export type LifecycleErrorCode = (typeof LIFECYCLE_ERROR_CODES)[number];

/** What storage and Teams adapters report through the application layer's ports. */
export type PortErrorCode = (typeof PORT_ERROR_CODES)[number];
