import { contentDisposition, sanitiseFileName } from '../../bot/documents/file-name';
import { inspectFile, kindOfExtension } from '../../bot/documents/file-type';
import { parseDetails, parseExemption } from '../../bot/documents/document-questions';
import { isAllowedSource } from '../../bot/documents/teams-files';
import { describeDocument, documentsIn, publicDocumentTitles, removeDocument, replaceDocument, type DocumentEntry } from '../../domain/documents';
import { executableFile, officeFile, pdfFile, pngFile } from '../support/documents';

describe('what a file is, from its bytes', () => {
  it.each([
    ['a PDF', () => pdfFile('x'), { ok: true, kind: 'pdf' }],
    ['a PNG', () => pngFile(), { ok: true, kind: 'png' }],
    ['a JPEG', () => Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]), { ok: true, kind: 'jpeg' }],
    ['an empty file', () => Buffer.alloc(0), { ok: false, reason: 'empty' }],
    ['an executable', () => executableFile(), { ok: false, reason: 'not-allowed' }],
    [
      'a password-protected PDF',
      () => Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF'),
      { ok: false, reason: 'encrypted' },
    ],
    [
      'a password-protected Office file',
      () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.from('EncryptedPackage', 'utf16le')]),
      { ok: false, reason: 'encrypted' },
    ],
    [
      'an old Word file',
      () => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]),
      { ok: false, reason: 'old-office' },
    ],
    ['a zip that is not an Office file', () => Buffer.from('504b0506000000000000000000000000000000000000', 'hex'), { ok: false, reason: 'not-allowed' }],
  ])('%s', (_what, bytes, expected) => {
    expect(inspectFile(bytes())).toEqual(expected);
  });

  it.each([['docx'], ['xlsx'], ['pptx']] as const)('a %s by its [Content_Types].xml', async (kind) => {
    expect(inspectFile(await officeFile(kind))).toEqual({ ok: true, kind });
  });

  it('refuses a macro-enabled document, and a zip whose entries are encrypted', async () => {
    expect(inspectFile(await officeFile('docx', { macros: true }))).toEqual({ ok: false, reason: 'macros' });
    const zip = Buffer.from(await officeFile('docx'));
    // Set the "encrypted" bit of the first central directory entry's flags.
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    zip.writeUInt16LE(zip.readUInt16LE(central + 8) | 1, central + 8);
    expect(inspectFile(zip)).toEqual({ ok: false, reason: 'encrypted' });
  });

  it('reads the kind a name claims', () => {
    expect(['a.PDF', 'b.jpg', 'c.jpeg', 'd.exe', 'noextension', 'e.docx'].map(kindOfExtension)).toEqual(['pdf', 'jpeg', 'jpeg', 'other', undefined, 'docx']);
  });
});

describe('file names and links', () => {
  it.each([
    ['../../etc/passwd.pdf', 'pdf', 'passwd.pdf'],
    ['C:\\Users\\me\\Job description.PDF', 'pdf', 'Job description.pdf'],
    ['harmless\u202Efdp.exe', 'pdf', 'harmlessfdp.pdf'],
    ['<b>x</script>.png', 'png', 'script_.png'],
    ['...', 'jpeg', 'document.jpg'],
    ['CON.docx', 'docx', 'document_CON.docx'],
    [`${'x'.repeat(300)}.xlsx`, 'xlsx', `${'x'.repeat(95)}.xlsx`],
  ] as const)('%s becomes %s', (raw, kind, expected) => {
    expect(sanitiseFileName(raw, kind)).toBe(expected);
  });

  it('gives a download an ASCII and a UTF-8 name', () => {
    expect(contentDisposition('Organigramme équipe.pdf')).toBe(
      `attachment; filename="Organigramme e_quipe.pdf"; filename*=UTF-8''Organigramme%20%C3%A9quipe.pdf`,
    );
  });

  it('downloads only over https from the listed hosts, or from loopback in local mode', () => {
    const limits = { hosts: ['sharepoint.com'], allowLoopback: false };
    expect(isAllowedSource(new URL('https://contoso-my.sharepoint.com/personal/x/download.aspx'), limits)).toBe(true);
    expect(isAllowedSource(new URL('http://contoso-my.sharepoint.com/x'), limits)).toBe(false);
    expect(isAllowedSource(new URL('https://sharepoint.com.evil.example/x'), limits)).toBe(false);
    expect(isAllowedSource(new URL('https://user:pw@contoso.sharepoint.com/x'), limits)).toBe(false);
    expect(isAllowedSource(new URL('http://127.0.0.1:8080/x'), limits)).toBe(false);
    expect(isAllowedSource(new URL('http://127.0.0.1:8080/x'), { ...limits, allowLoopback: true })).toBe(true);
  });
});

