import type { ConversationState } from 'botbuilder';
import { blobAccountUrl, createDocumentBlobs, namesBlobService, type DocumentBlobs } from '../../storage/document-blobs';
import { DocumentStore } from '../../storage/document-store';
import { TableNames, type TableConnection, type TableService } from '../../storage/table-service';
import { documentPath } from '../auth/report-path';
import type { DocumentSettings } from '../config/documents';
import type { Logger } from '../logger';
import type { DocumentLink } from '../views/document-views';
import { DocumentChat, type DocumentQuestion } from './document-chat';
import { downloadDocument } from './document-download';
import type { DocumentRequests } from './document-ports';
import { DocumentRetention } from './document-retention';
import { DocumentService } from './document-service';

/** Where documents are kept: their rows in Table Storage, their bytes in Blob Storage. */
export interface DocumentStorage {
  store: DocumentStore;
  blobs: DocumentBlobs;
}

/**
 * Opens document storage beside the tables: the same connection string, or the same
 * storage account's blob endpoint with the same identity (AZURE_BLOBS_ACCOUNT_URL when it
 * is elsewhere). Undefined, with a warning, when the connection names no blob service
 * (an Azurite started with tables only): the bot runs, and says documents are off.
 */
export function openDocumentStorage(connection: TableConnection, tables: TableService, settings: DocumentSettings, log: Logger): DocumentStorage | undefined {
  const prefix = tables.tableName(TableNames.Documents).slice(0, -TableNames.Documents.length) || 'ecr';
  let blobs: DocumentBlobs | undefined;
  if ('connectionString' in connection) {
    if (namesBlobService(connection.connectionString)) blobs = createDocumentBlobs({ connectionString: connection.connectionString, prefix });
  } else {
    const accountUrl = settings.blobAccountUrl ?? blobAccountUrl(connection.accountUrl);
    if (accountUrl)
      blobs = createDocumentBlobs({ accountUrl, prefix, credential: connection.credential, managedIdentityClientId: connection.managedIdentityClientId });
  }
  if (!blobs) {
    log.warn(
      { event: 'documents.off' },
      'supporting documents are off: the storage connection names no blob service (set AZURE_BLOBS_ACCOUNT_URL, or a connection string with a BlobEndpoint)',
    );
    return undefined;
  }
  return { store: new DocumentStore(tables.client(TableNames.Documents)), blobs };
}

export interface Documents {
  chat: DocumentChat;
  link: DocumentLink;
  download: (person: { tenantId: string; aadObjectId: string; name: string }, reference: string, documentId: string) => ReturnType<typeof downloadDocument>;
  stop(): Promise<void>;
}

/** The chat, the download and the retention sweep (started here), over one storage. */
export function startDocuments(deps: {
  storage: DocumentStorage;
  requests: DocumentRequests;
  settings: DocumentSettings;
  localMode: boolean;
  conversationState: ConversationState;
  baseUrl: () => string;
  log: Logger;
}): Documents {
  const { storage, requests, settings, log } = deps;
  const service = new DocumentService({ requests, store: storage.store, blobs: storage.blobs, settings, allowLoopback: deps.localMode });
  const link: DocumentLink = (reference, documentId) => `${deps.baseUrl().replace(/\/+$/, '')}${documentPath(reference, documentId)}`;
  const chat = new DocumentChat(service, deps.conversationState.createProperty<DocumentQuestion | undefined>('documentQuestion'), link);
  const retention = new DocumentRetention({ requests, store: storage.store, blobs: storage.blobs, retentionYears: settings.retentionYears, log });
  retention.start();
  return {
    chat,
    link,
    download: (person, reference, documentId) => downloadDocument({ requests, store: storage.store, blobs: storage.blobs }, person, reference, documentId),
    stop: () => retention.stop(),
  };
}
