import { readFileSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './config-error';

/** Relative paths are from the project folder, whether running from source (bot/config/) or dist/bot/config/. */
const PROJECT_ROOT = __dirname.includes(`${sep}dist${sep}`) ? resolve(__dirname, '..', '..', '..') : resolve(__dirname, '..', '..');

/** A JSON settings file named by an environment variable, checked against its schema. */
export function loadJson<T>(variable: string, path: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(isAbsolute(path) ? path : resolve(PROJECT_ROOT, path), 'utf8'));
  } catch (error) {
    throw new ConfigError([`${variable}: cannot read ${path} as JSON (${error instanceof Error ? error.message.split('\n')[0] : 'unreadable'})`]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${variable}: ${path} ${i.path.join('.')}: ${i.message}`));
  return parsed.data;
}
