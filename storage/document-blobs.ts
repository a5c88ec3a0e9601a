import { BlobServiceClient, type ContainerClient } from '@azure/storage-blob';
import { DefaultAzureCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import { StorageError } from './errors';
import { isGuid } from './keys';

/**
 * The bytes of supporting documents, in Blob Storage: one container per tenant
 * (`<prefix>-docs-<tenant id>`), one blob per file kept, named by its file id. What a
 * file is, who sent it and which request holds it are in Table Storage
 * (document-store.ts); the blob holds only the bytes and their content type.
 */
export type BlobConnection =
  { connectionString: string; prefix: string } | { accountUrl: string; prefix: string; credential?: TokenCredential; managedIdentityClientId?: string };

/** The blob index tag Microsoft Defender for Storage writes once it has scanned a blob. */
export const SCAN_RESULT_TAG = 'Malware Scanning scan result';

export interface OpenedBlob {
  stream: NodeJS.ReadableStream;
  length: number;
}

export interface DocumentBlobs {
  put(tenantId: string, fileId: string, body: Buffer, contentType: string): Promise<void>;
  /** The bytes, or undefined when there is no such blob. */
  open(tenantId: string, fileId: string): Promise<OpenedBlob | undefined>;
  /** Defender's verdict ("No threats found", "Malicious", …), or undefined before any scan or without Defender. */
  scanResult(tenantId: string, fileId: string): Promise<string | undefined>;
  /** Resolves to whether a blob was there to delete. */
  remove(tenantId: string, fileId: string): Promise<boolean>;
}

const FILE_ID = /^[a-z0-9]{10,40}$/;
/** An upload of the largest file allowed may take this long before it is given up. */
const UPLOAD_TIMEOUT_MS = 120_000;

/** Whether a connection string names a blob service (Azurite's tables-only strings do not). */
export function namesBlobService(connectionString: string): boolean {
  return (
    /(^|;)\s*(BlobEndpoint|EndpointSuffix)=/i.test(connectionString) ||
    /UseDevelopmentStorage=true/i.test(connectionString) ||
    !/(^|;)\s*TableEndpoint=/i.test(connectionString)
  );
}

export function createDocumentBlobs(connection: BlobConnection): DocumentBlobs {
  const prefix = connection.prefix.toLowerCase();
  if (!/^[a-z][a-z0-9]{0,19}$/.test(prefix))
    throw new StorageError('STORAGE_INVALID_OPTIONS', 'blob container prefix: a letter then up to 19 letters or digits');
  const service = 'connectionString' in connection ? BlobServiceClient.fromConnectionString(connection.connectionString) : fromAccountUrl(connection);
  const ready = new Map<string, Promise<ContainerClient>>();

  const container = (tenantId: string): Promise<ContainerClient> => {
    if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
    const name = `${prefix}-docs-${tenantId.toLowerCase()}`;
    let found = ready.get(name);
    if (!found) {
      const client = service.getContainerClient(name);
      found = client.createIfNotExists().then(() => client);
      // A failed creation is tried again next time rather than remembered.
      found.catch(() => ready.delete(name));
      ready.set(name, found);
    }
    return found;
  };
  const blob = async (tenantId: string, fileId: string) => {
    if (!FILE_ID.test(fileId)) throw new RangeError('Not a file id');
    return (await container(tenantId)).getBlockBlobClient(fileId);
  };

  return {
    async put(tenantId, fileId, body, contentType) {
      const client = await blob(tenantId, fileId);
      // Never over an existing blob: a file id names one upload for ever.
      await client.uploadData(body, {
        blobHTTPHeaders: { blobContentType: contentType },
        conditions: { ifNoneMatch: '*' },
        abortSignal: AbortSignal.timeout(UPLOAD_TIMEOUT_MS),
      });
    },
    async open(tenantId, fileId) {
      try {
        const response = await (await blob(tenantId, fileId)).download();
        if (!response.readableStreamBody) return undefined;
        return { stream: response.readableStreamBody, length: response.contentLength ?? 0 };
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async scanResult(tenantId, fileId) {
      try {
        const { tags } = await (await blob(tenantId, fileId)).getTags();
        return tags[SCAN_RESULT_TAG];
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw error;
      }
    },
    async remove(tenantId, fileId) {
      const result = await (await blob(tenantId, fileId)).deleteIfExists({ deleteSnapshots: 'include' });
      return result.succeeded;
    },
  };
}

function fromAccountUrl(connection: { accountUrl: string; credential?: TokenCredential; managedIdentityClientId?: string }): BlobServiceClient {
  const credential =
    connection.credential ??
    (connection.managedIdentityClientId ? new ManagedIdentityCredential({ clientId: connection.managedIdentityClientId }) : new DefaultAzureCredential());
  return new BlobServiceClient(connection.accountUrl, credential);
}

/**
 * The blob account of a table account URL: the same storage account's blob endpoint
 * (`https://acct.table.core.windows.net` → `https://acct.blob.core.windows.net`).
 */
export function blobAccountUrl(tableAccountUrl: string): string | undefined {
  const url = new URL(tableAccountUrl);
  if (!/\.table\./i.test(url.hostname)) return undefined;
  url.hostname = url.hostname.replace(/\.table\./i, '.blob.');
  return url.origin;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}
