import { OFFICER, TENANT } from '../../fixtures/seed-004';
import { textOf, type BotHarness } from './bot-harness';
import { storeFor } from './workflow';

type User = { aadObjectId: string; name: string };

/**
 * Clicks Submit on a draft's summary as it stands now (its current revision, read from
 * storage): what an officer does on the latest summary card. Returns the bot's messages
 * meanwhile and, last, the card that replaced the summary.
 */
export function submitDraft(bot: BotHarness, draftId: string, user: User = OFFICER): Promise<Array<Record<string, unknown>>> {
  return clickDraft(bot, draftId, 'draft.submit', {}, user);
}

/**
 * Clicks a draft card's button (verb) with the draft's current revision, as on its latest
 * card; `inputs` are what the card's inputs hold (a form's fields, Edit's choice).
 */
export async function clickDraft(
  bot: BotHarness,
  draftId: string,
  verb: string,
  inputs: Record<string, string> = {},
  user: User = OFFICER,
): Promise<Array<Record<string, unknown>>> {
  const draft = await storeFor(bot).drafts.get({ tenantId: TENANT, aadObjectId: user.aadObjectId }, draftId);
  if (!draft) throw new Error(`No draft ${draftId}`);
  const clicked = await bot.execute(verb, { draft: draftId, version: draft.revision, ...inputs }, 'draft-card', user);
  return [...clicked.messages, ...(clicked.card ? [clicked.card] : [])];
}

/** The draft key the last summary card in `messages` names. */
export function draftKeyOf(messages: ReadonlyArray<Record<string, unknown>>): string | undefined {
  return /"verb":"draft\.submit"[^}]*"draft":"([0-9a-z]+)"/.exec(messages.map(textOf).join('\n'))?.[1];
}
