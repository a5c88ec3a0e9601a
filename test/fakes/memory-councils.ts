import type { CouncilSettingsSource } from '../../app/ports/council-settings';
import { CouncilSettingsSchema, type VersionedSettings } from '../../domain/council-settings';
import type { RoutingConfig } from '../../domain/routing';

/** One council's settings in memory (storage/council-settings-store.ts), at version 1. */
export function oneCouncil(routing: RoutingConfig): CouncilSettingsSource {
  const settings: VersionedSettings = { version: 1, settings: CouncilSettingsSchema.parse(routing) };
  return { current: async (tenantId) => (tenantId.toLowerCase() === routing.tenantId.toLowerCase() ? structuredClone(settings) : undefined) };
}
