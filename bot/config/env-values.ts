import { z } from 'zod';

// The zod pieces every section of the environment is read with.

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An empty variable counts as unset, as in a .env file with `NAME=`. */
export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());
export const guid = (what: string) => z.string().trim().regex(GUID, `${what} must be a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47`);

/** A comma-separated list of GUIDs (empty: none). */
export const guidList = (what: string, message?: string) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : (v ?? []),
    z.array(message ? z.string().trim().regex(GUID, message) : guid(what)),
  );

export const NodeEnvSchema = z.preprocess(emptyToUndefined, z.enum(['development', 'test', 'production']).default('development'));
export type NodeEnv = z.infer<typeof NodeEnvSchema>;

/** Reports one problem with one variable; each section's checks call it. */
export type Problem = (variable: string, message: string) => void;
