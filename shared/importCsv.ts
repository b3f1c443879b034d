import { z } from 'zod';
import { CsvSyntaxError, readCsv, readCsvField, type CsvTable } from './csv';
import { IsoDateSchema } from './dates';
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
import { InstitutionSchema, InstitutionTypeSchema, OwnershipSchema, type Institution } from './institution';

/*
 * CSV import of institutions and of historical theme scores (formats in docs/import-format.md).
 *
 * Every row is validated with zod. Problems are collected for the whole file, each as a Danish
 * sentence with its line number (and column), and if there is any problem the result carries no
 * rows at all: the caller has nothing to write, so a half-imported file cannot happen.
 */

export type ImportKind = 'institutions' | 'scores';

export interface ImportProblem {
  /** 1-based line in the file; the header is line 1. */
  line: number;
  column?: string;
  message: string;
}

export function formatProblem(p: ImportProblem): string {
  return `Linje ${p.line}${p.column ? `, kolonne ${p.column}` : ''}: ${p.message}`;
}

export interface InstitutionImportRow {
  line: number;
  institution: Institution;
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

export interface ScoreImportContext {
  /** Institutions a score row may name: those in the database. */
  knownInstitutionIds: ReadonlySet<string>;
  frameworks: ReadonlyMap<string, Framework>;
  /** ISO date: a final inspection cannot be dated after it. */
  today: string;
  /** Stamp for updatedAt; defaults to the current time. */
  now?: string;
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

/** Historical theme scores: these columns (any order), one column per theme id, optional ones after. */
export const SCORE_IMPORT_REQUIRED = ['institution_id', 'dato', 'tilsynsform', 'ramme_id', ...THEME_IDS] as const;
export const SCORE_IMPORT_OPTIONAL = ['tilsynstype', 'konsulenter'] as const;
/** Consultants of a historical visit are often unknown; the report then says so. */
export const UNKNOWN_CONSULTANT = 'Ikke oplyst (importeret)';
/** Prefix of a "ikke vurderet" cell: iv:<begrundelse>. */
export const NOT_ASSESSED_PREFIX = 'iv:';

/** Ids of imported inspections are derived from institution and date, so importing a file again replaces, never duplicates. */
export function importedInspectionId(institutionId: string, date: string): string {
  return `import-${institutionId}-${date}`;
}

function issuesToProblems(line: number, error: z.ZodError, record: Record<string, string>): ImportProblem[] {
  return error.issues.map((issue) => {
    const column = String(issue.path[0] ?? '');
    const value = record[column];
    return { line, column: column || undefined, message: value === undefined ? issue.message : `${issue.message} (værdi: "${value}")` };
  });
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '');
}

function read(text: string): CsvTable | ImportProblem {
  try {
    return readCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) return { line: e.line, message: 'et anførselstegn er ikke lukket' };
    throw e;
  }
}

/* ---------------------------------------------------------------- institutions */

const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: 'Antallet skal være et helt tal, der ikke er negativt' })
  .transform(Number);

const stepText = z
  .string()
  .trim()
  .regex(/^-?\d+$/, { error: 'Trinnet skal være et helt tal fra 1 til 4' })
  .transform(Number)
  .pipe(StepSchema);

const InstitutionRowSchema = z.object({
  id: z.string().trim().min(1, { error: 'Institutionen mangler et id' }),
  navn: z.string().trim().min(1, { error: 'Institutionen mangler et navn' }),
  type: z.string().trim().pipe(InstitutionTypeSchema),
  ejerform: z.string().trim().pipe(OwnershipSchema),
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
});

const STEP_COLUMNS = ['T1_org', 'T2_fys', 'T3_int', 'T4_leg', 'T5_rut', 'T6_komp', 'T7_ovg'] as const;

