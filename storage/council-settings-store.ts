import type { TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { CouncilSettingsSchema, type CouncilSettings, type VersionedSettings } from '../domain/council-settings';
import type { Person } from '../domain/person';
import { fromChunks, toChunks } from './chunked-json';
import { isNotFound, StorageError } from './errors';
import { isGuid } from './keys';
import { submitPartitionTransaction } from './partition-transaction';

/**
 * Each council's settings, one partition per tenant (every read is one point read):
 *   PK s_<tenantId>  RK current        the settings in force: version, JSON (chunked)
 *   PK s_<tenantId>  RK v_<000001>     each version as written: who, when, what changed, the
 *                                      settings (kept: the audit of every change)
 * A change replaces `current` over the etag it read and adds its version row in the same
 * transaction, so two administrators can never both write version n+1.
 */
const CURRENT = 'current';
const versionRow = (version: number) => `v_${String(version).padStart(6, '0')}`;

function partition(tenantId: string): string {
  if (!isGuid(tenantId)) throw new RangeError('Tenant ids must be GUIDs');
  return `s_${tenantId.toLowerCase()}`;
}

export const SettingsChangeSchema = z.object({
  version: z.number().int().min(1),
  at: z.string(),
  by: z.object({ tenantId: z.string(), aadObjectId: z.string(), name: z.string() }),
  changes: z.array(z.string()),
});
export type SettingsChange = z.infer<typeof SettingsChangeSchema>;

export type SaveResult = { ok: true; saved: VersionedSettings } | { ok: false; current?: VersionedSettings };

/** How long a read is reused on this instance: another instance's change is seen within it. */
const FRESH_MS = 5_000;
const TENANTS_FRESH_MS = 60_000;

export class CouncilSettingsStore {
  private readonly recent = new Map<string, { at: number; value: VersionedSettings & { etag: string } }>();
  private known?: { at: number; tenants: string[] };

  /**
   * @param seed the routing file's settings: written as version 1 for its tenant the first
   *   time that tenant's settings are read (the file is a first start's seed only).
   */
  constructor(
    private readonly table: TableClient,
    private readonly seed?: CouncilSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async current(tenantId: string): Promise<VersionedSettings | undefined> {
    if (!isGuid(tenantId)) return undefined;
    const key = tenantId.toLowerCase();
    const cached = this.recent.get(key);
    if (cached && this.now() - cached.at < FRESH_MS) return { version: cached.value.version, settings: cached.value.settings };
    const read = (await this.read(tenantId)) ?? (await this.seedFor(tenantId));
    if (read) this.recent.set(key, { at: this.now(), value: read });
    return read && { version: read.version, settings: read.settings };
  }

  /** Writes `next` as the version after `expected`; refused (with what is there now) when someone changed it meanwhile. */
  async save(tenantId: string, expected: number, next: CouncilSettings, by: Person, changes: string[], at: Date): Promise<SaveResult> {
    const settings = CouncilSettingsSchema.parse(next);
    const found = await this.read(tenantId);
    // Version 0 is "none yet": the first settings are created, never written over others'.
    if ((found?.version ?? 0) !== expected) return { ok: false, ...(found ? { current: found } : {}) };
    const version = expected + 1;
    const change: SettingsChange = { version, at: at.toISOString(), by: { tenantId: by.tenantId, aadObjectId: by.aadObjectId, name: by.name }, changes };
    const pk = partition(tenantId);
    const result = await submitPartitionTransaction(this.table, pk, [
      found
        ? { kind: 'update', entity: { partitionKey: pk, rowKey: CURRENT, version, ...toChunks(settings) }, etag: found.etag, mode: 'Replace' }
        : { kind: 'create', entity: { partitionKey: pk, rowKey: CURRENT, version, ...toChunks(settings) } },
      { kind: 'create', entity: { partitionKey: pk, rowKey: versionRow(version), change: JSON.stringify(change), ...toChunks(settings) } },
    ]);
    this.recent.delete(tenantId.toLowerCase());
    if (!result.ok) {
      const now = await this.read(tenantId);
      return { ok: false, ...(now ? { current: now } : {}) };
    }
    return { ok: true, saved: { version, settings } };
  }

  /**
   * Every council with settings (for background work such as the weekly digests; not a
   * user query). Read at most once a minute: a council set up since waits that long.
   */
  async tenants(): Promise<string[]> {
    if (this.known && this.now() - this.known.at < TENANTS_FRESH_MS) return [...this.known.tenants];
    const out: string[] = [];
    const rows = this.table.listEntities<{ partitionKey?: string }>({ queryOptions: { filter: `RowKey eq '${CURRENT}'`, select: ['PartitionKey'] } });
    for await (const row of rows) if (row.partitionKey?.startsWith('s_')) out.push(row.partitionKey.slice(2));
    // The seed's council has settings from its first read, even before anything reads them.
    if (this.seed && !out.includes(this.seed.tenantId.toLowerCase())) out.push(this.seed.tenantId.toLowerCase());
    this.known = { at: this.now(), tenants: out };
    return [...out];
  }

  /** Every change, newest first (the settings card's history and the audit). */
  async history(tenantId: string, limit = 20): Promise<SettingsChange[]> {
    const out: SettingsChange[] = [];
    const rows = this.table.listEntities<{ change?: string }>({
      queryOptions: { filter: `PartitionKey eq '${partition(tenantId)}' and RowKey ge 'v_' and RowKey lt 'w'`, select: ['change'] },
    });
    for await (const row of rows) {
      const parsed = SettingsChangeSchema.safeParse(JSON.parse(row.change ?? 'null'));
      if (parsed.success) out.push(parsed.data);
    }
    return out.reverse().slice(0, limit);
  }

  private async read(tenantId: string): Promise<(VersionedSettings & { etag: string }) | undefined> {
    try {
      const entity = await this.table.getEntity<Record<string, unknown>>(partition(tenantId), CURRENT);
      const stored = fromChunks(entity) as Record<string, unknown>;
      // Settings written before a council could hold its own pay table keep the file's (the seed's).
      const seeded = this.seed && this.seed.tenantId.toLowerCase() === tenantId.toLowerCase() && !stored.payTable && this.seed.payTable;
      const settings = CouncilSettingsSchema.safeParse(seeded ? { ...stored, payTable: this.seed!.payTable } : stored);
      const version = z.number().int().min(1).safeParse(entity.version);
      if (!settings.success || !version.success) throw new StorageError('STORAGE_DAMAGED_ROW', `The settings of tenant ${tenantId} are damaged`);
      return { version: version.data, settings: settings.data, etag: String(entity.etag) };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async seedFor(tenantId: string): Promise<(VersionedSettings & { etag: string }) | undefined> {
    if (!this.seed || this.seed.tenantId.toLowerCase() !== tenantId.toLowerCase()) return undefined;
    const change: SettingsChange = {
      version: 1,
      at: new Date(this.now()).toISOString(),
      by: { tenantId, aadObjectId: '', name: 'the routing file (first start)' },
      changes: ['Settings taken from the routing file'],
    };
    // Two instances starting together may both try; the loser's create fails whole and it reads the winner's.
    const pk = partition(tenantId);
    await submitPartitionTransaction(this.table, pk, [
      { kind: 'create', entity: { partitionKey: pk, rowKey: CURRENT, version: 1, ...toChunks(this.seed) } },
      { kind: 'create', entity: { partitionKey: pk, rowKey: versionRow(1), change: JSON.stringify(change), ...toChunks(this.seed) } },
    ]);
    return this.read(tenantId);
  }
}
