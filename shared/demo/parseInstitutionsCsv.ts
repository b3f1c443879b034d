import { z } from 'zod';
import { StepSchema, THEME_IDS, type Step, type ThemeId } from '../framework';
import { InstitutionSchema, InstitutionTypeSchema, OwnershipSchema, type Institution } from '../institution';

/** The columns of fixtures/institutions.csv, in order. T1…T7 follow the framework's theme order. */
export const INSTITUTIONS_CSV_COLUMNS = [
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

const STEP_COLUMNS = ['T1_org', 'T2_fys', 'T3_int', 'T4_leg', 'T5_rut', 'T6_komp', 'T7_ovg'] as const;
/** Which theme each step column scores (same order as THEME_IDS). */
export const STEP_COLUMN_THEME: Record<(typeof STEP_COLUMNS)[number], ThemeId> = Object.fromEntries(
  STEP_COLUMNS.map((c, i) => [c, THEME_IDS[i]!]),
) as Record<(typeof STEP_COLUMNS)[number], ThemeId>;

/** Demo districts. The fixture has none, so each institution gets one by a stable rule (see districtFor). */
export const DEMO_DISTRICTS = ['Nord', 'Øst', 'Syd', 'Vest'] as const;

/**
 * Deterministic district: the number in the id (DI-07 → 7) taken round the four districts, so every
 * district gets a mix of types and ownerships. Ids without a number fall back to a character sum.
 */
export function districtFor(id: string): string {
  const match = /(\d+)\s*$/.exec(id);
  const n = match ? Number(match[1]) - 1 : [...id].reduce((sum, ch) => sum + ch.codePointAt(0)!, 0);
  return DEMO_DISTRICTS[((n % 4) + 4) % 4]!;
}

const wholeNumber = z
  .string()
  .trim()
  .regex(/^\d+$/, { error: 'Antallet skal være et helt tal, der ikke er negativt' })
  .transform(Number);

const stepField = z
  .string()
  .trim()
  .regex(/^-?\d+$/, { error: 'Trinnet skal være et helt tal fra 1 til 4' })
  .transform(Number)
  .pipe(StepSchema);

const RowSchema = z.object({
  id: z.string().trim().min(1, { error: 'Institutionen mangler et id' }),
  navn: z.string().trim().min(1, { error: 'Institutionen mangler et navn' }),
  type: z.string().trim().pipe(InstitutionTypeSchema),
  ejerform: z.string().trim().pipe(OwnershipSchema),
  born_0_2: wholeNumber,
  born_3_5: wholeNumber,
  enheder: wholeNumber,
  kompetencecenter_pladser: wholeNumber,
  paed_social_inklusion: wholeNumber,
  T1_org: stepField,
  T2_fys: stepField,
  T3_int: stepField,
  T4_leg: stepField,
  T5_rut: stepField,
  T6_komp: stepField,
  T7_ovg: stepField,
});

export interface InstitutionRow {
  institution: Institution;
  /** The step per theme from the 2020–21 round in the file. */
  round2021: Record<ThemeId, Step>;
}

/** Thrown with every problem in the file, each as a Danish sentence with its line number. */
export class InstitutionsCsvError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Institutionsfilen kan ikke indlæses (${problems.length} fejl):\n${problems.join('\n')}`);
    this.name = 'InstitutionsCsvError';
  }
}

/** Splits one CSV line into fields; supports double-quoted fields with "" as an escaped quote. */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

/**
 * Parses the institutions file (the format of fixtures/institutions.csv). Every row is validated;
 * if anything is wrong, nothing is returned and an InstitutionsCsvError lists all problems.
 */
export function parseInstitutionsCsv(text: string): InstitutionRow[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const problems: string[] = [];
  const header = splitCsvLine(lines[0] ?? '')?.map((h) => h.trim()) ?? [];
  if (header.join(',') !== INSTITUTIONS_CSV_COLUMNS.join(',')) {
    throw new InstitutionsCsvError([
      `Linje 1: kolonnerne skal være ${INSTITUTIONS_CSV_COLUMNS.join(',')}, men er ${header.join(',') || '(tom)'}`,
    ]);
  }

  const rows: InstitutionRow[] = [];
  const seen = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = splitCsvLine(line);
    if (!fields) {
      problems.push(`Linje ${lineNo}: et anførselstegn er ikke lukket`);
      continue;
    }
    if (fields.length !== INSTITUTIONS_CSV_COLUMNS.length) {
      problems.push(`Linje ${lineNo}: har ${fields.length} felter, men skal have ${INSTITUTIONS_CSV_COLUMNS.length}`);
      continue;
    }
    const record = Object.fromEntries(INSTITUTIONS_CSV_COLUMNS.map((c, j) => [c, fields[j]!]));
    const parsed = RowSchema.safeParse(record);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        problems.push(`Linje ${lineNo}, kolonne ${column}: ${issue.message} (værdi: "${record[column] ?? ''}")`);
      }
      continue;
    }
    const row = parsed.data;
    const earlier = seen.get(row.id);
    if (earlier !== undefined) {
      problems.push(`Linje ${lineNo}: id "${row.id}" findes allerede i linje ${earlier}`);
      continue;
    }
    seen.set(row.id, lineNo);
    const institution = InstitutionSchema.safeParse({
      id: row.id,
      name: row.navn,
      type: row.type,
      ownership: row.ejerform,
      district: districtFor(row.id),
      children0to2: row.born_0_2,
      children3to5: row.born_3_5,
    });
    if (!institution.success) {
      for (const issue of institution.error.issues) problems.push(`Linje ${lineNo}: ${issue.message}`);
      continue;
    }
    const round2021 = Object.fromEntries(STEP_COLUMNS.map((c) => [STEP_COLUMN_THEME[c], row[c] as Step])) as Record<
      ThemeId,
      Step
    >;
    rows.push({ institution: institution.data, round2021 });
  }
  if (problems.length) throw new InstitutionsCsvError(problems);
  if (rows.length === 0) throw new InstitutionsCsvError(['Filen indeholder ingen institutioner']);
  return rows;
}
