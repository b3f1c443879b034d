import Papa from 'papaparse';

/**
 * Reading and writing CSV text with papaparse (RFC 4180; comma or semicolon between fields).
 *
 * Danish Excel opens and saves CSV with semicolons (the comma is the decimal mark), while the
 * fixture and most BI tools use commas; papaparse detects which one a file uses. What we add on top:
 * every row keeps the file line it starts on (papaparse counts rows, not lines), so import errors
 * can name it, also when a quoted field spans lines; and a formula guard for spreadsheets.
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

const SEPARATORS: CsvSeparator[] = [',', ';'];

/**
 * The separator a file uses: papaparse's guess from its first rows (the one that gives every row the
 * same number of fields, more than one); a comma when neither does.
 */
export function detectSeparator(text: string): CsvSeparator {
  const guess = Papa.parse<string[]>(stripBom(text), { preview: 10, skipEmptyLines: 'greedy', delimitersToGuess: SEPARATORS }).meta.delimiter;
  return guess === ';' ? ';' : ',';
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Number of line ends (CRLF, LF or CR) in text[from, to). */
function lineEnds(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10) n++;
    else if (ch === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/**
 * Parses CSV text into a header and rows. A leading byte order mark is dropped, CRLF, LF and CR are
 * line ends, "" inside quotes is a quote, and blank lines are skipped. Throws CsvSyntaxError (in
 * Danish, with the line) on a quote that is never closed or stands inside a field.
 */
export function readCsv(text: string, separator: CsvSeparator = detectSeparator(text)): CsvTable {
  const src = stripBom(text);
  const records: CsvRow[] = [];
  let start = 0;
  let line = 1;
  let syntax: CsvSyntaxError | null = null;
  Papa.parse<string[]>(src, {
    delimiter: separator,
    // Blank lines are dropped below, not by papaparse, so that every row's starting offset is known.
    skipEmptyLines: false,
    step: (result, parser) => {
      const end = result.meta.cursor;
      const quoteError = result.errors.find((e) => e.type === 'Quotes');
      if (quoteError) {
        syntax = new CsvSyntaxError(
          line,
          quoteError.code === 'MissingQuotes' ? `Linje ${line}: et anførselstegn er ikke lukket` : `Linje ${line}: et anførselstegn står midt i et felt`,
        );
        parser.abort();
        return;
      }
      const fields = result.data;
      if (!(fields.length === 1 && fields[0] === '' && src.charCodeAt(start) !== 34)) records.push({ line, fields });
      line += lineEnds(src, start, end);
      start = end;
    },
  });
  if (syntax) throw syntax;
  const [header, ...rows] = records;
  return { separator, header: (header?.fields ?? []).map((h) => h.trim()), rows };
}

/** Characters a spreadsheet would read as the start of a formula (also before a line break). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Undoes writeCsv's formula guard. */
export function readCsvField(text: string): string {
  return text.length > 1 && text[0] === "'" && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * Lines joined with CRLF, as Excel writes them, ending with a line break. Text that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe, which Excel shows as text;
 * numbers are never guarded. Fields with the separator, quotes, line breaks or edge spaces are quoted.
 */
export function writeCsv(rows: readonly (readonly (string | number | null | undefined)[])[], separator: CsvSeparator): string {
  return (
    Papa.unparse(
      rows.map((r) => [...r]),
      { delimiter: separator, newline: '\r\n', escapeFormulae: FORMULA_START, quotes: (v: unknown) => typeof v === 'string' && v !== v.trim() },
    ) + '\r\n'
  );
}
