import { z } from 'zod';
import { ThemeIdSchema } from './framework';

/**
 * Municipal goals on theme averages ("hæve daginstitutionernes gennemsnitlige score på pædagogisk
 * organisering fra 2,4 (2021) til 3,0"), kept as data: the forvaltning owns them, the server syncs them
 * as reference data, and the dashboard draws them as lines and status cards.
 */
const year = z.number({ error: 'Angiv et årstal' }).int({ error: 'Årstallet skal være et helt tal' }).min(2000, { error: 'Årstallet skal være 2000 eller senere' }).max(2100, { error: 'Årstallet skal være før 2100' });
const value = z.number({ error: 'Angiv en værdi' }).min(1, { error: 'Værdien skal være mellem 1 og 4' }).max(4, { error: 'Værdien skal være mellem 1 og 4' });

export const GoalSchema = z
  .object({
    id: z.string().trim().min(1, { error: 'Målet mangler et id' }),
    themeId: ThemeIdSchema,
    title: z.string().trim().min(1, { error: 'Målet mangler en titel' }).max(300, { error: 'Højst 300 tegn' }),
    baselineValue: value,
    baselineYear: year,
    targetValue: value,
    targetYear: year,
    /** Goals are set on one scale ("tilsynskonceptets 4-trins skala"); averages on another scale are never compared with them. */
    scaleId: z.string().min(1).default('tilsyn-4-trin'),
    rev: z.number().int().min(0).default(0),
  })
  .refine((g) => g.targetYear > g.baselineYear, { error: 'Målåret skal ligge efter baselineåret', path: ['targetYear'] })
  .refine((g) => g.targetValue !== g.baselineValue, { error: 'Målet skal være forskelligt fra baseline', path: ['targetValue'] });
export type Goal = z.infer<typeof GoalSchema>;

/** The two goals of the seeds (Gentofte 2022, 000:872-881), on the 4-step scale, target year 2025. */
export const DEMO_GOALS: readonly Goal[] = [
  GoalSchema.parse({
    id: 'maal-paedagogisk-organisering',
    themeId: 'paedagogisk-organisering',
    title: 'Hæve den gennemsnitlige score på pædagogisk organisering fra 2,4 til 3,0',
    baselineValue: 2.4,
    baselineYear: 2021,
    targetValue: 3.0,
    targetYear: 2025,
  }),
  GoalSchema.parse({
    id: 'maal-boernenes-kompetencer',
    themeId: 'boernenes-kompetencer',
    title: 'Hæve den gennemsnitlige score på børnenes kompetencer fra 2,6 til 3,0',
    baselineValue: 2.6,
    baselineYear: 2021,
    targetValue: 3.0,
    targetYear: 2025,
  }),
];

