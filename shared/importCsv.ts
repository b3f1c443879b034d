import { z } from 'zod';
import { msg, msgSource, translate, type Language } from './i18n/i18n';
import { labelsInEveryLanguage } from './i18n/labels';
import { CsvSyntaxError, readCsv, readCsvField, type CsvTable } from './csv';
import { danishDateToIso, IsoDateSchema } from './dates';
import { StepSchema, THEME_IDS, type Framework, type Step, type ThemeId } from './framework';
import {
  checkFinalDate,
  InspectionSchema,
  themeScoreId,
  ThemeScoreSchema,
  VisitTypeSchema,
  InspectionKindSchema,
  type Inspection,
  type ThemeScore,
} from './inspection';
import {
  INSTITUTION_TYPE_LABELS,
  INSTITUTION_TYPES,
  InstitutionSchema,
  InstitutionTypeSchema,
  OWNERSHIP_LABELS,
  OWNERSHIPS,
  OwnershipSchema,
  type Institution,
  UNIT_TYPES,
  UNIT_TYPE_LABELS,
  unitProblems,
} from './institution';
import { containsCprNumber } from './privacy';

/*
 * CSV import of institutions and of historical theme scores (formats in docs/import-format.md).
 *
 * The text comes from shared/textDecoding (UTF-8 or Windows-1252 bytes) and is parsed by papaparse
 * (shared/csv). Files are read as Danish offices write them: column names and codes in any letter
 * case, the labels the app shows ("Integreret institution", "Skærpet"), dates as 2021-06-30,
 * 30-06-2021 or 30.06.2021. Every row is validated with zod. Problems are collected for the whole
 * file, each with its line number (and column), its resource key and params (`import:problem.*`, worded
 * in the reader's language by formatProblem) and its Danish text; if there is any problem the
 * result carries no rows at all: the caller has nothing to write, so a half-imported file cannot happen.
 */

export type ImportKind = 'institutions' | 'scores';

export interface ImportProblem {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  column?: string;
  /** In Danish (the server's log and answer, the demo's error). */
  message: string;
  /** The resource key and params the message was worded from: a screen words it again in its language. */
  key?: string;
  params?: Record<string, string | number>;
  /** The cell's value, quoted after the message. */
  value?: string;
}

type Params = Record<string, string | number>;

function problem(line: number, column: string | undefined, key: string, params?: Params, value?: string): ImportProblem {
  const p: ImportProblem = { line, ...(column ? { column } : {}), message: '', key, ...(params ? { params } : {}), ...(value !== undefined ? { value } : {}) };
  return { ...p, message: problemMessage(p, 'da') };
}

/** The problem without its line, in `lng` (the language in use when not given); as it came when it has no key. */
export function problemMessage(p: ImportProblem, lng?: Language): string {
  const opts = lng ? { lng } : {};
  if (!p.key) return p.message;
  const text = translate(p.key, { ...p.params, ...opts });
  return p.value === undefined ? text : translate('import:problem.withValue', { message: text, value: p.value, ...opts });
}

/** "Linje 3, kolonne type: …", in Danish (the server's answer, the demo's error). */
export function formatProblem(p: ImportProblem): string {
  return formatProblemIn(p, 'da');
}

/** The problem with its line and column in `lng`: a screen passes its language ("Line 3, column type: …"). */
export function formatProblemIn(p: ImportProblem, lng: Language): string {
  const message = problemMessage(p, lng);
  return p.column ? translate('import:problem.atColumn', { line: p.line, column: p.column, message, lng }) : translate('import:problem.at', { line: p.line, message, lng });
}

export interface InstitutionImportRow {
  line: number;
  institution: Institution;
  /**
   * The file has the unit columns (enhedstype, hoerer_under): the row's unitType and
   * parentInstitutionId replace the stored ones, an empty cell clearing them. Without the columns an
   * existing institution keeps its unit fields.
   */
  unitColumns: boolean;
  /** The file's T1_org … T7_ovg: one step per theme from the 2020–21 round. */
  steps: Record<ThemeId, Step>;
}

export interface ScoreImportRow {
  line: number;
  inspection: Inspection;
  scores: ThemeScore[];
}

export type ImportResult =
  | { ok: true; kind: 'institutions'; rows: InstitutionImportRow[] }
  | { ok: true; kind: 'scores'; rows: ScoreImportRow[] }
  | { ok: false; kind: ImportKind | null; problems: ImportProblem[] };

