import { StorageError } from './errors';

/** Table Storage limits (Microsoft's documentation; Azurite enforces neither, seen on 3.37). */
export const MAX_ENTITY_BYTES = 1024 * 1024;
export const MAX_CUSTOM_PROPERTIES = 252;

const SYSTEM = new Set(['partitionKey', 'rowKey', 'etag', 'timestamp', 'odata.etag', 'odata.metadata']);

/**
 * An entity's size by Microsoft's formula: 4 bytes + 2 per key character, and per
 * property 8 bytes + 2 per name character + its value (strings 4 + 2 per UTF-16 unit).
 */
export function entityBytes(entity: Record<string, unknown>): number {
  let bytes = 4 + 2 * (String(entity.partitionKey ?? '').length + String(entity.rowKey ?? '').length);
  for (const [name, value] of Object.entries(entity)) {
    if (SYSTEM.has(name) || value === undefined || value === null) continue;
    bytes += 8 + 2 * name.length + valueBytes(value);
  }
  return bytes;
}

function valueBytes(value: unknown): number {
  if (typeof value === 'string') return 4 + 2 * value.length;
  if (typeof value === 'boolean') return 1;
  if (value instanceof Uint8Array) return 4 + value.byteLength;
  return 8; // numbers, dates, bigints and typed {value, type} pairs: at most 8 bytes
}

export function customPropertyCount(entity: Record<string, unknown>): number {
  return Object.entries(entity).filter(([name, value]) => !SYSTEM.has(name) && value !== undefined).length;
}

/** Refuses, before sending, an entity that real Table Storage would refuse. */
export function assertEntityFits(entity: Record<string, unknown>): void {
  const bytes = entityBytes(entity);
  if (bytes > MAX_ENTITY_BYTES) {
    throw new StorageError('STORAGE_VALUE_TOO_LARGE', `Entity of about ${bytes} bytes is over the 1 MiB Table entity limit`);
  }
  const properties = customPropertyCount(entity);
  if (properties > MAX_CUSTOM_PROPERTIES) {
    throw new StorageError('STORAGE_VALUE_TOO_LARGE', `Entity has ${properties} properties; Table Storage allows ${MAX_CUSTOM_PROPERTIES}`);
  }
}
