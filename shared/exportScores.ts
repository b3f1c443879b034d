import { danishLabel } from './i18n/labels';
import { readCsv, readCsvField, writeCsv, type CsvSeparator } from './csv';
import type { Dashboard } from './dashboard';
import { exactMean } from './format';
import type { Framework, Step } from './framework';
import type { Inspection, ThemeScore } from './inspection';
import { INSTITUTION_TYPE_LABELS, OWNERSHIP_LABELS, type Institution } from './institution';

/*
 * Export of theme scores for the committee and BI tools: one row per inspection × theme, with the
 * framework version and scale id on every row, so nobody averages across scales by accident and no
 * version's data is dropped. Described in docs/import-format.md.
 */

export const SCORE_EXPORT_COLUMNS = [
  'tilsyn_id',
  'institution_id',
  'institution',
  'type',
  'ejerform',
  'distrikt',
  'dato',
  'tilsynsform',
  'tilsynstype',
  'ramme_id',
  'ramme_version',
  'ramme_navn',
  'skala_id',
  'tema_nr',
  'tema_id',
  'tema',
  'trin',
  'trin_tekst',
  'ikke_vurderet',
  'ikke_vurderet_begrundelse',
] as const;
export type ScoreExportColumn = (typeof SCORE_EXPORT_COLUMNS)[number];

export interface ScoreExportRow {
  tilsyn_id: string;
  institution_id: string;
  institution: string;
  type: string;
  ejerform: string;
  distrikt: string;
  dato: string;
  tilsynsform: string;
  tilsynstype: string;
  ramme_id: string;
  ramme_version: number;
  ramme_navn: string;
  skala_id: string;
  tema_nr: number;
  tema_id: string;
  tema: string;
  /** null when the theme was not assessed (or has no step). */
  trin: Step | null;
  trin_tekst: string;
  ikke_vurderet: 'ja' | 'nej';
  ikke_vurderet_begrundelse: string;
}

export interface ScoreExportInput {
  institutions: readonly Institution[];
  inspections: readonly Inspection[];
  themeScores: readonly ThemeScore[];
  frameworks: readonly Framework[];
}

export interface ScoreExportOptions {
  /** Only these institutions (the dashboard's filters); all when absent. */
  institutionIds?: ReadonlySet<string>;
  /** Inclusive ISO dates. */
  from?: string;
  to?: string;
  /** Only final inspections (default): drafts are not published figures. */
  onlyFinal?: boolean;
}

const collator = new Intl.Collator('da');

/** Rows for every selected inspection × every theme of its framework, by institution name, date and theme order. */
export function scoreExportRows(input: ScoreExportInput, options: ScoreExportOptions = {}): ScoreExportRow[] {
  const onlyFinal = options.onlyFinal ?? true;
  const institutions = new Map(input.institutions.map((i) => [i.id, i]));
  const frameworks = new Map(input.frameworks.map((f) => [f.id, f]));
  const scores = new Map<string, ThemeScore>();
  for (const s of input.themeScores) scores.set(`${s.inspectionId}\u0000${s.themeId}`, s);

  const selected = input.inspections.filter(
    (i) =>
      (!onlyFinal || i.status === 'endelig') &&
      (!options.institutionIds || options.institutionIds.has(i.institutionId)) &&
      (!options.from || i.date >= options.from) &&
      (!options.to || i.date <= options.to) &&
      institutions.has(i.institutionId) &&
      frameworks.has(i.frameworkId),
  );
  selected.sort(
    (a, b) =>
      collator.compare(institutions.get(a.institutionId)!.name, institutions.get(b.institutionId)!.name) ||
      a.institutionId.localeCompare(b.institutionId) ||
      a.date.localeCompare(b.date) ||
      a.id.localeCompare(b.id),
  );

  const rows: ScoreExportRow[] = [];
  for (const insp of selected) {
    const inst = institutions.get(insp.institutionId)!;
    const fw = frameworks.get(insp.frameworkId)!;
    fw.themes.forEach((theme, k) => {
      const s = scores.get(`${insp.id}\u0000${theme.id}`);
      const step = s && !s.notAssessed && s.step ? (s.step as Step) : null;
      rows.push({
        tilsyn_id: insp.id,
        institution_id: inst.id,
        institution: inst.name,
        type: danishLabel(INSTITUTION_TYPE_LABELS, inst.type),
        ejerform: danishLabel(OWNERSHIP_LABELS, inst.ownership),
        distrikt: inst.district ?? '',
        dato: insp.date,
        tilsynsform: insp.visitType,
        tilsynstype: insp.kind,
        ramme_id: fw.id,
        ramme_version: fw.version,
        ramme_navn: fw.name,
        skala_id: fw.scale.id,
        tema_nr: k + 1,
        tema_id: theme.id,
        tema: theme.name,
        trin: step,
        trin_tekst: step ? fw.scale.labels[step - 1]! : '',
        ikke_vurderet: s?.notAssessed ? 'ja' : 'nej',
        ikke_vurderet_begrundelse: s?.notAssessed ? s.notAssessedReason : '',
      });
    });
  }
  return rows;
}

