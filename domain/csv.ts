/**
 * CSV as spreadsheets read and write it (RFC 4180): fields quoted when they hold a comma,
 * a quote or a line break, quotes doubled, CRLF between records, and a UTF-8 byte order
 * mark first so Excel reads £ and accents as UTF-8.
 */
export const BOM = '\ufeff';

/**
 * A cell a spreadsheet would take for a formula (= + - @, or a tab or carriage return
 * before one) is prefixed with an apostrophe: text from a request must never run as a
 * formula in democratic services' spreadsheet (CSV injection).
 */
export function neutralise(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** The file's text: a header row and the rows, every cell neutralised and quoted as needed. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  return BOM + [header, ...rows].map((row) => row.map((cell) => quote(neutralise(cell))).join(',')).join('\r\n') + '\r\n';
}

export type CsvRecords = { ok: true; records: string[][] } | { ok: false; line: number; message: string };

/**
 * Reads CSV text into records of fields (a leading BOM dropped; CRLF or LF between records;
 * a blank last line ignored). A quote left open, or text straight after a closing quote, is
 * an error naming its line: an HR export is never half-read.
 */
export function parseCsv(text: string): CsvRecords {
  const src = text.startsWith(BOM) ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        afterQuote = true;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === ',') {
      record.push(field);
      field = '';
      afterQuote = false;
    } else if (c === '\n' || (c === '\r' && src[i + 1] === '\n')) {
      if (c === '\r') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      afterQuote = false;
      line++;
    } else if (c === '"' && field === '' && !afterQuote) {
      quoted = true;
    } else if (afterQuote) {
      return { ok: false, line, message: 'text follows a closing quote' };
    } else {
      field += c;
    }
  }
  if (quoted) return { ok: false, line, message: 'a quoted field is never closed' };
  if (field !== '' || record.length || afterQuote) {
    record.push(field);
    records.push(record);
  }
  return { ok: true, records };
}
