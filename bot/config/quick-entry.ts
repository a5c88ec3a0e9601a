import { z } from 'zod';
import { DEFAULT_FULL_TIME_HOURS } from '../../domain/quick-entry';
import { emptyToUndefined } from './env-values';

/** What the dialogue reads changes with: the council's full-time week, for "30 hours a week" → 30/37 FTE. */
export interface QuickEntrySettings {
  fullTimeHours: number;
}

const HOURS = /^\d{1,2}(?:\.\d{1,2})?$/;
const MESSAGE = 'FULL_TIME_HOURS must be the hours of a full-time week, between 1 and 48, such as 37 or 36.5';

export const QuickEntryEnvSchema = z.object({
  /** Hours in the council's full-time week (37 unless set): hours-based FTE is hours ÷ this. */
  FULL_TIME_HOURS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(HOURS, MESSAGE)
      .transform(Number)
      .refine((h) => h >= 1 && h <= 48, MESSAGE)
      .default(DEFAULT_FULL_TIME_HOURS),
  ),
});
export type QuickEntryEnv = z.infer<typeof QuickEntryEnvSchema>;

export function quickEntrySettings(env: QuickEntryEnv): QuickEntrySettings {
  return { fullTimeHours: env.FULL_TIME_HOURS };
}