/** The byte order mark that makes Excel read the file as UTF-8 (æ, ø, å). */
export const UTF8_BOM = '\uFEFF';
/** Danish Excel uses the comma as decimal mark and expects semicolons between fields. */
export const EXPORT_SEPARATOR: CsvSeparator = ';';

/** CSV text for Danish Excel: UTF-8 with BOM, semicolons, CRLF, a header line, formula-guarded text. */
export function scoresToCsv(rows: readonly ScoreExportRow[]): string {
  return UTF8_BOM + writeCsv([SCORE_EXPORT_COLUMNS as readonly string[]], EXPORT_SEPARATOR) + (rows.length ? scoreRowsToCsvLines(rows) : '');
}

/** The data lines only (no BOM, no header), so a large export can be written page by page. */
export function scoreRowsToCsvLines(rows: readonly ScoreExportRow[]): string {
  return writeCsv(rows.map((r) => SCORE_EXPORT_COLUMNS.map((c) => r[c])), EXPORT_SEPARATOR);
}

/** Reads an export back (BI tools, tests). Throws on a header that is not the export's. */
export function parseScoresCsv(text: string): ScoreExportRow[] {
  const table = readCsv(text);
  if (table.header.join(',') !== SCORE_EXPORT_COLUMNS.join(',')) throw new Error(`Linje 1: kolonnerne skal være ${SCORE_EXPORT_COLUMNS.join(';')}`);
  return table.rows.map(({ fields }) => {
    const get = (c: ScoreExportColumn) => readCsvField(fields[SCORE_EXPORT_COLUMNS.indexOf(c)] ?? '');
    const rec = Object.fromEntries(SCORE_EXPORT_COLUMNS.map((c) => [c, get(c)])) as Record<ScoreExportColumn, string>;
    return {
      ...rec,
      ramme_version: Number(rec.ramme_version),
      tema_nr: Number(rec.tema_nr),
      trin: rec.trin === '' ? null : (Number(rec.trin) as Step),
      ikke_vurderet: rec.ikke_vurderet === 'ja' ? 'ja' : 'nej',
    };
  });
}

/** Default file name: tilsyn-temascorer-2026-11-23.csv / .xlsx */
export function exportFileName(today: string, ext: 'csv' | 'xlsx', what: 'temascorer' | 'gennemsnit' = 'temascorer'): string {
  return `tilsyn-${what}-${today}.${ext}`;
}

