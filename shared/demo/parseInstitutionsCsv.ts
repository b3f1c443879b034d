import type { Step, ThemeId } from '../framework';
import { INSTITUTION_IMPORT_COLUMNS, formatProblem, parseInstitutionsImport } from '../importCsv';
import type { Institution } from '../institution';

/** The columns of fixtures/institutions.csv, in order (defined with the import that reads them). */
export const INSTITUTIONS_CSV_COLUMNS = INSTITUTION_IMPORT_COLUMNS;

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

/**
 * Parses the institutions file (the format of fixtures/institutions.csv) with the same parser as the
 * app's import, and gives each institution its demo district. If anything is wrong, nothing is
 * returned and an InstitutionsCsvError lists every problem with its line number.
 */
export function parseInstitutionsCsv(text: string): InstitutionRow[] {
  const result = parseInstitutionsImport(text);
  if (!result.ok) throw new InstitutionsCsvError(result.problems.map(formatProblem));
  if (result.kind !== 'institutions') throw new InstitutionsCsvError(['Filen er ikke en institutionsfil']);
  return result.rows.map((row) => ({ institution: { ...row.institution, district: districtFor(row.institution.id) }, round2021: row.steps }));
}
