import type { CouncilSettings } from '../../domain/council-settings';
import type { Person } from '../../domain/person';
import { routedPeople } from '../../domain/routing';

/** A name for an Entra object id the people picker sent (it sends ids only). */
export type NameLookup = (tenantId: string, aadObjectId: string) => Promise<string | undefined>;

export interface PeopleNamesOptions {
  /** Everyone the bot can offer without a directory (local mode: the Playground's people). */
  known: (tenantId: string) => readonly Person[];
  /** Microsoft Graph's `displayName` (User.ReadBasic.All), where the council granted it. */
  directory?: NameLookup;
}

/**
 * The people a settings card offers and the names of those picked: the council's settings
 * first (and the known people), then the directory. An id nobody can name is refused by
 * the caller, never stored under a made-up name.
 */
export class PeopleNames {
  constructor(private readonly options: PeopleNamesOptions) {}

  /** Who the pickers list before anyone types (Teams searches the directory beyond them). */
  choices(settings: CouncilSettings | undefined, tenantId: string): Array<{ name: string; id: string }> {
    const all = [...(settings ? [...routedPeople(settings), ...settings.administrators] : []), ...this.options.known(tenantId)];
    const seen = new Set<string>();
    const out: Array<{ name: string; id: string }> = [];
    for (const p of all) {
      const id = p.aadObjectId.toLowerCase();
      if (seen.has(id) || !/^[0-9a-f-]{36}$/.test(id)) continue;
      seen.add(id);
      out.push({ name: p.name, id });
    }
    return out.slice(0, 200);
  }

  async nameOf(settings: CouncilSettings | undefined, tenantId: string, aadObjectId: string): Promise<string | undefined> {
    const id = aadObjectId.toLowerCase();
    const found = this.choices(settings, tenantId).find((c) => c.id === id);
    if (found) return found.name;
    return this.options.directory?.(tenantId, id).catch(() => undefined);
  }
}

/** `GET /v1.0/users/{id}?$select=displayName` with an app-only token for the tenant. */
export function graphNames(baseUrl: string, token: (tenantId: string) => Promise<string | undefined>): NameLookup {
  return async (tenantId, aadObjectId) => {
    const auth = await token(tenantId);
    const response = await fetch(`${baseUrl.replace(/\/$/, '')}/v1.0/users/${encodeURIComponent(aadObjectId)}?$select=displayName`, {
      headers: auth ? { authorization: `Bearer ${auth}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) return undefined;
    const body = (await response.json().catch(() => undefined)) as { displayName?: unknown } | undefined;
    return typeof body?.displayName === 'string' && body.displayName.trim() ? body.displayName.trim().slice(0, 120) : undefined;
  };
}