/** Who imported which file; stored on every imported inspection. */
export interface ImportSource {
  fileName: string;
  /** Display name of the forvaltning user. */
  importedBy: string;
  /** ISO timestamp; defaults to the import's `now`. */
  importedAt?: string;
}

/** What the institutions import checks a parent unit against: the institutions already stored. */
export interface InstitutionImportContext {
  existing?: ReadonlyMap<string, Pick<Institution, 'id' | 'type' | 'unitType'>>;
}

export interface ScoreImportContext extends InstitutionImportContext {
  /** Institutions a score row may name: those in the database. */
  knownInstitutionIds: ReadonlySet<string>;
  frameworks: ReadonlyMap<string, Framework>;
  /** ISO date: a final inspection cannot be dated after it. */
  today: string;
  /** Stamp for updatedAt; defaults to the current time. */
  now?: string;
  /** Marks the inspections as imported from this file by this user. */
  source?: ImportSource;
}

/** Institutions: exactly the columns of fixtures/institutions.csv, in that order. */
export const INSTITUTION_IMPORT_COLUMNS = [
  'id',
  'navn',
  'type',
  'ejerform',
  'born_0_2',
  'born_3_5',
  'enheder',
  'kompetencecenter_pladser',
  'paed_social_inklusion',
  'T1_org',
  'T2_fys',
  'T3_int',
  'T4_leg',
  'T5_rut',
  'T6_komp',
  'T7_ovg',
] as const;

/**
 * Optional columns of the institutions file: what the law counts the unit as (R1.2, shared/institution.ts)
 * and, for an enhed, the id of the institution it belongs to. Empty cells: derived from `type`, no parent.
 */
export const INSTITUTION_UNIT_COLUMNS = ['enhedstype', 'hoerer_under'] as const;

/** Historical theme scores: these columns (any order), one column per theme id, optional ones after. */
export const SCORE_IMPORT_REQUIRED = ['institution_id', 'dato', 'tilsynsform', 'ramme_id', ...THEME_IDS] as const;
export const SCORE_IMPORT_OPTIONAL = ['tilsynstype', 'konsulenter'] as const;
/**
 * Imported visits have no consultant users, and their names are often unknown: the consultants field
 * then says "importeret" instead of inventing names (the `imported` marker says by whom and from what).
 */
export const UNKNOWN_CONSULTANT = 'importeret';
/** Prefix of a "ikke vurderet" cell: iv:<begrundelse>. */
export const NOT_ASSESSED_PREFIX = 'iv:';

/** Ids of imported inspections are derived from institution and date, so importing a file again replaces, never duplicates. */
export function importedInspectionId(institutionId: string, date: string): string {
  return `import-${institutionId}-${date}`;
}

function importedMarker(source: ImportSource | undefined, now: string): Inspection['imported'] {
  return source ? { fileName: source.fileName, importedBy: source.importedBy, importedAt: source.importedAt ?? now } : undefined;
}

/** Lower case, single spaces, æ/ø/å spelled ae/oe/aa: "Integreret  Institution" and "boernehave" find their codes. */
function normalise(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ').replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa');
}

/**
 * A code accepted as itself or as any of its labels, in any case. Unknown text passes through
 * unchanged, so the code's own zod enum reports it with its Danish message.
 */
function codeOrLabel<C extends string>(codes: readonly C[], labels: Record<C, string | readonly string[]>) {
  const lookup = new Map<string, C>();
  for (const c of codes) for (const key of [c, ...[labels[c]].flat()]) lookup.set(normalise(key), c);
  return (text: string): string => lookup.get(normalise(text)) ?? text.trim();
}

// A file may name the type and ownership in Danish or in English, whatever the UI language.
const institutionType = codeOrLabel(INSTITUTION_TYPES, labelsInEveryLanguage(INSTITUTION_TYPE_LABELS, INSTITUTION_TYPES));
const ownership = codeOrLabel(OWNERSHIPS, labelsInEveryLanguage(OWNERSHIP_LABELS, OWNERSHIPS));
const unitLabels = labelsInEveryLanguage(UNIT_TYPE_LABELS, UNIT_TYPES);
const unitType = codeOrLabel(UNIT_TYPES, {
  daginstitution: [...unitLabels.daginstitution, 'Daginstitution'],
  enhed: [...unitLabels.enhed, 'Enhed'],
  dagpleje: [...unitLabels.dagpleje, 'Dagpleje'],
  puljeordning: [...unitLabels.puljeordning, 'Puljeordning'],
  obligatorisk_laeringstilbud: [...unitLabels.obligatorisk_laeringstilbud, 'Obligatorisk læringstilbud'],
  privat_pasningsordning: [...unitLabels.privat_pasningsordning, 'Privat pasningsordning'],
});
const visitType = codeOrLabel(['anmeldt', 'uanmeldt'], { anmeldt: 'Anmeldt tilsyn', uanmeldt: 'Uanmeldt tilsyn' });
const inspectionKind = codeOrLabel(['ordinaer', 'skaerpet'], {
  ordinaer: ['Ordinær', 'Ordinært', 'Ordinært tilsyn'],
  skaerpet: ['Skærpet tilsyn'],
});

