import type { TurnContext } from 'botbuilder';
import { importPayTable } from '../../domain/pay-table-import';
import { administers, changeSettings } from '../../app/change-settings';
import { activitySender } from '../actor';
import { downloadFile, sentFiles, type DownloadLimits } from '../documents/teams-files';
import { describeRejections } from '../establishment/import-establishment';
import type { SettingsChatDeps } from './settings-chat';

const COMMAND = /^\s*import\s+pay\s*table[.!]?\s*$/i;

/**
 * `import pay table`, sent by an administrator in the 1:1 chat with the council's pay table
 * as a CSV file (Grade, SCP, Annual cost with on-costs, optionally Default): checked row by
 * row and kept as a new settings version only when every row is right. True when the
 * message was this (so the supporting-documents feature never takes the file).
 */
export async function answerImportPayTable(context: TurnContext, deps: SettingsChatDeps, downloads: DownloadLimits): Promise<boolean> {
  const { activity } = context;
  if (activity.type !== 'message' || !COMMAND.test(activity.text ?? '')) return false;
  const say = async (text: string) => void (await context.sendActivity(text));
  const sender = activitySender(activity);
  if (activity.conversation?.conversationType !== 'personal') return say('Send **import pay table** with the CSV file in our 1:1 chat.').then(() => true);
  if (!sender || !(await administers(deps, sender))) return say("Only your council's administrators can import its pay table.").then(() => true);
  const files = sentFiles(activity);
  if (files.length !== 1)
    return say(
      'Attach one CSV file to the message **import pay table**, with the columns Grade, SCP, Annual cost (a full-time post with on-costs) and, if you like, Default (yes for the point used when an officer names the grade alone).',
    ).then(() => true);
  const file = await downloadFile(files[0]!.downloadUrl, downloads);
  if (!file.ok)
    return say(`I could not read ${files[0]!.name} (${file.reason === 'too-large' ? 'it is too large' : 'the download failed'}). Nothing was changed.`).then(
      () => true,
    );
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    return say('The file is not UTF-8 text: save it from the spreadsheet as "CSV UTF-8". Nothing was changed.').then(() => true);
  }
  const result = importPayTable(text);
  if (!result.ok)
    return say(result.fileError ? `${result.fileError} Nothing was changed.` : describeRejections(result.rejected).replace('imported', 'changed')).then(
      () => true,
    );
  const current = await deps.councils.current(sender.tenantId);
  if (!current) return say('Set your council up first: type **settings**.').then(() => true);
  const saved = await changeSettings(deps, sender, current.version, { kind: 'pay-table', table: result.table, source: files[0]!.name });
  if (!saved.ok) return say(saved.reason === 'stale' ? 'The settings changed while the file was read: please send it again.' : saved.message).then(() => true);
  return say(
    `The pay table is now ${result.table.grades.length} grades and ${result.points} points (settings version ${saved.saved.version}). Requests already submitted keep their costs; new changes naming a grade and point are costed from it.`,
  ).then(() => true);
}
