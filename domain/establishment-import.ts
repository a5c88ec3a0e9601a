import { isCalendarDate, type CalendarDate } from './calendar-date';
import { parseCsv } from './csv';
import { sameName, within, type LedgerPost } from './establishment';
import { parseFte } from './money';

/**
 * A starting establishment from an HR system's CSV export, one post a row, checked row by
 * row. Nothing is guessed: money must be pounds with no pence or exactly two digits of them
 * (£28,368 or 28368.00; never 28368.5, £28k or 28 368), dates must be DD/MM/YYYY or
 * YYYY-MM-DD, and a total cost must divide exactly by the FTE. A rejected row names its row
 * number (the header is row 1), the column and why.
 */
export interface Rejection {
  row: number;
  column: string;
  reason: string;
}
export interface ImportResult {
  posts: LedgerPost[];
  rejected: Rejection[];
  /** A problem with the whole file (no header, unreadable CSV): nothing is imported. */
  fileError?: string;
}

const COLUMNS = {
  directorate: ['directorate'],
  service: ['service'],
  team: ['team'],
  title: ['job title', 'post title', 'title'],
  grade: ['grade'],
  fte: ['fte'],
  costPerFte: ['annual cost per fte', 'cost per fte'],
  cost: ['annual cost', 'cost'],
  status: ['status', 'permanent or temporary', 'contract'],
  start: ['start date', 'from'],
  end: ['end date', 'until'],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: readonly Column[] = ['directorate', 'service', 'title', 'grade', 'fte'];
/** At most this many rows in one file: a council's whole establishment fits many times over. */
export const MAX_IMPORT_ROWS = 20_000;

const MONEY = /^£?((?:\d{1,3}(?:,\d{3})+)|\d+)(?:\.(\d{2}))?$/;

/** "£28,368", "28368.00" → pence; anything else (one or three decimals, k, spaces, a minus) is refused. */
export function parseExactPounds(input: string): number | undefined {
  const m = MONEY.exec(input.trim().replace(/\s*(with on-?costs)$/i, ''));
  if (!m) return undefined;
  const pence = Number(m[1]!.replace(/,/g, '')) * 100 + Number(m[2] ?? '0');
  return Number.isSafeInteger(pence) && pence <= 10_000_000_000 ? pence : undefined;
}

/** "31/03/2025" (UK order) or "2025-03-31"; a two-digit year or an impossible date is refused. */
export function parseUkDate(input: string): CalendarDate | undefined {
  const t = input.trim();
  if (isCalendarDate(t)) return t;
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : undefined;
}

function headerIndex(header: readonly string[]): Partial<Record<Column, number>> {
  const folded = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .replace(/[()]/g, '')
      .replace(/ with on-?costs$/, ''),
  );
  const found: Partial<Record<Column, number>> = {};
  for (const [column, names] of Object.entries(COLUMNS) as Array<[Column, readonly string[]]>) {
    const i = folded.findIndex((h) => names.includes(h));
    if (i >= 0) found[column] = i;
  }
  return found;
}

const LABEL: Record<Column, string> = {
  directorate: 'Directorate',
  service: 'Service',
  team: 'Team',
  title: 'Job title',
  grade: 'Grade',
  fte: 'FTE',
  costPerFte: 'Annual cost per FTE',
  cost: 'Annual cost',
  status: 'Status',
  start: 'Start date',
  end: 'End date',
};

/**
 * The posts a CSV holds, and the rows refused. Posts start on their start date or `asOf`;
 * a unit (directorate, service, team) that already has posts in the ledger is refused, so
 * running an import twice never counts a post twice.
 */
