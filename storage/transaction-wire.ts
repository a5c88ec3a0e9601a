import { randomUUID } from 'node:crypto';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import type { TableClient, TableEntity, TableTransactionResponse, TransactionAction } from '@azure/data-tables';

/**
 * `table.submitTransaction(actions)`, written straight onto the wire. The SDK (13.3.2) builds
 * a new TableClient for every transaction and runs each action through a pipeline of its own
 * just to assemble the request body: in the approve benchmark's CPU profile that was 11% of
 * the bot's time. This writes the same body (checked byte for byte against the SDK's in
 * test/storage/transaction-wire.test.ts), sends it through the client's own pipeline (its
 * credential, retries and the silence watch of table-service.ts), and answers as the SDK
 * does: the sub-responses' etags, or a RestError with the failing action's status and the
 * service's message ("1:The specified entity already exists.").
 *
 * Anything this does not write as the SDK would (typed values such as dates or Int64, a SAS
 * in the URL, a Cosmos DB endpoint) goes the SDK's way.
 */
export async function submitTransaction(table: TableClient, actions: TransactionAction[]): Promise<TableTransactionResponse> {
  if (!plainWire(table, actions)) return table.submitTransaction(actions);
  const batch = randomUUID();
  const changeset = randomUUID();
  const request = createPipelineRequest({
    url: `${table.url}/$batch`,
    method: 'POST',
    body: transactionBody(table.url, table.tableName, actions, batch, changeset),
    headers: createHttpHeaders({
      accept: 'application/json',
      'x-ms-version': '2019-02-02',
      DataServiceVersion: '3.0;',
      MaxDataServiceVersion: '3.0;NetFx',
      'Content-Type': `multipart/mixed; boundary=batch_${batch}`,
      'Accept-Charset': 'UTF-8',
      Connection: 'Keep-Alive',
    }),
    allowInsecureConnection: table.url.startsWith('http:'),
  });
  const response = await table.pipeline.sendRequest(httpClient, request);
  return parseTransactionResponse(
    response.status,
    response.bodyAsText ?? '',
    (message, statusCode, code) => new RestError(message, { code, statusCode, request, response }),
  );
}

const httpClient = createDefaultHttpClient();
const CRLF = '\r\n';

function plainWire(table: TableClient, actions: TransactionAction[]): boolean {
  if (table.url.includes('?') || /\.(table\.cosmos\.azure\.com|documents\.azure\.com)/i.test(table.url)) return false;
  return actions.every(([, entity]) =>
    Object.values(entity).every(
      (v) => v === undefined || v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)),
    ),
  );
}

/** The $batch body the SDK writes for these actions, with the given boundary ids. */
function transactionBody(accountUrl: string, tableName: string, actions: TransactionAction[], batch: string, changeset: string): string {
  const parts = [`--batch_${batch}${CRLF}content-type: multipart/mixed; boundary=changeset_${changeset}${CRLF}${CRLF}`];
  const table = `${accountUrl}/${encodeURIComponent(tableName)}`;
  const keyed = (e: { partitionKey?: string; rowKey?: string }) =>
    `${table}(PartitionKey='${encodeURIComponent(escapeQuotes(e.partitionKey ?? ''))}',RowKey='${encodeURIComponent(escapeQuotes(e.rowKey ?? ''))}')`;
  for (const action of actions) {
    const lines = [`--changeset_${changeset}`, 'content-type: application/http', 'content-transfer-encoding: binary', ''];
    let body = '';
    switch (action[0]) {
      case 'create':
        lines.push(
          `POST ${table} HTTP/1.1`,
          'Content-Type: application/json;odata=nometadata',
          'Accept: application/json;odata=minimalmetadata',
          'DataServiceVersion: 3.0',
          'Prefer: return-no-content',
        );
        body = entityJson(action[1]);
        break;
      case 'delete':
        // The SDK drops a delete's options in a transaction: it always deletes whatever is there.
        lines.push(`DELETE ${keyed(action[1])} HTTP/1.1`, 'Accept: application/json;odata=minimalmetadata', 'DataServiceVersion: 3.0', 'If-Match: *');
        break;
      case 'update':
      case 'upsert': {
        const [kind, entity, mode = 'Merge'] = action;
        lines.push(
          `${mode === 'Merge' ? 'PATCH' : 'PUT'} ${keyed(entity)} HTTP/1.1`,
          'Content-Type: application/json',
          'DataServiceVersion: 3.0',
          'Accept: application/json',
        );
        if (kind === 'update') lines.push(`If-Match: ${action[3]?.etag ?? '*'}`);
        body = entityJson(entity);
        break;
      }
    }
    lines.push(CRLF);
    if (body) lines.push(body);
    parts.push(lines.join(CRLF));
  }
  return `${parts.join(CRLF)}${CRLF}--changeset_${changeset}--${CRLF}--batch_${batch}--${CRLF}`;
}

/** As the SDK names the key properties on the wire; every other property keeps its name. */
const WIRE_NAMES: Record<string, string> = { partitionKey: 'PartitionKey', rowKey: 'RowKey', etag: 'odata.etag', timestamp: 'Timestamp' };

function entityJson(entity: TableEntity<object>): string {
  const wire: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(entity)) wire[WIRE_NAMES[name] ?? name] = value;
  return JSON.stringify(wire);
}

function escapeQuotes(key: string): string {
  return key.replace(/'/g, "''");
}

/** Reads the service's answer as the SDK's parseTransactionResponse does. */
function parseTransactionResponse(status: number, text: string, failure: (message: string, status: number, code?: string) => Error): TableTransactionResponse {
  if (status < 200 || status >= 300) throw serviceError(text, status, failure);
  const subResponses = text
    .split('--changesetresponse_')
    .slice(1, -1)
    .map((part) => {
      const statusMatch = /HTTP\/1.1 ([0-9]*)/.exec(part);
      const subStatus = Number.parseInt(statusMatch?.[1] ?? '', 10);
      if (!Number.isInteger(subStatus)) throw new Error(`Couldn't extract status from sub-response:\n ${part}`);
      const body = /\{(.*)\}/.exec(part);
      if (body) throw serviceError(body[0], subStatus, failure);
      const etag = /ETag: (.*)/.exec(part)?.[1];
      const rowKey = /RowKey='(.*)'/.exec(part)?.[1];
      return { status: subStatus, ...(rowKey !== undefined && { rowKey }), ...(etag !== undefined && { etag }) };
    });
  return { status, subResponses, getResponseForEntity: (rowKey: string) => subResponses.find((r) => r.rowKey === rowKey) };
}

function serviceError(text: string, status: number, failure: (message: string, status: number, code?: string) => Error): Error {
  let error: { code?: string; message?: { value?: string } } | undefined;
  try {
    error = (JSON.parse(text) as { 'odata.error'?: typeof error })['odata.error'];
  } catch {
    error = undefined;
  }
  return failure(error?.message?.value ?? 'Transaction Failed', status, error?.code);
}