describe('the answer to "what is it called, and is it exempt?"', () => {
  it.each([
    ['Job description, not exempt', { title: 'Job description', exempt: false }],
    ['Structure chart, exempt 1', { title: 'Structure chart', exempt: { paragraph: 1 } }],
    ['Structure chart exempt under paragraph 3', { title: 'Structure chart', exempt: { paragraph: 3 } }],
    ['not exempt', { exempt: false }],
    ['exempt 2', { exempt: { paragraph: 2 } }],
    ['Business case', { title: 'Business case', exempt: undefined }],
    ['List of exempt posts', { title: 'List of exempt posts', exempt: undefined }],
    ['Structure chart, exempt', { title: 'Structure chart', exempt: 'ask' }],
  ])('%s', (typed, expected) => {
    expect(parseDetails(typed)).toEqual(expected);
  });

  it('reads an exemption alone', () => {
    expect(['no', '3', 'exempt paragraph 7', 'exempt 9', 'maybe'].map(parseExemption)).toEqual([
      false,
      { paragraph: 3 },
      { paragraph: 7 },
      undefined,
      undefined,
    ]);
  });
});

describe('documents across versions (domain/documents.ts)', () => {
  const entry = (id: string, title: string, addedIn = 1, exempt: DocumentEntry['exempt'] = false): DocumentEntry => ({
    id: `${id}0000000000`,
    file: `${id}f000000000`,
    title,
    fileName: `${id}.pdf`,
    kind: 'pdf',
    bytes: 10,
    exempt,
    addedIn,
    addedAt: '2026-01-01T00:00:00Z',
  });
  const jd = entry('a', 'Job description');
  const chart = entry('b', 'Structure chart', 1, { paragraph: 1 });

  it('a revision renames a submitted document by a new entry; version 1 keeps the old one', () => {
    const renamed = describeDocument([jd, chart], jd.id, { title: 'Job description (PO4)' }, 2, 'c000000000new');
    if (!renamed.ok) throw new Error(renamed.message);
    expect(documentsIn(renamed.documents, 1).map((d) => d.title)).toEqual(['Job description', 'Structure chart']);
    expect(documentsIn(renamed.documents, 2).map((d) => d.title)).toEqual(['Job description (PO4)', 'Structure chart']);
    expect(renamed.entry.file).toBe(jd.file);
  });

  it('a document added in the draft being written is changed or removed in place', () => {
    const fresh = entry('d', 'Draft only', 2);
    const removed = removeDocument([jd, fresh], fresh.id, 2);
    expect(removed.ok && removed.documents).toEqual([jd]);
    const ended = removeDocument([jd, fresh], jd.id, 2);
    expect(ended.ok && ended.documents[0]).toMatchObject({ id: jd.id, removedIn: 2 });
  });

  it('a replacement keeps the title and exemption, and ends the old entry in the new version', () => {
    const replaced = replaceDocument(
      [jd, chart],
      chart.id,
      { id: 'e000000000new', file: 'e000000000fil', fileName: 'chart-v2.png', kind: 'png', bytes: 20, addedIn: 2, addedAt: '2026-02-01T00:00:00Z' },
      2,
    );
    if (!replaced.ok) throw new Error(replaced.message);
    expect(replaced.entry).toMatchObject({ title: 'Structure chart', exempt: { paragraph: 1 }, addedIn: 2 });
    expect(replaced.documents.find((d) => d.id === chart.id)).toMatchObject({ removedIn: 2, replacedBy: 'e000000000new' });
  });

  it('publishes only the titles of documents said to be not exempt', () => {
    const { exempt: _unsaid, ...undecided } = entry('f', 'Undecided');
    expect(publicDocumentTitles([jd, chart, undecided])).toEqual(['Job description']);
  });
});