const ImportDateSchema = z
  .string()
  .transform(danishDateToIso)
  .pipe(
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { error: msg('import:problem.dateFormat'), abort: true })
      .pipe(IsoDateSchema),
  );

/** Header names as written (trimmed), matched to the format's names in any letter case. */
function canonicalHeader(header: readonly string[], known: readonly string[]): string[] {
  const byLower = new Map(known.map((k) => [k.toLowerCase(), k]));
  return header.map((h) => byLower.get(h.trim().toLowerCase()) ?? h.trim());
}

/** Missing, unknown and repeated columns, each named. */
function headerProblems(header: readonly string[], required: readonly string[], optional: readonly string[] = []): ImportProblem[] {
  const known = new Set([...required, ...optional]);
  const missing = required.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !known.has(c));
  const duplicated = [...new Set(header.filter((c, i) => header.indexOf(c) !== i))];
  const problems: ImportProblem[] = [];
  // A column without a name is shown as "" (the same in every language).
  const list = (names: string[]) => names.map((n) => (n === '' ? '""' : n)).join(', ');
  if (missing.length) problems.push(problem(1, undefined, 'import:problem.columnsMissing', { count: missing.length, columns: list(missing) }));
  if (unknown.length) problems.push(problem(1, undefined, 'import:problem.columnsUnknown', { count: unknown.length, columns: list(unknown), known: [...known].join(', ') }));
  if (duplicated.length) problems.push(problem(1, undefined, 'import:problem.columnsRepeated', { count: duplicated.length, columns: list(duplicated) }));
  return problems;
}

/**
 * A CPR number in any field refuses the row. The message never repeats the value: the problem list
 * is shown on screen and may be copied into an e-mail.
 */
function cprProblems(line: number, record: Record<string, string>): ImportProblem[] {
  return Object.entries(record)
    .filter(([, v]) => containsCprNumber(v))
    .map(([column]) => problem(line, column, 'import:problem.cpr'));
}

/** A zod issue as a problem: its key from the custom issue's params or from msg(), else its text as it came. */
function issueProblem(line: number, issue: z.core.$ZodIssue, column?: string, value?: string): ImportProblem {
  const custom = issue.code === 'custom' && typeof issue.params?.key === 'string' ? { key: issue.params.key as string, params: issue.params.params as Params | undefined } : undefined;
  const source = custom ?? msgSource(issue.message);
  if (source) return problem(line, column, source.key, source.params, value);
  const message = value === undefined ? issue.message : translate('import:problem.withValue', { message: issue.message, value, lng: 'da' });
  return { line, ...(column ? { column } : {}), message, ...(value !== undefined ? { value } : {}) };
}

function issuesToProblems(line: number, error: z.ZodError, record: Record<string, string>): ImportProblem[] {
  return error.issues.map((issue) => {
    const column = String(issue.path[0] ?? '');
    return issueProblem(line, issue, column || undefined, record[column]);
  });
}

/** A custom zod issue that keeps its key: `ctx.addIssue(keyedIssue('import:problem.x'))`. */
function keyedIssue(key: string, params?: Params) {
  return { code: 'custom' as const, message: translate(key, params), params: { key, ...(params ? { params } : {}) } };
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

function read(text: string): CsvTable | ImportProblem {
  try {
    return readCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return problem(e.line, undefined, 'import:problem.unclosedQuote');
    throw e;
  }
}

/* ---------------------------------------------------------------- institutions */

const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: msg('import:problem.wholeNumber') })
  .transform(Number);

const stepText = z
  .string()
  .trim()
  .regex(/^-?\d+$/, { error: msg('import:problem.stepWhole') })
  .transform(Number)
  .pipe(StepSchema);

