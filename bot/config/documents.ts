import { z } from 'zod';
import { emptyToUndefined, type Problem } from './env-values';

/** Supporting documents: how large a file may be, how long it is kept, where Teams' downloads may come from. */
export interface DocumentSettings {
  maxBytes: number;
  retentionYears: number;
  /** Host names (and their subdomains) a file sent in Teams may be downloaded from; loopback too in local mode. */
  downloadHosts: readonly string[];
  /** The blob endpoint when the tables are reached by account URL and it is not the same account's. */
  blobAccountUrl?: string;
}

export const DocumentEnvSchema = z.object({
  /** The largest file accepted, in MB (1 MB = 1,048,576 bytes); checked while it downloads. */
  DOCUMENT_MAX_MB: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number('DOCUMENT_MAX_MB must be a number of megabytes')
      .positive('DOCUMENT_MAX_MB must be more than 0')
      .max(250, 'DOCUMENT_MAX_MB must be at most 250')
      .default(25),
  ),
  /** Years a document is kept after the last change to its request (six: the Openness Regulations' period). */
  DOCUMENT_RETENTION_YEARS: z.preprocess(
    emptyToUndefined,
    z.coerce.number().int('DOCUMENT_RETENTION_YEARS must be a whole number of years').min(1).max(100).default(6),
  ),
  /** Comma-separated hosts Teams' file links may point to: OneDrive and SharePoint unless a sovereign cloud needs others. */
  DOCUMENT_DOWNLOAD_HOSTS: z.preprocess(emptyToUndefined, z.string().default('sharepoint.com')),
  AZURE_BLOBS_ACCOUNT_URL: z.preprocess(
    emptyToUndefined,
    z.string().url('AZURE_BLOBS_ACCOUNT_URL must be a URL such as https://myaccount.blob.core.windows.net').optional(),
  ),
});
export type DocumentEnv = z.infer<typeof DocumentEnvSchema>;

const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

export function checkDocuments(env: DocumentEnv, problem: Problem): void {
  for (const host of hosts(env.DOCUMENT_DOWNLOAD_HOSTS)) {
    if (!HOST.test(host)) problem('DOCUMENT_DOWNLOAD_HOSTS', `"${host.slice(0, 60)}" is not a host name such as sharepoint.com`);
  }
  if (env.AZURE_BLOBS_ACCOUNT_URL && !env.AZURE_BLOBS_ACCOUNT_URL.startsWith('https://')) problem('AZURE_BLOBS_ACCOUNT_URL', 'must be https');
}

export function documentSettings(env: DocumentEnv): DocumentSettings {
  return {
    maxBytes: Math.floor(env.DOCUMENT_MAX_MB * 1024 * 1024),
    retentionYears: env.DOCUMENT_RETENTION_YEARS,
    downloadHosts: hosts(env.DOCUMENT_DOWNLOAD_HOSTS),
    ...(env.AZURE_BLOBS_ACCOUNT_URL ? { blobAccountUrl: env.AZURE_BLOBS_ACCOUNT_URL } : {}),
  };
}

function hosts(list: string): string[] {
  return list
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
}
