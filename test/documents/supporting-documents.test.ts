import JSZip from 'jszip';
import { Verbs } from '../../cards/verbs';
import { currentDocuments } from '../../domain/documents';
import { BotHarness, OFFICER, TENANT, textOf } from '../support/bot-harness';
import { executableFile, officeFile, pdfFile, pngFile, sendFile, storedBlobs, storedFiles } from '../support/documents';
import { submitDraft } from '../support/drafts';
import { signInLocally } from '../support/local-sign-in';
import { addToDecisionsTeam, allMessagesTo, click, installForEveryone, invokeText, lastMessageTo, PEOPLE, raiseSeed004, storeFor } from '../support/workflow';

const CHANNEL = '19:decisions@thread.tacv2';
const JD = pdfFile('Job description');
const CHART = pngFile();
type User = { aadObjectId: string; name: string };

/**
 * Supporting documents end to end, as Teams carries them: files sent in the officer's 1:1
 * chat (file download attachments, fetched from the connector stand-in), kept in Azurite's
 * blob service with their rows in Table Storage, listed on the request card with links
 * through the signed-in download route, and only the non-exempt one's title published.
 */
describe('supporting documents: attached in chat, checked, kept, seen by the right people', () => {
  const bot = new BotHarness();
  const settle = () => bot.app.dispatcher.idle();
  // Names in chat have a zero-width space after markdown characters (`_`), which Teams does not show.
  const said = (messages: Array<Record<string, unknown>>) =>
    messages
      .map(textOf)
      .join('\n')
      .replace(/\u200b/g, '');
  let draftId = '';
  let reference = '';
  const links = () => [...lastMessageTo(bot, PEOPLE.finance).matchAll(/"url":"(http[^"]+\/documents\/[^"]+)"/g)].map((m) => m[1]!);
  const download = async (link: string, user: User) => {
    const cookie = await signInLocally(link, user.name);
    return fetch(link, { headers: { cookie } });
  };

  beforeAll(async () => {
    // A small limit, so an oversized file is quick to make.
    await bot.start({ DOCUMENT_MAX_MB: '0.02' });
    await installForEveryone(bot);
    await addToDecisionsTeam(bot, CHANNEL);
    draftId = (await raiseSeed004(bot))!;
  });
  afterAll(() => bot.stop());

  it("attaches a job description and an exempt structure chart to the draft, asking each one's title and exemption", async () => {
    const first = said(await sendFile(bot, 'job-description.pdf', JD));
    expect(first).toContain('Attached job-description.pdf, PDF, 2 KB');
    expect(first).toContain('as document 1');
    expect(first).toContain('What should document 1 be called');
    expect(said(await bot.say('Job description, not exempt'))).toContain('Document 1 is "Job description": not exempt.');

    expect(said(await sendFile(bot, 'structure_chart.png', CHART))).toContain('as document 2');
    expect(said(await bot.say('Structure chart'))).toContain('Is document 2, "Structure chart", exempt from publication?');
    expect(said(await bot.say('exempt 1'))).toContain('Document 2 is "Structure chart": exempt: Schedule 12A paragraph 1');

    const draft = await storeFor(bot).drafts.get({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, draftId);
    expect(currentDocuments(draft!.content.documents).map((d) => [d.title, d.kind, d.exempt])).toEqual([
      ['Job description', 'pdf', false],
      ['Structure chart', 'png', { paragraph: 1 }],
    ]);
    expect(await storedBlobs(bot)).toHaveLength(2);
    expect(said(await bot.say('documents'))).toMatch(
      /1\. \*\*Job description\*\* \(job-description\.pdf, PDF, 2 KB\): not exempt\n2\. \*\*Structure chart\*\* \(structure_chart\.png, PNG image, 1 KB\): exempt: Schedule 12A paragraph 1/,
    );
  });

  it.each([
    ['a renamed executable', 'budget.pdf', () => executableFile(), {}, 'is not a PDF, Word (.docx), Excel (.xlsx), PowerPoint (.pptx), PNG or JPEG file'],
    ['a file over the limit, sent with its length', 'big.pdf', () => pdfFile('big', 60_000), {}, 'is larger than the 0.02 MB limit'],
    ['a file over the limit, sent without a length', 'bigger.pdf', () => pdfFile('bigger', 60_000), { chunked: true }, 'is larger than the 0.02 MB limit'],
    ['an empty file', 'notes.docx', () => Buffer.alloc(0), {}, 'is empty'],
    ['a mislabelled file', 'photo.pdf', () => pngFile(), {}, 'is a PNG image file: rename it to end in .png'],
  ])('refuses %s with a clear message, and stores nothing', async (_what, name, bytes, options, message) => {
    const blobs = await storedBlobs(bot);
    const files = await storedFiles(bot);
    const reply = said(await sendFile(bot, name, bytes(), options));
    expect(reply).toContain(message);
    expect(reply).toContain('Nothing was stored.');
    expect(await storedBlobs(bot)).toEqual(blobs);
    expect(await storedFiles(bot)).toHaveLength(files.length);
    const draft = await storeFor(bot).drafts.get({ tenantId: TENANT, aadObjectId: OFFICER.aadObjectId }, draftId);
    expect(currentDocuments(draft!.content.documents)).toHaveLength(2);
  });

  it('finance, HR and legal get both documents on their cards and can download them; a stranger cannot', async () => {
    reference = /ECR-\d{4}-\d{4}/.exec(said(await submitDraft(bot, draftId)))![0];
    await settle();
    for (const who of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal]) {
      const card = lastMessageTo(bot, who);
      for (const text of ['Supporting documents', '1. Job description', '2. Structure chart', 'exempt: Schedule 12A paragraph 1', 'Action.OpenUrl'])
        expect(card).toContain(text);
    }
    const [jd, chart] = links();
    expect(links()).toHaveLength(2);
    for (const who of [PEOPLE.finance, PEOPLE.hr, PEOPLE.legal]) {
      const got = await download(chart!, who);
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe('image/png');
      expect(got.headers.get('content-disposition')).toContain('filename="structure_chart.png"');
      expect(Buffer.from(await got.arrayBuffer()).equals(CHART)).toBe(true);
    }
    expect(Buffer.from(await (await download(jd!, PEOPLE.legal)).arrayBuffer()).equals(JD)).toBe(true);
    // Someone with no part in the request: the same not-found as for a request that does not exist.
    for (const link of [jd!, chart!]) {
      const refused = await download(link, PEOPLE.stranger);
      expect(refused.status).toBe(404);
      expect(Buffer.from(await refused.arrayBuffer()).includes(JD.subarray(0, 20))).toBe(false);
    }
    expect(said(await bot.say(`documents ${reference}`, PEOPLE.stranger))).toContain(`I can't find ${reference}`);
    expect(bot.logs.some((l) => l.event === 'document.refused' && l.aadObjectId === PEOPLE.stranger.aadObjectId)).toBe(true);
  });

  it('after the three comments the director sees both and downloads them', async () => {
    for (const [who, text] of [
      [PEOPLE.finance, 'Funding confirmed.'],
      [PEOPLE.hr, 'Grades confirmed.'],
      [PEOPLE.legal, 'No legal implications.'],
    ] as const) {
      const version = (await storeFor(bot).requests.get(reference))!.workflow.version;
      expect(invokeText((await bot.invoke(click(Verbs.comment, reference, version, { commentText: text }), who)).body)).toContain('Your comment is recorded');
      await settle();
    }
    const card = lastMessageTo(bot, PEOPLE.director);
    for (const text of ['Job description', 'Structure chart', 'not for publication', Verbs.approve]) expect(card).toContain(text);
    for (const link of links()) expect((await download(link, PEOPLE.director)).status).toBe(200);
  });

  it('once approved, the channel post lists only the job description, and the report lists the appendices', async () => {
    const version = (await storeFor(bot).requests.get(reference))!.workflow.version;
    expect(invokeText((await bot.invoke(click(Verbs.approve, reference, version), PEOPLE.director)).body)).toContain('You approved this request');
    await settle();
    const post = JSON.stringify(
      bot.connector.calls
        .filter((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path) && JSON.stringify(c.body).includes(reference))
        .map((c) => c.body),
    );
    expect(post).toContain('Background papers');
    expect(post).toContain('Job description');
    expect(post).not.toContain('Structure chart');
    expect(post).not.toContain('/documents/');

    const report = await download(`${bot.app.url}/reports/${reference}.docx`, PEOPLE.finance);
    const xml = await (await JSZip.loadAsync(Buffer.from(await report.arrayBuffer()))).file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('Appendix 1: Job description (job-description.pdf)');
    expect(text).toContain('Background papersJob description');
    // The exempt chart is named only in the confidential appendix, after the body.
    const confidential = text.indexOf('Confidential appendix');
    expect(confidential).toBeGreaterThan(0);
    expect(text.indexOf('Structure chart')).toBeGreaterThan(confidential);
    expect(text).toContain('Exempt appendix 1: Structure chart (structure_chart.png), exempt under paragraph 1 of Schedule 12A');
  });

  it('takes a Word file sent while the questions of a new draft are under way, recognised by its content', async () => {
    // A second draft: documents go to the latest one.
    await bot.say('new request');
    await bot.say('Office move');
    const reply = said(await sendFile(bot, 'business case.docx', await officeFile('docx')));
    expect(reply).toContain('Attached business case.docx, Word');
    expect(reply).toContain('"Office move"');
    expect(said(await sendFile(bot, 'macros.docx', await officeFile('docx', { macros: true })))).toContain('contains macros');
    expect(allMessagesTo(bot, OFFICER)).not.toContain('undefined');
  });
});