export function importEstablishment(text: string, existing: readonly LedgerPost[], asOf: CalendarDate, batch: string): ImportResult {
  const parsed = parseCsv(text);
  if (!parsed.ok) return { posts: [], rejected: [], fileError: `The file is not readable CSV (line ${parsed.line}: ${parsed.message}).` };
  const [header, ...rows] = parsed.records;
  if (!header) return { posts: [], rejected: [], fileError: 'The file is empty.' };
  const at = headerIndex(header);
  const missing = REQUIRED.filter((c) => at[c] === undefined);
  if (at.cost === undefined && at.costPerFte === undefined) missing.push('costPerFte');
  if (missing.length) return { posts: [], rejected: [], fileError: `The header row lacks ${missing.map((c) => LABEL[c]).join(', ')}.` };
  if (rows.length > MAX_IMPORT_ROWS)
    return { posts: [], rejected: [], fileError: `The file has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} are taken at once.` };
  const posts: LedgerPost[] = [];
  const rejected: Rejection[] = [];
  rows.forEach((cells, i) => {
    const row = i + 2;
    if (cells.every((c) => !c.trim())) return;
    const cell = (c: Column) => (at[c] === undefined ? '' : (cells[at[c]!] ?? '').trim());
    const refuse = (c: Column, reason: string) => void rejected.push({ row, column: LABEL[c], reason });
    const before = rejected.length;
    for (const c of REQUIRED) if (!cell(c)) refuse(c, 'is empty');
    for (const c of ['directorate', 'service', 'team', 'title', 'grade'] as const)
      if (cell(c).length > (c === 'title' ? 200 : c === 'grade' ? 80 : 120)) refuse(c, 'is too long');
    const fte = cell('fte') ? parseFte(cell('fte')) : undefined;
    if (fte && !fte.ok) refuse('fte', fte.message);
    const perFte = readCost(cell, fte?.ok ? fte.value : undefined, refuse);
    const start = cell('start') ? parseUkDate(cell('start')) : asOf;
    if (!start) refuse('start', `"${cell('start').slice(0, 20)}" is not a date: write 01/04/2026 or 2026-04-01`);
    const end = cell('end') ? parseUkDate(cell('end')) : undefined;
    if (cell('end') && !end) refuse('end', `"${cell('end').slice(0, 20)}" is not a date: write 31/03/2027 or 2027-03-31`);
    const status = cell('status').toLowerCase();
    if (status && !/^(permanent|temporary|fixed[ -]term)$/.test(status)) refuse('status', 'must be Permanent, Temporary or Fixed term');
    if (/^(temporary|fixed[ -]term)$/.test(status) && !cell('end')) refuse('end', 'a temporary post needs its end date');
    if (status === 'permanent' && cell('end')) refuse('end', 'a permanent post has no end date');
    if (start && end && end < start) refuse('end', 'is before the start date');
    const unit = { directorate: cell('directorate'), service: cell('service'), ...(cell('team') ? { team: cell('team') } : {}) };
    if (rejected.length === before && existing.some((p) => within(p, unit) && sameName(p.team, unit.team)))
      refuse('team', 'this team already has posts in the ledger: the starting establishment is imported once');
    if (rejected.length > before || !fte?.ok || perFte === undefined || !start) return;
    posts.push({
      ...unit,
      id: `import-${batch}-${row}`,
      title: cell('title'),
      grade: cell('grade'),
      fteHundredths: fte.value,
      annualCostPerFtePence: perFte,
      from: start,
      ...(end ? { until: end } : {}),
      source: 'import',
    });
  });
  return { posts, rejected };
}

/** The cost per FTE, from its own column or from the post's total divided exactly by its FTE. */
function readCost(cell: (c: Column) => string, fte: number | undefined, refuse: (c: Column, reason: string) => void): number | undefined {
  const column: Column = cell('costPerFte') ? 'costPerFte' : 'cost';
  const typed = cell(column);
  if (!typed) return void refuse(column, 'is empty');
  const pence = parseExactPounds(typed);
  if (pence === undefined)
    return void refuse(column, `"${typed.slice(0, 20)}" is not an exact amount: write pounds, with pence as two digits if any (28368 or £28,368.00)`);
  if (column === 'costPerFte' || fte === undefined) return pence;
  if ((pence * 100) % fte !== 0) return void refuse(column, 'does not divide exactly by the FTE: give the annual cost per FTE instead');
  return (pence * 100) / fte;
}
