import { randomBytes } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { londonDate } from '../../domain/calendar-date';
import { importEstablishment, type Rejection } from '../../domain/establishment-import';
import { totalsOn } from '../../domain/establishment';
import { formatFte, formatPounds } from '../../domain/money';
import { activitySender } from '../actor';
import { downloadFile, sentFiles } from '../documents/teams-files';
import type { EstablishmentDeps } from './establishment-feature';

const COMMAND = /^\s*import\s+establishment[.!]?\s*$/i;
/** Rejected rows listed in the reply; the rest are counted. */
const LISTED = 30;

/**
 * `import establishment`, sent by an administrator in the 1:1 chat with the HR system's CSV
 * export attached: checked row by row, and imported only when every row is right (so a
 * corrected file can simply be sent again); otherwise each rejected row is listed with its
 * row number, column and why. Taken before the supporting-documents feature sees the file.
 */
export function importMiddleware(deps: EstablishmentDeps) {
  return async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    if (activity.type !== 'message' || !COMMAND.test(activity.text ?? '')) return false;
    const say = async (text: string) => void (await context.sendActivity(text));
    const sender = activitySender(activity);
    if (activity.conversation?.conversationType !== 'personal') return say('Send **import establishment** with the CSV file in our 1:1 chat.').then(() => true);
    if (!sender || !(await deps.isAdministrator(sender)))
      return say('Only the bot’s administrators (democratic services) can import an establishment.').then(() => true);
    const files = sentFiles(activity);
    if (files.length !== 1)
      return say(
        'Attach one CSV file (the HR system’s export) to the message **import establishment**. Its columns: Directorate, Service, Team, Job title, Grade, FTE, Annual cost per FTE (or Annual cost), Status, Start date, End date.',
      ).then(() => true);
    const file = await downloadFile(files[0]!.downloadUrl, deps.downloads);
    if (!file.ok)
      return say(`I could not read ${files[0]!.name} (${file.reason === 'too-large' ? 'it is too large' : 'the download failed'}). Nothing was imported.`).then(
        () => true,
      );
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
    } catch {
      return say('The file is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8". Nothing was imported.').then(() => true);
    }
    const ledger = await deps.ledger.read(sender.tenantId);
    const today = londonDate(deps.now());
    const result = importEstablishment(text, ledger.posts, today, `${today.replace(/-/g, '')}${randomBytes(3).toString('hex')}`);
    if (result.fileError) return say(`${result.fileError} Nothing was imported.`).then(() => true);
    if (result.rejected.length) return say(describeRejections(result.rejected)).then(() => true);
    if (!result.posts.length) return say('The file has no posts in it. Nothing was imported.').then(() => true);
    await deps.ledger.addPosts(sender.tenantId, result.posts);
    const teams = new Set(result.posts.map((p) => [p.directorate, p.service, p.team ?? ''].join('|').toLowerCase())).size;
    const totals = totalsOn(result.posts, today);
    deps.log.info({ event: 'ledger.imported', tenantId: sender.tenantId, posts: result.posts.length }, 'establishment imported');
    await say(
      `Imported ${result.posts.length} post${result.posts.length === 1 ? '' : 's'} in ${teams} team${teams === 1 ? '' : 's'}: ${formatFte(totals.fteHundredths)} FTE, ${formatPounds(totals.annualCostPence)} a year held today. Type **establishment** and a directorate, service or team to see one.`,
    );
    return true;
  };
}

export function describeRejections(rejected: readonly Rejection[]): string {
  const rows = new Set(rejected.map((r) => r.row)).size;
  const lines = rejected.slice(0, LISTED).map((r) => `- Row ${r.row}, ${r.column}: ${r.reason}`);
  const more = rejected.length > LISTED ? [`- and ${rejected.length - LISTED} more`] : [];
  return [
    `Nothing was imported: ${rows} row${rows === 1 ? ' has' : 's have'} problems (the header is row 1). Correct them and send the file again.`,
    ...lines,
    ...more,
  ].join('\n');
}