const InstitutionRowSchema = z.object({
  id: z.string().trim().min(1, { error: msg('import:problem.noId') }),
  navn: z.string().trim().min(1, { error: msg('import:problem.noName') }),
  type: z.string().transform(institutionType).pipe(InstitutionTypeSchema),
  ejerform: z.string().transform(ownership).pipe(OwnershipSchema),
  born_0_2: wholeNumber,
  born_3_5: wholeNumber,
  enheder: wholeNumber,
  kompetencecenter_pladser: wholeNumber,
  paed_social_inklusion: wholeNumber,
  T1_org: stepText,
  T2_fys: stepText,
  T3_int: stepText,
  T4_leg: stepText,
  T5_rut: stepText,
  T6_komp: stepText,
  T7_ovg: stepText,
  enhedstype: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : unitType(v)))
    .pipe(z.enum(UNIT_TYPES, { error: msg('import:problem.unitType', { types: UNIT_TYPES.join(', ') }) }).optional()),
  hoerer_under: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .pipe(z.string().max(200, { error: msg('validation:maxChars', { max: 200 }) }).optional()),
});

/** Where the unit rule's fields are in the file. */
const UNIT_COLUMN_OF: Record<string, string> = { parentInstitutionId: 'hoerer_under', unitType: 'enhedstype' };

const STEP_COLUMNS = ['T1_org', 'T2_fys', 'T3_int', 'T4_leg', 'T5_rut', 'T6_komp', 'T7_ovg'] as const;

function parseInstitutionTable(table: CsvTable, ctx: InstitutionImportContext): ImportResult {
  const problems: ImportProblem[] = [];
  const unitColumns = INSTITUTION_UNIT_COLUMNS.some((c) => table.header.includes(c));
  const rows: InstitutionImportRow[] = [];
  const seen = new Map<string, number>();
  const header = table.header;
  for (const { line, fields } of table.rows) {
    if (isBlank(fields)) continue;
    if (fields.length !== header.length) {
      problems.push(problem(line, undefined, 'import:problem.fieldCount', { fields: fields.length, expected: header.length }));
      continue;
    }
    const record = Object.fromEntries(header.map((c, j) => [c, readCsvField(fields[j]!)])) as Record<string, string>;
    const cpr = cprProblems(line, record);
    if (cpr.length) {
      problems.push(...cpr);
      continue;
    }
    const parsed = InstitutionRowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push(...issuesToProblems(line, parsed.error, record));
      continue;
    }
    const r = parsed.data;
    const earlier = seen.get(r.id);
    if (earlier !== undefined) {
      problems.push(problem(line, 'id', 'import:problem.duplicateId', { id: r.id, earlier }));
      continue;
    }
    seen.set(r.id, line);
    // The file has no district: the database keeps an existing institution's district (see importRepository).
    const institution = InstitutionSchema.safeParse({
      id: r.id,
      name: r.navn,
      type: r.type,
      ownership: r.ejerform,
      children0to2: r.born_0_2,
      children3to5: r.born_3_5,
      ...(r.enhedstype ? { unitType: r.enhedstype } : {}),
      ...(r.hoerer_under ? { parentInstitutionId: r.hoerer_under } : {}),
    });
    if (!institution.success) {
      problems.push(...institution.error.issues.map((i) => issueProblem(line, i)));
      continue;
    }
    const steps = Object.fromEntries(STEP_COLUMNS.map((c, k) => [THEME_IDS[k]!, r[c] as Step])) as Record<ThemeId, Step>;
    rows.push({ line, institution: institution.data, steps, unitColumns });
  }
  // The unit rule (shared/institution.ts), as the server and the form apply it: a parent from the
  // file itself, else one already stored.
  if (unitColumns && problems.length === 0) {
    const inFile = new Map(rows.map((r) => [r.institution.id, r.institution]));
    for (const r of rows) {
      const parentId = r.institution.parentInstitutionId;
      const parent = parentId === undefined ? undefined : (inFile.get(parentId) ?? ctx.existing?.get(parentId) ?? null);
      for (const p of unitProblems(r.institution, parent)) {
        // A missing parent is missing from the file and from the app alike.
        const key = p.key === 'validation:institution.parentMissing' ? 'import:problem.parentNowhere' : p.key;
        problems.push(problem(r.line, UNIT_COLUMN_OF[p.path] ?? p.path, key, p.params));
      }
    }
  }
  if (problems.length) return { ok: false, kind: 'institutions', problems };
  if (rows.length === 0) return { ok: false, kind: 'institutions', problems: [problem(2, undefined, 'import:problem.noInstitutions')] };
  return { ok: true, kind: 'institutions', rows };
}

