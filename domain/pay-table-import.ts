import { parseCsv } from './csv';
import type { Rejection } from './establishment-import';
import { parsePounds } from './money';
import { normaliseGrade, PayTableSchema, type PayTable } from './pay-table';

export type PayTableImport = { ok: true; table: PayTable; points: number } | { ok: false; fileError?: string; rejected: Rejection[] };

const COLUMNS = {
  grade: /^grade$/i,
  scp: /^(scp|spinal (column )?point|point)$/i,
  cost: /^annual cost( with on-?costs| inc(luding)? on-?costs)?( per fte)?$/i,
  default: /^default$/i,
};

/**
 * A council's pay table from a CSV export: Grade, SCP (blank for a grade of one point),
 * Annual cost (a full-time post's, with on-costs), and optionally Default ("yes" marks the
 * point used when an officer names the grade alone). Every row is checked and the table is
 * taken only when all are right; money is read exactly or the row is rejected, never guessed.
 */
export function importPayTable(text: string): PayTableImport {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { ok: false, fileError: `Line ${parsed.line}: ${parsed.message}`, rejected: [] };
  const [header, ...rows] = parsed.records;
  if (!header) return { ok: false, fileError: 'The file is empty.', rejected: [] };
  const at = (re: RegExp) => header.findIndex((h) => re.test(h.trim()));
  const col = { grade: at(COLUMNS.grade), scp: at(COLUMNS.scp), cost: at(COLUMNS.cost), default: at(COLUMNS.default) };
  if (col.grade < 0 || col.cost < 0)
    return { ok: false, fileError: 'The first row must name the columns: Grade, SCP, Annual cost (and optionally Default).', rejected: [] };
  const rejected: Rejection[] = [];
  const grades = new Map<string, { grade: string; points: Array<{ scp?: number; annualCostPence: number; row: number }>; defaultScp?: number }>();
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => !c.trim())) return;
    const reject = (column: string, reason: string) => void rejected.push({ row, column, reason });
    const grade = (cells[col.grade] ?? '').trim();
    if (!grade || grade.length > 40) return reject('Grade', grade ? 'longer than 40 characters' : 'missing');
    const scpText = col.scp >= 0 ? (cells[col.scp] ?? '').trim() : '';
    const scp = scpText ? Number(scpText) : undefined;
    if (scpText && (!/^\d{1,2}$/.test(scpText) || scp! < 1)) return reject('SCP', `"${scpText.slice(0, 20)}" is not a spinal column point (1 to 99)`);
    const cost = parsePounds(cells[col.cost] ?? '');
    if (!cost.ok) return reject('Annual cost', cost.message);
    if (cost.value <= 0) return reject('Annual cost', 'must be more than £0');
    const key = normaliseGrade(grade);
    const entry = grades.get(key) ?? { grade, points: [] };
    if (entry.points.some((p) => p.scp === scp)) return reject('SCP', `${grade}${scp ? ` scp ${scp}` : ''} is given twice`);
    if (col.default >= 0 && /^(y|yes|true|1)$/i.test((cells[col.default] ?? '').trim())) {
      if (entry.defaultScp !== undefined) return reject('Default', `${grade} already has a default point`);
      if (scp === undefined) return reject('Default', 'a default point needs its SCP');
      entry.defaultScp = scp;
    }
    entry.points.push({ ...(scp !== undefined ? { scp } : {}), annualCostPence: cost.value, row });
    grades.set(key, entry);
  });
  for (const entry of grades.values()) {
    if (entry.points.length > 1) {
      for (const p of entry.points.filter((q) => q.scp === undefined))
        rejected.push({ row: p.row, column: 'SCP', reason: `${entry.grade} has several points: give each row its SCP` });
    }
  }
  if (rejected.length) return { ok: false, rejected: rejected.sort((a, b) => a.row - b.row) };
  if (!grades.size) return { ok: false, fileError: 'The file has no grades in it.', rejected: [] };
  // A grade of one point without an SCP keeps it as point 1, its only point (looked up by grade alone).
  const table = PayTableSchema.parse({
    grades: [...grades.values()].map((g) => ({
      grade: g.grade,
      points: g.points.map((p) => ({ scp: p.scp ?? 1, annualCostPence: p.annualCostPence })),
      ...(g.defaultScp !== undefined ? { defaultScp: g.defaultScp } : {}),
    })),
  });
  return { ok: true, table, points: [...grades.values()].reduce((n, g) => n + g.points.length, 0) };
}