function parseInstitutionTable(table: CsvTable): ImportResult {
  const problems: ImportProblem[] = [];
  const rows: InstitutionImportRow[] = [];
  const seen = new Map<string, number>();
  const width = INSTITUTION_IMPORT_COLUMNS.length;
  for (const { line, fields } of table.rows) {
    if (isBlank(fields)) continue;
    if (fields.length !== width) {
      problems.push({ line, message: `har ${fields.length} felter, men skal have ${width}` });
      continue;
    }
    const record = Object.fromEntries(INSTITUTION_IMPORT_COLUMNS.map((c, j) => [c, readCsvField(fields[j]!)])) as Record<string, string>;
    const parsed = InstitutionRowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push(...issuesToProblems(line, parsed.error, record));
      continue;
    }
    const r = parsed.data;
    const earlier = seen.get(r.id);
    if (earlier !== undefined) {
      problems.push({ line, column: 'id', message: `id "${r.id}" findes allerede i linje ${earlier}` });
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
    });
    if (!institution.success) {
      problems.push(...institution.error.issues.map((i) => ({ line, message: i.message })));
      continue;
    }
    const steps = Object.fromEntries(STEP_COLUMNS.map((c, k) => [THEME_IDS[k]!, r[c] as Step])) as Record<ThemeId, Step>;
    rows.push({ line, institution: institution.data, steps });
  }
  if (problems.length) return { ok: false, kind: 'institutions', problems };
  if (rows.length === 0) return { ok: false, kind: 'institutions', problems: [{ line: 2, message: 'filen indeholder ingen institutioner' }] };
  return { ok: true, kind: 'institutions', rows };
}

/** Parses an institutions file (the fixture's format). On any problem: no rows, every problem listed. */
export function parseInstitutionsImport(text: string): ImportResult {
  const table = read(text);
  if ('message' in table) return { ok: false, kind: 'institutions', problems: [table] };
  if (table.header.join(',') !== INSTITUTION_IMPORT_COLUMNS.join(','))
    return {
      ok: false,
      kind: 'institutions',
      problems: [{ line: 1, message: `kolonnerne skal være ${INSTITUTION_IMPORT_COLUMNS.join(',')}, men er ${table.header.join(table.separator) || '(tom)'}` }],
    };
  return parseInstitutionTable(table);
}

/**
 * The institutions file's steps as historical final inspections on the given date (the file says only
 * "the 2020–21 round", so the user picks the date). Framework: the one given (normally v1).
 */
export function institutionStepsAsScores(rows: readonly InstitutionImportRow[], date: string, framework: Framework, now = new Date().toISOString()): ScoreImportRow[] {
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
      }),
      scores: THEME_IDS.map((themeId) =>
        ThemeScoreSchema.parse({ id: themeScoreId(id, themeId), updatedAt: now, inspectionId: id, themeId, step: r.steps[themeId] }),
      ),
    };
  });
}

/* ---------------------------------------------------------------- historical scores */

const cellMessage = `skal være et trin fra 1 til 4 eller ${NOT_ASSESSED_PREFIX}<begrundelse> (ikke vurderet)`;

/** A theme cell: "1"–"4", or "iv:<reason>". */
const ThemeCellSchema = z
  .string()
  .trim()
  .min(1, { error: `Feltet er tomt: det ${cellMessage}` })
  .transform((v, ctx): { step: Step | null; reason: string } => {
    if (/^[1-4]$/.test(v)) return { step: Number(v) as Step, reason: '' };
    if (v.toLowerCase().startsWith(NOT_ASSESSED_PREFIX)) {
      const reason = v.slice(NOT_ASSESSED_PREFIX.length).trim();
      if (!reason) ctx.addIssue({ code: 'custom', message: `Skriv en begrundelse efter ${NOT_ASSESSED_PREFIX}, når temaet ikke er vurderet` });
      else if (reason.length > 2000) ctx.addIssue({ code: 'custom', message: 'Begrundelsen må højst have 2000 tegn' });
      return { step: null, reason };
    }
    ctx.addIssue({ code: 'custom', message: `Værdien ${cellMessage}` });
    return z.NEVER;
  });

