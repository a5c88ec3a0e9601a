import { BlobServiceClient } from '@azure/storage-blob';
import { Verbs } from '../../cards/verbs';
import { SCAN_RESULT_TAG } from '../../storage/document-blobs';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { fileAudit, pdfFile, pngFile, sendFile, storedBlobs, storedFiles } from '../support/documents';
import { submitDraft } from '../support/drafts';
import { signInLocally } from '../support/local-sign-in';
import { testConnectionString } from '../support/tables';
import { click, installForEveryone, invokeText, PEOPLE, raiseSeed004, storeFor } from '../support/workflow';

const CHART_1 = pngFile(1500);
const CHART_2 = pngFile(1800);
type User = { aadObjectId: string; name: string };

/**
 * A returned request's next version replaces the exempt structure chart: the version
 * submitted keeps its own, history shows both; a file Defender flags is not offered; and
 * the retention sweep deletes the files once the record's period has passed, audited.
 */
describe('supporting documents across versions, malware verdicts and retention', () => {
  const bot = new BotHarness();
  const settle = () => bot.app.dispatcher.idle();
  const said = (messages: Array<Record<string, unknown>>) =>
    messages
      .map(textOf)
      .join('\n')
      .replace(/\u200b/g, '');
  const owner = { tenantId: TENANT, aadObjectId: OFFICER.aadObjectId };
  let reference = '';
  const stored = async () => (await storeFor(bot).requests.get(reference))!;
  const link = (id: string) => `${bot.app.url}/documents/${reference}/${id}`;
  const download = async (url: string, user: User) => fetch(url, { headers: { cookie: await signInLocally(url, user.name) } });

  beforeAll(async () => {
    await bot.start();
    await installForEveryone(bot);
    const draft = (await raiseSeed004(bot))!;
    await sendFile(bot, 'job-description.pdf', pdfFile('Job description'));
    await bot.say('Job description, not exempt');
    await sendFile(bot, 'structure-chart.png', CHART_1);
    await bot.say('Structure chart, exempt 1');
    reference = /ECR-\d{4}-\d{4}/.exec(said(await submitDraft(bot, draft)))![0];
    // Review starts once the submission's notifications are under way.
    for (let i = 0; i < 100 && (await stored()).workflow.status !== 'in_review'; i++) await settle().then(() => new Promise((r) => setTimeout(r, 20)));
  });
  afterAll(() => bot.stop());

  it('a returned request is revised: the next file replaces the chart in version 2, and version 1 keeps its own', async () => {
    const returned = await bot.invoke(
      click(Verbs.returnForChanges, reference, (await stored()).workflow.version, { returnReason: 'Please attach the structure chart as agreed with HR.' }),
      PEOPLE.finance,
    );
    expect(invokeText(returned.body)).toContain('Returned to the requester');
    await settle();
    // No draft yet: the one returned request is opened for revision, as `revise` would.
    const asked = said(await bot.say('replace document 2'));
    expect(asked).toContain(`Send the file to replace document 2, "Structure chart", in ${reference} (version 2, your revision)`);
    expect(asked).toContain('Version 1 keeps the old file.');
    const replaced = said(await sendFile(bot, 'structure-chart-v2.png', CHART_2));
    expect(replaced).toContain('Replaced document 2, "Structure chart" (exempt: Schedule 12A paragraph 1');
    expect(replaced).toContain('with structure-chart-v2.png, PNG image');
    // Until it is resubmitted, the request as submitted is untouched.
    const before = (await stored()).content.documents!;
    expect(before.map((d) => [d.fileName, d.removedIn])).toEqual([
      ['job-description.pdf', undefined],
      ['structure-chart.png', undefined],
    ]);

    const { drafts } = await storeFor(bot).drafts.listForOwner(owner);
    const revision = drafts.find((d) => d.resubmits === reference)!;
    expect(said(await submitDraft(bot, revision.draftId))).toContain(reference);
    await settle();
    const documents = (await stored()).content.documents!;
    expect(documents.map((d) => [d.fileName, d.addedIn, d.removedIn ?? null])).toEqual([
      ['job-description.pdf', 1, null],
      ['structure-chart.png', 1, 2],
      ['structure-chart-v2.png', 2, null],
    ]);
    expect(await storedBlobs(bot)).toHaveLength(3);

    const history = said(await bot.say(`history ${reference}`));
    expect(history).toContain('Documents by version:');
    expect(history).toContain('- Version 1: Job description; Structure chart (exempt)');
    expect(history).toContain('- Version 2: Job description; Structure chart (exempt) (Structure chart replaced by Structure chart (structure-chart-v2.png))');
    expect(said(await bot.say(`history ${reference}`, PEOPLE.hr))).toContain('- Version 1: Job description; Structure chart (exempt)');

    // Each version's chart is still there for those who may see the request.
    const [, oldChart, newChart] = documents;
    expect(Buffer.from(await (await download(link(newChart!.id), PEOPLE.hr)).arrayBuffer()).equals(CHART_2)).toBe(true);
    expect(Buffer.from(await (await download(link(oldChart!.id), PEOPLE.hr)).arrayBuffer()).equals(CHART_1)).toBe(true);
    const audit = await fileAudit(bot, oldChart!.file);
    expect(audit.map((a) => a.action)).toEqual(['attached', 'described', 'replaced']);
  });

  it('does not offer a file Microsoft Defender for Storage has tagged as malicious', async () => {
    const chart = (await stored()).content.documents!.at(-1)!;
    const blob = BlobServiceClient.fromConnectionString(testConnectionString())
      .getContainerClient(`${bot.tablePrefix.toLowerCase()}-docs-${TENANT}`)
      .getBlockBlobClient(chart.file);
    await blob.setTags({ [SCAN_RESULT_TAG]: 'Malicious' });
    const withheld = await download(link(chart.id), PEOPLE.legal);
    expect(withheld.status).toBe(403);
    expect(await withheld.text()).toContain('Malware scanning found a threat');
    await blob.setTags({ [SCAN_RESULT_TAG]: 'No threats found' });
    expect((await download(link(chart.id), PEOPLE.legal)).status).toBe(200);
  });

  it('keeps the files while the record is kept, then the sweep deletes them and audits why', async () => {
    const waitForSweep = async (done: (files: Array<Record<string, unknown>>) => boolean) => {
      for (let i = 0; i < 100 && !done(await storedFiles(bot)); i++) await new Promise((r) => setTimeout(r, 50));
    };
    // A few days on, the files are the request's, kept until six years after its last change.
    bot.clock = new Date(Date.now() + 3 * 24 * 3600_000);
    await bot.restart();
    await waitForSweep((files) => files.every((f) => f.state === 'request'));
    const kept = await storedFiles(bot);
    expect(kept.map((f) => f.state)).toEqual(['request', 'request', 'request']);
    expect(String(kept[0]!.keepUntil).slice(0, 4)).toBe(String(new Date().getUTCFullYear() + 6));
    expect(await storedBlobs(bot)).toHaveLength(3);

    bot.clock = new Date(Date.now() + (6 * 365 + 10) * 24 * 3600_000);
    await bot.restart();
    await waitForSweep((files) => files.every((f) => f.state === 'deleted'));
    expect((await storedFiles(bot)).map((f) => f.state)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(await storedBlobs(bot)).toEqual([]);
    const chart = (await stored()).content.documents!.at(-1)!;
    expect((await fileAudit(bot, chart.file)).at(-1)).toMatchObject({ action: 'deleted', reason: expect.stringContaining('retention period (6 years') });
    const gone = await download(link(chart.id), PEOPLE.legal);
    expect(gone.status).toBe(410);
  });
});