/** Column headings for people (the XLSX sheet); the CSV keeps the machine names. */
export const SCORE_EXPORT_HEADINGS: Record<ScoreExportColumn, string> = {
  tilsyn_id: 'Tilsyn id',
  institution_id: 'Institution id',
  institution: 'Institution',
  type: 'Type',
  ejerform: 'Ejerform',
  distrikt: 'Distrikt',
  dato: 'Dato',
  tilsynsform: 'Tilsynsform',
  tilsynstype: 'Tilsynstype',
  ramme_id: 'Ramme id',
  ramme_version: 'Rammeversion',
  ramme_navn: 'Tilsynskoncept',
  skala_id: 'Skala id',
  tema_nr: 'Tema nr.',
  tema_id: 'Tema id',
  tema: 'Tema',
  trin: 'Trin',
  trin_tekst: 'Trin (tekst)',
  ikke_vurderet: 'Ikke vurderet',
  ikke_vurderet_begrundelse: 'Begrundelse (ikke vurderet)',
};

/* ---------------------------------------------------------------- averages (what Overblik shows) */

/** One row per period × theme: the exact mean with the sum and n behind it, and the step counts. */
export const AVERAGE_EXPORT_COLUMNS = ['periode', 'skala_id', 'tema_nr', 'tema_id', 'tema', 'gennemsnit', 'sum', 'n', 'trin_1', 'trin_2', 'trin_3', 'trin_4', 'ikke_vurderet'] as const;
export type AverageExportColumn = (typeof AVERAGE_EXPORT_COLUMNS)[number];

export interface AverageExportRow {
  periode: string;
  skala_id: string;
  tema_nr: number;
  tema_id: string;
  tema: string;
  /** sum / n at full precision (not rounded for display); null when n = 0. */
  gennemsnit: number | null;
  sum: number;
  n: number;
  trin_1: number;
  trin_2: number;
  trin_3: number;
  trin_4: number;
  ikke_vurderet: number;
}

export const AVERAGE_EXPORT_HEADINGS: Record<AverageExportColumn, string> = {
  periode: 'Periode',
  skala_id: 'Skala id',
  tema_nr: 'Tema nr.',
  tema_id: 'Tema id',
  tema: 'Tema',
  gennemsnit: 'Gennemsnit (præcist)',
  sum: 'Sum af trin',
  n: 'n (institutioner)',
  trin_1: 'Trin 1',
  trin_2: 'Trin 2',
  trin_3: 'Trin 3',
  trin_4: 'Trin 4',
  ikke_vurderet: 'Ikke vurderet',
};

/**
 * The dashboard's averages as rows for a spreadsheet: the exact mean (sum / n), so a BI tool or Excel
 * can round it itself, with sum and n beside it.
 */
export function averageExportRows(d: Pick<Dashboard, 'periods' | 'framework' | 'scaleId'>): AverageExportRow[] {
  return d.periods.flatMap((p) =>
    d.framework.themes.map((t, k) => {
      const s = p.stats[t.id];
      const exact = exactMean(s.counts);
      return {
        periode: p.label,
        skala_id: d.scaleId,
        tema_nr: k + 1,
        tema_id: t.id,
        tema: t.name,
        gennemsnit: exact.mean,
        sum: exact.sum,
        n: exact.n,
        trin_1: s.counts[1],
        trin_2: s.counts[2],
        trin_3: s.counts[3],
        trin_4: s.counts[4],
        ikke_vurderet: s.notAssessed,
      };
    }),
  );
}

/**
 * The averages as a CSV for Danish Excel (BOM, semicolons): the exact mean written with a decimal
 * comma at full precision (107/40 → "2,675", never rounded), with sum and n beside it, so a reader
 * can check or round it themselves.
 */
export function averagesToCsv(rows: readonly AverageExportRow[]): string {
  const exact = (v: number | null) => (v === null ? '' : String(v).replace('.', ','));
  return UTF8_BOM + writeCsv([AVERAGE_EXPORT_COLUMNS as readonly string[], ...rows.map((r) => AVERAGE_EXPORT_COLUMNS.map((c) => (c === 'gennemsnit' ? exact(r.gennemsnit) : r[c])))], EXPORT_SEPARATOR);
}