const ScoreRowSchema = z.object({
  institution_id: z.string().trim().min(1, { error: 'Institutionens id mangler' }),
  dato: z.string().trim().pipe(IsoDateSchema),
  tilsynsform: z.string().trim().toLowerCase().pipe(VisitTypeSchema),
  ramme_id: z.string().trim().min(1, { error: 'Rammens id mangler' }),
  tilsynstype: z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v || 'ordinaer')
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
  const problems: ImportProblem[] = [];
  const header = table.header;
  const known = new Set<string>([...SCORE_IMPORT_REQUIRED, ...SCORE_IMPORT_OPTIONAL]);
  const missing = SCORE_IMPORT_REQUIRED.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !known.has(c));
  const duplicated = header.filter((c, i) => header.indexOf(c) !== i);
  if (missing.length) problems.push({ line: 1, message: `kolonnerne ${missing.join(', ')} mangler` });
  if (unknown.length) problems.push({ line: 1, message: `ukendte kolonner: ${unknown.join(', ')}` });
  if (duplicated.length) problems.push({ line: 1, message: `kolonnerne ${[...new Set(duplicated)].join(', ')} står der flere gange` });
  if (problems.length) return { ok: false, kind: 'scores', problems };

  const now = ctx.now ?? new Date().toISOString();
  const rows: ScoreImportRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of table.rows) {
    if (isBlank(fields)) continue;
    if (fields.length !== header.length) {
      problems.push({ line, message: `har ${fields.length} felter, men skal have ${header.length}` });
      continue;
    }
    const record: Record<string, string> = { tilsynstype: '', konsulenter: '' };
    header.forEach((c, j) => (record[c] = readCsvField(fields[j]!)));
    const parsed = ScoreRowSchema.safeParse(record);
    if (!parsed.success) {
      problems.push(...issuesToProblems(line, parsed.error, record));
      continue;
    }
    const r = parsed.data;
    const rowProblems: ImportProblem[] = [];
    if (!ctx.knownInstitutionIds.has(r.institution_id))
      rowProblems.push({ line, column: 'institution_id', message: `institutionen "${r.institution_id}" findes ikke. Importér institutionerne først` });
    const framework = ctx.frameworks.get(r.ramme_id);
    if (!framework)
      rowProblems.push({ line, column: 'ramme_id', message: `tilsynskonceptet "${r.ramme_id}" kendes ikke (kendte: ${[...ctx.frameworks.keys()].join(', ')})` });
    const future = checkFinalDate({ status: 'endelig', date: r.dato }, ctx.today);
    if (future) rowProblems.push({ line, column: 'dato', message: `${future} (${r.dato})` });
    const key = `${r.institution_id}\u0000${r.dato}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) rowProblems.push({ line, message: `institution ${r.institution_id} har allerede et tilsyn den ${r.dato} i linje ${earlier}` });
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
    });
    if (!inspection.success) {
      problems.push(...inspection.error.issues.map((i) => ({ line, column: i.path[0] === 'consultants' ? 'konsulenter' : undefined, message: i.message })));
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
  if (rows.length === 0) return { ok: false, kind: 'scores', problems: [{ line: 2, message: 'filen indeholder ingen tilsyn' }] };
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
  if (table.header.join(',') === INSTITUTION_IMPORT_COLUMNS.join(',')) return 'institutions';
  if (table.header.includes('institution_id') && table.header.includes('dato')) return 'scores';
  return null;
}

/** Parses either format, telling them apart by the header line. */
export function parseImportCsv(text: string, ctx: ScoreImportContext): ImportResult {
  if (text.replace(/^\uFEFF/, '').trim() === '') return { ok: false, kind: null, problems: [{ line: 1, message: 'filen er tom' }] };
  const kind = detectImportKind(text);
  if (kind === 'institutions') return parseInstitutionsImport(text);
  if (kind === 'scores') return parseScoresImport(text, ctx);
  const table = read(text);
  if ('message' in table) return { ok: false, kind: null, problems: [table] };
  return {
    ok: false,
    kind: null,
    problems: [
      {
        line: 1,
        message:
          `kolonnerne passer hverken til institutioner (${INSTITUTION_IMPORT_COLUMNS.join(',')}) ` +
          `eller til temascorer (${SCORE_IMPORT_REQUIRED.join(';')}). Se docs/import-format.md`,
      },
    ],
  };
}