export const GOAL_STATUSES = ['paa_sporet', 'i_risiko', 'ikke_paa_sporet'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Record<GoalStatus, string> = {
  paa_sporet: 'På sporet',
  i_risiko: 'I risiko',
  ikke_paa_sporet: 'Ikke på sporet',
};

/** Behind the trajectory is still "realistic" while the pace needed from now on is at most this multiple of the planned pace. */
export const REALISTIC_PACE_FACTOR = 2;
/** Means are published with two decimals: a difference smaller than this is no difference. */
export const GOAL_TOLERANCE = 0.005;

export interface SeriesPoint {
  year: number;
  mean: number | null;
}

/** The planned trajectory: a straight line from baseline to target, flat at the target after the target year. */
export function expectedValue(goal: Pick<Goal, 'baselineValue' | 'baselineYear' | 'targetValue' | 'targetYear'>, year: number): number {
  if (year <= goal.baselineYear) return goal.baselineValue;
  if (year >= goal.targetYear) return goal.targetValue;
  return goal.baselineValue + ((goal.targetValue - goal.baselineValue) * (year - goal.baselineYear)) / (goal.targetYear - goal.baselineYear);
}

export interface GoalAssessment {
  status: GoalStatus;
  /** The measurement the status is based on; null when there is none after the baseline year. */
  latest: { year: number; mean: number } | null;
  /** Where the trajectory says the average should be in the latest measurement's year. */
  expected: number | null;
  /** Why, in one Danish sentence. */
  reason: string;
}

/**
 * Status of a goal from its series of averages (the spirit of Ballerup's three smileys: reached /
 * not reached but still realistic / not realistic, 004:8-41).
 *
 * Let `d` be the goal's direction (+1 when the target is above the baseline, −1 when below), and
 * `latest` the measurement with the greatest year in (baselineYear, currentYear] that has a mean.
 * Comparisons allow GOAL_TOLERANCE (0,005: the published two decimals).
 *
 * 1. No measurement after the baseline year: the baseline lies on its own trajectory, so
 *    'paa_sporet' while currentYear < targetYear, and 'ikke_paa_sporet' once the target year is
 *    over (currentYear > targetYear) with nothing measured.
 * 2. `latest` has reached the target (d·(mean − target) ≥ −tol): 'paa_sporet'.
 * 3. The target year is over (currentYear > targetYear), or `latest` is from the target year or later,
 *    and the target is not reached: 'ikke_paa_sporet'.
 * 4. `latest` is on or ahead of the straight line from baseline to target
 *    (d·(mean − expected(latest.year)) ≥ −tol): 'paa_sporet'.
 * 5. Behind the line: the pace still needed, (target − mean) / (targetYear − latest.year), is
 *    compared with the planned pace, (target − baseline) / (targetYear − baselineYear). At most
 *    REALISTIC_PACE_FACTOR (2) times the planned pace: 'i_risiko' (behind, but still realistic);
 *    more: 'ikke_paa_sporet'.
 */
export function assessGoal(goal: Goal, series: readonly SeriesPoint[], currentYear: number): GoalAssessment {
  const d = Math.sign(goal.targetValue - goal.baselineValue);
  let latest: { year: number; mean: number } | null = null;
  for (const p of series) {
    if (p.mean === null || p.year <= goal.baselineYear || p.year > currentYear) continue;
    if (!latest || p.year > latest.year) latest = { year: p.year, mean: p.mean };
  }
  const deadlineOver = currentYear > goal.targetYear;
  if (!latest) {
    return deadlineOver
      ? { status: 'ikke_paa_sporet', latest, expected: null, reason: `Der er ingen måling efter ${goal.baselineYear}, og målåret ${goal.targetYear} er forbi` }
      : { status: 'paa_sporet', latest, expected: null, reason: `Der er endnu ingen måling efter baseline ${goal.baselineYear}` };
  }
  const expected = expectedValue(goal, latest.year);
  if (d * (latest.mean - goal.targetValue) >= -GOAL_TOLERANCE)
    return { status: 'paa_sporet', latest, expected, reason: `Målet er nået i ${latest.year}` };
  if (deadlineOver || latest.year >= goal.targetYear)
    return { status: 'ikke_paa_sporet', latest, expected, reason: `Målåret ${goal.targetYear} er gået, uden at målet er nået` };
  if (d * (latest.mean - expected) >= -GOAL_TOLERANCE)
    return { status: 'paa_sporet', latest, expected, reason: `Gennemsnittet i ${latest.year} følger eller overgår den planlagte udvikling` };
  const neededPace = (goal.targetValue - latest.mean) / (goal.targetYear - latest.year);
  const plannedPace = (goal.targetValue - goal.baselineValue) / (goal.targetYear - goal.baselineYear);
  return neededPace / plannedPace <= REALISTIC_PACE_FACTOR + 1e-9
    ? { status: 'i_risiko', latest, expected, reason: `Bagud i forhold til den planlagte udvikling, men målet kan stadig nås` }
    : { status: 'ikke_paa_sporet', latest, expected, reason: `Så langt bagud, at målet ikke er realistisk inden ${goal.targetYear}` };
}

export function goalStatus(goal: Goal, series: readonly SeriesPoint[], currentYear: number): GoalStatus {
  return assessGoal(goal, series, currentYear).status;
}