/**
 * Parses an institutions file (the fixture's columns, in any order and letter case). On any problem:
 * no rows, every problem listed.
 */
export function parseInstitutionsImport(text: string, ctx: InstitutionImportContext = {}): ImportResult {
  const table = read(text);
  if ('message' in table) return { ok: false, kind: 'institutions', problems: [table] };
  const header = canonicalHeader(table.header, [...INSTITUTION_IMPORT_COLUMNS, ...INSTITUTION_UNIT_COLUMNS]);
  const problems = headerProblems(header, INSTITUTION_IMPORT_COLUMNS, INSTITUTION_UNIT_COLUMNS);
  if (problems.length) return { ok: false, kind: 'institutions', problems };
  return parseInstitutionTable({ ...table, header }, ctx);
}

/**
 * The institutions file's steps as historical final inspections on the given date (the file says only
 * "the 2020–21 round", so the user picks the date). Framework: the one given (normally v1).
 */
export function institutionStepsAsScores(
  rows: readonly InstitutionImportRow[],
  date: string,
  framework: Framework,
  now = new Date().toISOString(),
  source?: ImportSource,
): ScoreImportRow[] {
  const imported = importedMarker(source, now);
  return rows.map((r) => {
    const id = importedInspectionId(r.institution.id, date);
    return {
      line: r.line,
      inspection: InspectionSchema.parse({
        id,
        updatedAt: now,
        institutionId: r.institution.id,
        frameworkId: framework.id,
        visitType: 'anmeldt',
        kind: 'ordinaer',
        date,
        consultants: [UNKNOWN_CONSULTANT],
        status: 'endelig',
        imported,
      }),
      scores: THEME_IDS.map((themeId) =>
        ThemeScoreSchema.parse({ id: themeScoreId(id, themeId), updatedAt: now, inspectionId: id, themeId, step: r.steps[themeId] }),
      ),
    };
  });
}

/* ---------------------------------------------------------------- historical scores */

/** A theme cell: "1"–"4", or "iv:<reason>". */
const ThemeCellSchema = z
  .string()
  .trim()
  .min(1, { error: msg('import:problem.cellEmpty', { prefix: NOT_ASSESSED_PREFIX }) })
  .transform((v, ctx): { step: Step | null; reason: string } => {
    if (/^[1-4]$/.test(v)) return { step: Number(v) as Step, reason: '' };
    if (v.toLowerCase().startsWith(NOT_ASSESSED_PREFIX)) {
      const reason = v.slice(NOT_ASSESSED_PREFIX.length).trim();
      if (!reason) ctx.addIssue(keyedIssue('import:problem.cellNoReason', { prefix: NOT_ASSESSED_PREFIX }));
      else if (reason.length > 2000) ctx.addIssue(keyedIssue('import:problem.cellReasonMax', { max: 2000 }));
      return { step: null, reason };
    }
    ctx.addIssue(keyedIssue('import:problem.cellInvalid', { prefix: NOT_ASSESSED_PREFIX }));
    return z.NEVER;
  });

const ScoreRowSchema = z.object({
  institution_id: z.string().trim().min(1, { error: msg('import:problem.noInstitutionId') }),
  dato: ImportDateSchema,
  tilsynsform: z.string().transform(visitType).pipe(VisitTypeSchema),
  ramme_id: z.string().trim().min(1, { error: msg('import:problem.noFrameworkId') }),
  tilsynstype: z
    .string()
    .transform((v) => (v.trim() ? inspectionKind(v) : 'ordinaer'))
    .pipe(InspectionKindSchema),
  konsulenter: z.string().transform((v) =>
    v
      .split('|')
      .map((n) => n.trim())
      .filter(Boolean),
  ),
  ...(Object.fromEntries(THEME_IDS.map((t) => [t, ThemeCellSchema])) as Record<ThemeId, typeof ThemeCellSchema>),
});

