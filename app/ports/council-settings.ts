import type { CouncilSettings, VersionedSettings } from '../../domain/council-settings';
import type { Person } from '../../domain/person';

/** Each council's settings in force (storage/council-settings-store.ts); undefined for a council not set up yet. */
export interface CouncilSettingsSource {
  current(tenantId: string): Promise<VersionedSettings | undefined>;
}

/** Whether someone is in an Entra group (Microsoft Graph; bot/settings/administrator-group.ts). */
export type GroupMembership = (tenantId: string, aadObjectId: string, groupId: string) => Promise<boolean>;

/** One change of a council's settings as recorded: who, when, what. */
export interface SettingsChangeRecord {
  version: number;
  at: string;
  by: { name: string };
  changes: string[];
}

/** Where settings are kept and changed: every change a new version over the one read. */
export interface CouncilSettingsStorePort extends CouncilSettingsSource {
  save(
    tenantId: string,
    expected: number,
    next: CouncilSettings,
    by: Person,
    changes: string[],
    at: Date,
  ): Promise<{ ok: true; saved: VersionedSettings } | { ok: false; current?: VersionedSettings }>;
  history(tenantId: string, limit?: number): Promise<SettingsChangeRecord[]>;
  /** Every council with settings. */
  tenants(): Promise<string[]>;
}
