/**
 * Reading and writing CSV text (RFC 4180 with either comma or semicolon as separator).
 *
 * Danish Excel opens and saves CSV with semicolons (the comma is the decimal mark), while the
 * fixture and most BI tools use commas; the reader takes whichever the header line uses. Every row
 * keeps the file line it starts on, so errors can name it, also when a quoted field spans lines.
 */

export type CsvSeparator = ',' | ';';

export interface CsvRow {
  /** 1-based line in the file where the row starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  separator: CsvSeparator;
  header: string[];
  rows: CsvRow[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/** The separator the first line uses (outside quotes); a comma if it has neither. */
export function detectSeparator(text: string): CsvSeparator {
  let semicolons = 0;
  let commas = 0;
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch === ';') semicolons++;
    else if (!quoted && ch === ',') commas++;
  }
  return semicolons > commas ? ';' : ',';
}

/**
 * Parses CSV text into a header and rows. A leading byte order mark is dropped, CRLF and LF are both
 * line ends, "" inside quotes is a quote, and blank lines are skipped. Throws CsvSyntaxError (in
 * Danish, with the line) when a quote is never closed.
 */
export function readCsv(text: string, separator: CsvSeparator = detectSeparator(text.replace(/^\uFEFF/, ''))): CsvTable {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;

  const endRow = () => {
    fields.push(field);
    // A line with nothing on it is not a row.
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: rowLine, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };

  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        else if (ch === '\r' && src[i + 1] !== '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
    } else if (ch === separator) {
      fields.push(field);
      field = '';
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) throw new CsvSyntaxError(quoteLine, `Linje ${quoteLine}: et anførselstegn er ikke lukket`);
  if (field !== '' || fields.length > 0 || wasQuoted) endRow();

  const [header, ...rows] = records;
  return { separator, header: (header?.fields ?? []).map((h) => h.trim()), rows };
}

/** Characters a spreadsheet would read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field. Text that a spreadsheet would run as a formula (=, +, -, @) gets a leading
 * apostrophe, which Excel shows as text; readCsvField removes it again.
 */
export function csvField(value: string | number | null | undefined, separator: CsvSeparator): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(separator) || /["\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Undoes csvField's formula guard. */
export function readCsvField(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** Lines joined with CRLF, as Excel writes them, ending with a line break. */
export function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[], separator: CsvSeparator): string {
  return rows.map((r) => r.map((v) => csvField(v, separator)).join(separator)).join('\r\n') + '\r\n';
}
