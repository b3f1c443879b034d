import { readFileSync } from 'node:fs';
import path from 'node:path';
import { THEME_IDS, type Framework, type Step, type ThemeId } from '../../../shared/framework';
import { FRAMEWORK_V1 } from '../../../shared/frameworks/v1';
import type { Inspection, ThemeScore } from '../../../shared/inspection';

/** examples/institutions.csv: the fixture as copied into the project. */
export const EXAMPLE_CSV = readFileSync(path.resolve(import.meta.dirname, '../../../examples/institutions.csv'), 'utf8');

/** The step columns in theme order, as the fixture names them. */
export const STEP_COLUMNS: Record<ThemeId, string> = {
  'paedagogisk-organisering': 'T1_org',
  'fysiske-rammer': 'T2_fys',
  interaktion: 'T3_int',
  leg: 'T4_leg',
  rutiner: 'T5_rut',
  'boernenes-kompetencer': 'T6_komp',
  overgange: 'T7_ovg',
};

/**
 * Hand computation straight from the CSV text, with none of the app's code: split lines and commas,
 * count the steps of a column, sum them. This is what the dashboard's 2021 figures must equal.
 */
export function byHand(column: string, csv = EXAMPLE_CSV) {
  const [header, ...lines] = csv.trim().split('\n');
  const idx = header!.split(',').indexOf(column);
  if (idx < 0) throw new Error(`no column ${column}`);
  const counts: Record<Step, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  let sum = 0;
  for (const line of lines) {
    const step = Number(line.split(',')[idx]) as Step;
    counts[step]++;
    sum += step;
  }
  return { counts, n: lines.length, sum, mean: sum / lines.length };
}

/** A framework v2 whose scale was changed (new step meanings: not comparable), same theme ids. */
export const FRAMEWORK_V2_OTHER_SCALE: Framework = {
  ...FRAMEWORK_V1,
  id: 'v2',
  version: 2,
  name: 'Tilsynskoncept 2027 (ny skala)',
  validFrom: '2027-01-01',
  scale: { id: 'tilsyn-2027', labels: ['Utilstrækkelig', 'Kræver forbedring', 'God', 'Fremragende'] },
};

export function inspection(id: string, institutionId: string, date: string, extra: Partial<Inspection> = {}): Inspection {
  return {
    id,
    rev: 0,
    updatedAt: `${date}T12:00:00.000Z`,
    institutionId,
    frameworkId: 'v1',
    visitType: 'anmeldt',
    kind: 'ordinaer',
    date,
    consultants: ['Test Konsulent'],
    participants: [],
    status: 'endelig',
    ...extra,
  };
}

export function scores(inspectionId: string, step: Step | null, notAssessed: ThemeId[] = [], updatedAt = '2020-01-01T00:00:00.000Z'): ThemeScore[] {
  return THEME_IDS.map((themeId) => ({
    id: `${inspectionId}:${themeId}`,
    rev: 0,
    updatedAt,
    inspectionId,
    themeId,
    step: notAssessed.includes(themeId) ? null : step,
    notAssessed: notAssessed.includes(themeId),
    notAssessedReason: notAssessed.includes(themeId) ? 'Ikke observeret' : '',
    note: '',
  }));
}