function parseScoreTable(table: CsvTable, ctx: ScoreImportContext): ImportResult {
  const header = canonicalHeader(table.header, [...SCORE_IMPORT_REQUIRED, ...SCORE_IMPORT_OPTIONAL]);
  const problems = headerProblems(header, SCORE_IMPORT_REQUIRED, SCORE_IMPORT_OPTIONAL);
  if (problems.length) return { ok: false, kind: 'scores', problems };

  const now = ctx.now ?? new Date().toISOString();
  const imported = importedMarker(ctx.source, now);
  const rows: ScoreImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of table.rows) {
    if (isBlank(fields)) continue;
    if (fields.length !== header.length) {
      problems.push(problem(line, undefined, 'import:problem.fieldCount', { fields: fields.length, expected: header.length }));
      continue;
    }
    const record: Record<string, string> = { tilsynstype: '', konsulenter: '' };
    header.forEach((c, j) => (record[c] = readCsvField(fields[j]!)));
    const cpr = cprProblems(line, record);
    if (cpr.length) {
      problems.push(...cpr);
      continue;
    }
    const parsed = ScoreRowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push(...issuesToProblems(line, parsed.error, record));
      continue;
    }
    const r = parsed.data;
    const rowProblems: ImportProblem[] = [];
    if (!ctx.knownInstitutionIds.has(r.institution_id))
      rowProblems.push(problem(line, 'institution_id', 'import:problem.unknownInstitution', { id: r.institution_id }));
    const framework = ctx.frameworks.get(r.ramme_id);
    if (!framework)
      rowProblems.push(problem(line, 'ramme_id', 'import:problem.unknownFramework', { id: r.ramme_id, known: [...ctx.frameworks.keys()].join(', ') }));
    if (checkFinalDate({ status: 'endelig', date: r.dato }, ctx.today)) rowProblems.push(problem(line, 'dato', 'import:problem.finalInFuture', { date: r.dato }));
    const key = `${r.institution_id}\u0000${r.dato}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) rowProblems.push(problem(line, undefined, 'import:problem.duplicateVisit', { id: r.institution_id, date: r.dato, earlier }));
    if (rowProblems.length) {
      problems.push(...rowProblems);
      continue;
    }
    seen.set(key, line);

    const id = importedInspectionId(r.institution_id, r.dato);
    const inspection = InspectionSchema.safeParse({
      id,
      updatedAt: now,
      institutionId: r.institution_id,
      frameworkId: r.ramme_id,
      visitType: r.tilsynsform,
      kind: r.tilsynstype,
      date: r.dato,
      consultants: r.konsulenter.length ? r.konsulenter : [UNKNOWN_CONSULTANT],
      status: 'endelig',
      imported,
    });
    if (!inspection.success) {
      problems.push(...inspection.error.issues.map((i) => issueProblem(line, i, i.path[0] === 'consultants' ? 'konsulenter' : undefined)));
      continue;
    }
    const scores = THEME_IDS.map((themeId) => {
      const cell = r[themeId];
      return ThemeScoreSchema.parse({
        id: themeScoreId(id, themeId),
        updatedAt: now,
        inspectionId: id,
        themeId,
        step: cell.step,
        notAssessed: cell.step === null,
        notAssessedReason: cell.reason,
      });
    });
    rows.push({ line, inspection: inspection.data, scores });
  }
  if (problems.length) return { ok: false, kind: 'scores', problems };
  if (rows.length === 0) return { ok: false, kind: 'scores', problems: [problem(2, undefined, 'import:problem.noInspections')] };
  return { ok: true, kind: 'scores', rows };
}

/** Parses a historical theme-score file. On any problem: no rows, every problem listed. */
export function parseScoresImport(text: string, ctx: ScoreImportContext): ImportResult {
  const table = read(text);
  if ('message' in table) return { ok: false, kind: 'scores', problems: [table] };
  return parseScoreTable(table, ctx);
}

/** Which format a file is in, from its header line; null when neither. */
export function detectImportKind(text: string): ImportKind | null {
  const table = read(text);
  if ('message' in table) return null;
  const header = new Set(table.header.map((h) => h.toLowerCase()));
  if (header.has('institution_id')) return 'scores';
  // An institutions file with a column too many or too few is still one, so its message can name the column.
  if (header.has('id') && header.has('navn')) return 'institutions';
  return null;
}

/** Parses either format, telling them apart by the header line. */
export function parseImportCsv(text: string, ctx: ScoreImportContext): ImportResult {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, kind: null, problems: [problem(1, undefined, 'import:problem.empty')] };
  const kind = detectImportKind(text);
  if (kind === 'institutions') return parseInstitutionsImport(text, ctx);
  if (kind === 'scores') return parseScoresImport(text, ctx);
  const table = read(text);
  if ('message' in table) return { ok: false, kind: null, problems: [table] };
  return {
    ok: false,
    kind: null,
    problems: [problem(1, undefined, 'import:problem.unknownFormat', { institutions: INSTITUTION_IMPORT_COLUMNS.join(', '), scores: SCORE_IMPORT_REQUIRED.join('; ') })],
  };
}
