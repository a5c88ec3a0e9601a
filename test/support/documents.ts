import { randomUUID } from 'node:crypto';
import { BlobServiceClient } from '@azure/storage-blob';
import { TableClient } from '@azure/data-tables';
import JSZip from 'jszip';
import { FILE_DOWNLOAD_INFO } from '../../bot/documents/teams-files';
import { OFFICER, TENANT } from '../../fixtures/seed-004';
import type { BotHarness } from './bot-harness';
import { testConnectionString } from './tables';

type User = { aadObjectId: string; name: string };

/** Sends a file to the bot as Teams does: the connector stand-in serves its bytes at a short-lived link. */
export async function sendFile(
  bot: BotHarness,
  name: string,
  bytes: Buffer,
  options: { chunked?: boolean; user?: User; text?: string } = {},
): Promise<Array<Record<string, unknown>>> {
  const user = options.user ?? OFFICER;
  const downloadUrl = bot.connector.serveFile(name, bytes, { chunked: options.chunked });
  const before = bot.connector.messagesTo(bot.personalConversationId(user)).length;
  const result = await bot.post(
    bot.activity('message', user, {
      ...(options.text ? { text: options.text } : {}),
      attachments: [
        {
          contentType: FILE_DOWNLOAD_INFO,
          contentUrl: `https://contoso-my.sharepoint.com/personal/officer/Documents/Microsoft%20Teams%20Chat%20Files/${encodeURIComponent(name)}`,
          name,
          content: { downloadUrl, uniqueId: randomUUID(), fileType: name.split('.').pop() ?? '', etag: '1' },
        },
        { contentType: 'text/html', content: '<div></div>' },
      ],
    }),
  );
  if (result.status !== 200) throw new Error(`POST returned ${result.status}`);
  return bot.connector.messagesTo(bot.personalConversationId(user)).slice(before);
}

/** A small PDF (valid enough for its magic bytes), padded to about `size` bytes. */
export function pdfFile(title: string, size = 2000): Buffer {
  const head = `%PDF-1.4\n1 0 obj << /Title (${title}) >> endobj\n`;
  return Buffer.from(`${head}${'%'.repeat(Math.max(0, size - head.length - 30))}\ntrailer << /Root 1 0 R >>\n%%EOF\n`);
}

export function pngFile(size = 1500): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(size, 7)]);
}

/** An Office Open XML package with the main part of `kind`. */
export async function officeFile(kind: 'docx' | 'xlsx' | 'pptx', options: { macros?: boolean } = {}): Promise<Buffer> {
  const main = {
    docx: [
      '/word/document.xml',
      options.macros
        ? 'application/vnd.ms-word.document.macroEnabled.main+xml'
        : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml',
    ],
    xlsx: ['/xl/workbook.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml'],
    pptx: ['/ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml'],
  }[kind];
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="${main[0]}" ContentType="${main[1]}"/></Types>`,
  );
  zip.file(main[0]!.slice(1), '<document/>');
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** A Windows executable's first bytes. */
export function executableFile(size = 1200): Buffer {
  return Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(size, 0)]);
}

/** The blobs kept for one tenant under the bot's prefix. */
export async function storedBlobs(bot: BotHarness, tenantId = TENANT): Promise<string[]> {
  const container = BlobServiceClient.fromConnectionString(testConnectionString()).getContainerClient(
    `${bot.tablePrefix.toLowerCase()}-docs-${tenantId.toLowerCase()}`,
  );
  if (!(await container.exists())) return [];
  const names: string[] = [];
  for await (const blob of container.listBlobsFlat()) names.push(blob.name);
  return names;
}

/** The Documents table's rows of kept files (not their audit rows). */
export async function storedFiles(bot: BotHarness): Promise<Array<Record<string, unknown>>> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${bot.tablePrefix}Documents`, { allowInsecureConnection: true });
  const rows: Array<Record<string, unknown>> = [];
  for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: "RowKey eq 'meta'" } })) rows.push(row);
  return rows;
}

/** The audit rows of one kept file, oldest first. */
export async function fileAudit(bot: BotHarness, fileId: string): Promise<Array<Record<string, unknown>>> {
  const table = TableClient.fromConnectionString(testConnectionString(), `${bot.tablePrefix}Documents`, { allowInsecureConnection: true });
  const rows: Array<Record<string, unknown>> = [];
  for await (const row of table.listEntities<{ entry: string }>({
    queryOptions: { filter: `PartitionKey eq 'f_${fileId}' and RowKey ge 'a_' and RowKey lt 'a_~'` },
  }))
    rows.push(JSON.parse(row.entry) as Record<string, unknown>);
  return rows;
}
