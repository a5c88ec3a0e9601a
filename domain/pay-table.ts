import { z } from 'zod';
import type { Pence } from './money';

/**
 * A council's pay table: for each grade, spinal column points with the annual cost of a
 * full-time post including on-costs, or a salary and an on-cost rate (basis points:
 * 2850 = 28.5% employer NI and pension).
 */
const PointSchema = z.union([
  z.object({ scp: z.number().int().min(1).max(99), annualCostPence: z.number().int().positive() }),
  z.object({ scp: z.number().int().min(1).max(99), salaryPence: z.number().int().positive(), onCostBasisPoints: z.number().int().min(0).max(10_000) }),
]);

export const PayTableSchema = z.object({
  description: z.string().optional(),
  grades: z.array(
    z.object({
      grade: z.string().min(1),
      points: z.array(PointSchema).min(1),
      /** The point used when the officer names the grade but no point (often the top). */
      defaultScp: z.number().int().optional(),
    }),
  ),
});
export type PayTable = z.infer<typeof PayTableSchema>;

/** "Hay Band A", "hay band a" and "HAY  BAND A" are one grade; so are "PO4" and "PO 4". */
export function normaliseGrade(grade: string): string {
  return grade.toLowerCase().replace(/[^a-z0-9]/g, '');
}

export function isJobEvaluation(grade: string): boolean {
  return /subject\s+to\s+(job\s+evaluation|je)\b|^je$|^tbc$/i.test(grade.trim());
}

export function lookupCost(table: PayTable, grade: string, scp?: number): { annualCostPerFtePence: Pence; source: string } | undefined {
  if (isJobEvaluation(grade)) return undefined;
  const wanted = normaliseGrade(grade);
  const entry = table.grades.find((g) => normaliseGrade(g.grade) === wanted);
  if (!entry) return undefined;
  const point =
    scp !== undefined
      ? entry.points.find((p) => p.scp === scp)
      : (entry.points.find((p) => p.scp === entry.defaultScp) ?? (entry.points.length === 1 ? entry.points[0] : undefined));
  if (!point) return undefined;
  const annual = 'annualCostPence' in point ? point.annualCostPence : Math.round((point.salaryPence * (10_000 + point.onCostBasisPoints)) / 10_000);
  return { annualCostPerFtePence: annual, source: `pay table: ${entry.grade} scp ${point.scp}` };
}
