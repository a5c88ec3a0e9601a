import { z } from 'zod';

/**
 * The version a card showed, as its button sends it back: a number, or the same number as
 * text (a templated "${version}" can reach Teams either way). Never trusted beyond a
 * comparison with the stored version.
 */
export const cardVersion = z.union([
  z.number().int().min(0).max(1_000_000),
  z
    .string()
    .regex(/^\d{1,7}$/)
    .transform(Number),
]);
