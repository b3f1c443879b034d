import { z } from 'zod';
import { latestFinalPerInstitution, themeStat, type ScoreFacts } from './aggregate';
import { compareIsoDates, formatNumericDate, monthsBefore } from './dates';
import { formatMean } from './format';
import { ThemeIdSchema, type Framework } from './framework';
import { msg, translate } from './i18n/i18n';
import { labelTable } from './i18n/labels';
import type { Inspection } from './inspection';

/**
 * Municipal goals on theme averages ("hæve daginstitutionernes gennemsnitlige score på pædagogisk
 * organisering fra 2,4 (2021) til 3,0"), kept as data: the forvaltning owns them, the server syncs them
 * as reference data, and the dashboard draws them as lines and status cards.
 */
/** Institutions are inspected at least every second year (dagtilbudsloven): a goal's round is 24 months. */
export const GOAL_ROUND_MONTHS = 24;
/** Default: half of the institutions in scope, and never fewer than five (the n < 5 rule of the averages). */
export const DEFAULT_GOAL_COVERAGE = { minShare: 0.5, minN: 5 } as const;

const year = z.number({ error: msg('validation:goal.year') }).int({ error: msg('validation:goal.wholeYear') }).min(2000, { error: msg('validation:goal.yearMin') }).max(2100, { error: msg('validation:goal.yearMax') });
const value = z.number({ error: msg('validation:goal.value') }).min(1, { error: msg('validation:goal.valueRange') }).max(4, { error: msg('validation:goal.valueRange') });

/** A goal's fields without the cross-field checks (for partial edits; GoalSchema checks the whole). */
export const GoalFieldsSchema = z.object({
  id: z.string().trim().min(1, { error: msg('validation:goal.id') }).max(200, { error: msg('validation:maxChars', { max: 200 }) }),
  themeId: ThemeIdSchema,
  title: z.string().trim().min(1, { error: msg('validation:goal.title') }).max(300, { error: msg('validation:maxChars', { max: 300 }) }),
  baselineValue: value,
  baselineYear: year,
  targetValue: value,
  targetYear: year,
  /** Goals are set on one scale ("tilsynskonceptets 4-trins skala"); averages on another scale are never compared with them. */
  scaleId: z.string().min(1).default('tilsyn-4-trin'),
  /** A measurement covers this many months up to its date: institutions are inspected every second year. */
  roundMonths: z.number().int().min(1).max(120).default(GOAL_ROUND_MONTHS),
  /** When a measurement has enough data to set the status (see measurementCounts). */
  coverage: z
    .object({
      /** Share of the institutions in scope that must be behind the mean (0–1). */
      minShare: z.number().min(0, { error: msg('validation:goal.share') }).max(1, { error: msg('validation:goal.share') }),
      /** And at least this many institutions. */
      minN: z.number().int().min(1, { error: msg('validation:goal.minN') }),
    })
    .default(DEFAULT_GOAL_COVERAGE),
  /** Institutions the goal is about; all when absent. */
  institutionIds: z.array(z.string().min(1)).max(10_000).optional(),
  /** A retired goal is kept (its history) but no longer shown on the dashboard. */
  retired: z.boolean().default(false),
  rev: z.number().int().min(0).default(0),
});

export const GoalSchema = GoalFieldsSchema.refine((g) => g.targetYear > g.baselineYear, { error: msg('validation:goal.targetAfterBaseline'), path: ['targetYear'] }).refine((g) => g.targetValue !== g.baselineValue, { error: msg('validation:goal.targetDiffers'), path: ['targetValue'] });
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

export const GOAL_STATUSES = ['naaet', 'paa_sporet', 'i_risiko', 'ikke_paa_sporet'] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export const GOAL_STATUS_LABELS: Readonly<Record<GoalStatus, string>> = labelTable(GOAL_STATUSES, (c) => `dashboard:goals.status.${c}`);

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
  /** Why, as a code and its years (computed in the dashboard's worker; goalReasonText words it on screen). */
  reason: GoalReason;
}

/** Why a goal has its status: a resource key under `dashboard:goals.reason` and the years it names. */
export type GoalReason =
  | { code: 'none_after_deadline'; baselineYear: number; targetYear: number }
  | { code: 'none_yet'; baselineYear: number }
  | { code: 'reached'; year: number }
  | { code: 'deadline_passed'; targetYear: number }
  | { code: 'on_track'; year: number }
  | { code: 'behind_realistic' }
  | { code: 'not_realistic'; targetYear: number };

/** "Målet er nået i 2026": the reason in the UI language (one sentence, no full stop). */
export function goalReasonText(reason: GoalReason): string {
  const { code, ...years } = reason;
  return translate(`dashboard:goals.reason.${code}`, years);
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
 * 2. `latest` has reached the target (d·(mean − target) ≥ −tol): 'naaet'.
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
      ? { status: 'ikke_paa_sporet', latest, expected: null, reason: { code: 'none_after_deadline', baselineYear: goal.baselineYear, targetYear: goal.targetYear } }
      : { status: 'paa_sporet', latest, expected: null, reason: { code: 'none_yet', baselineYear: goal.baselineYear } };
  }
  const expected = expectedValue(goal, latest.year);
  if (d * (latest.mean - goal.targetValue) >= -GOAL_TOLERANCE)
    return { status: 'naaet', latest, expected, reason: { code: 'reached', year: latest.year } };
  if (deadlineOver || latest.year >= goal.targetYear)
    return { status: 'ikke_paa_sporet', latest, expected, reason: { code: 'deadline_passed', targetYear: goal.targetYear } };
  if (d * (latest.mean - expected) >= -GOAL_TOLERANCE)
    return { status: 'paa_sporet', latest, expected, reason: { code: 'on_track', year: latest.year } };
  const neededPace = (goal.targetValue - latest.mean) / (goal.targetYear - latest.year);
  const plannedPace = (goal.targetValue - goal.baselineValue) / (goal.targetYear - goal.baselineYear);
  return neededPace / plannedPace <= REALISTIC_PACE_FACTOR + 1e-9
    ? { status: 'i_risiko', latest, expected, reason: { code: 'behind_realistic' } }
    : { status: 'ikke_paa_sporet', latest, expected, reason: { code: 'not_realistic', targetYear: goal.targetYear } };
}

export function goalStatus(goal: Goal, series: readonly SeriesPoint[], currentYear: number): GoalStatus {
  return assessGoal(goal, series, currentYear).status;
}

/* ---------------------------------------------------------------- measuring a goal over its rounds */

/** What a goal is measured on: the dashboard's index has these fields. */
export interface GoalData {
  institutions: readonly { id: string }[];
  finalInspections: readonly Inspection[];
  scoresByInspection: ReadonlyMap<string, readonly ScoreFacts[]>;
  frameworks: ReadonlyMap<string, Framework>;
}

/** One measurement of a goal's theme: each institution's latest final inspection in (from − 1 day, to]. */
export interface GoalMeasurement {
  /** The year the measurement is read in (its `to`). */
  year: number;
  /** Inclusive ISO dates: `roundMonths` months up to `to`. */
  from: string;
  to: string;
  /** The round's length in months (the goal's roundMonths); measurementLabel names the round. */
  roundMonths: number;
  /** sum / n, null when n = 0. */
  mean: number | null;
  sum: number;
  /** Institutions in scope behind the mean (the theme assessed). */
  n: number;
  /** Institutions in the goal's scope. */
  inScope: number;
  /** Enough data for the status: n ≥ coverage.minN and n ≥ coverage.minShare × inScope. */
  counts: boolean;
}

function dayAfter(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** "2020–21" for a round that ends on 31 December; "24 mdr. til 23.11.2026" for the reading on a day (UI language). */
export function measurementLabel(m: Pick<GoalMeasurement, 'to' | 'roundMonths'>): string {
  const { to, roundMonths } = m;
  if (to.endsWith('-12-31') && roundMonths % 12 === 0) {
    const last = Number(to.slice(0, 4));
    const first = last - roundMonths / 12 + 1;
    return first === last ? String(last) : `${first}–${String(last).slice(2)}`;
  }
  return translate('dashboard:goals.monthsTo', { months: roundMonths, date: formatNumericDate(to) });
}

/** Does a measurement have enough data to set the goal's status? */
export function measurementCounts(n: number, inScope: number, coverage: Goal['coverage']): boolean {
  return n >= coverage.minN && n >= Math.ceil(coverage.minShare * inScope - 1e-9);
}

/**
 * The goal's theme measured at the end of every year from its baseline year (or `readOn`'s year, if
 * earlier) to the year of `readOn`, the last one on `readOn` itself. Each measurement spans the goal's
 * round (24 months) up to its date, over the institutions in the goal's scope, on the goal's scale.
 */
export function measureGoal(goal: Goal, data: GoalData, readOn: string): GoalMeasurement[] {
  const scope = goal.institutionIds ? new Set(goal.institutionIds) : null;
  const inScope = scope ? data.institutions.filter((i) => scope.has(i.id)).length : data.institutions.length;
  const institutionIds = scope ?? new Set(data.institutions.map((i) => i.id));
  const readYear = Number(readOn.slice(0, 4));
  const firstYear = Math.min(goal.baselineYear, readYear);
  // The windows overlap and slide a year at a time: sort the inspections that can fall in any of
  // them once, and hand each window only its own slice (at 4,000 institutions × 10 years a full scan
  // per window and goal cost the dashboard a few hundred milliseconds).
  const earliest = dayAfter(monthsBefore(firstYear < readYear ? `${firstYear}-12-31` : readOn, goal.roundMonths));
  // Only those on the goal's scale and in its scope, checked once here rather than in every window.
  const candidates = data.finalInspections
    .filter((i) => i.date >= earliest && i.date <= readOn && institutionIds.has(i.institutionId) && data.frameworks.get(i.frameworkId)?.scale.id === goal.scaleId)
    .sort((a, b) => compareIsoDates(a.date, b.date));
  const firstOnOrAfter = (date: string) => {
    let lo = 0;
    let hi = candidates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (candidates[mid]!.date < date) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out: GoalMeasurement[] = [];
  for (let year = firstYear; year <= readYear; year++) {
    const to = year < readYear ? `${year}-12-31` : readOn;
    const from = dayAfter(monthsBefore(to, goal.roundMonths));
    const inWindow = candidates.slice(firstOnOrAfter(from), firstOnOrAfter(dayAfter(to)));
    const latest = latestFinalPerInstitution(inWindow, { from, to }, data.frameworks, goal.scaleId);
    const stat = themeStat(latest.values(), data.scoresByInspection, goal.themeId);
    const sum = stat.counts[1] + 2 * stat.counts[2] + 3 * stat.counts[3] + 4 * stat.counts[4];
    out.push({
      year,
      from,
      to,
      roundMonths: goal.roundMonths,
      mean: stat.mean,
      sum,
      n: stat.n,
      inScope,
      counts: measurementCounts(stat.n, inScope, goal.coverage),
    });
  }
  return out;
}

export interface GoalReading extends GoalAssessment {
  measurements: GoalMeasurement[];
  /** The measurement the status is based on: the latest one after the baseline year that counts. */
  basis: GoalMeasurement | null;
  /** The reading on the day, when it has too little data to count (thinText words it). */
  thin: { measurement: GoalMeasurement } | null;
  /** The measured value of the baseline round, when it shows differently from the stated baseline. */
  measuredBaseline: GoalMeasurement | null;
}

/** "For få tilsyn (n = 1 af 40)" (UI language) */
export function thinText(m: Pick<GoalMeasurement, 'n' | 'inScope'>): string {
  return translate('dashboard:goals.tooFew', { n: m.n, inScope: m.inScope });
}

/**
 * A goal as read on a date: measured over its rounds, with the status taken only from measurements
 * that have enough data (assessGoal on those), so one inspection in a new round never sets it.
 */
export function readGoal(goal: Goal, data: GoalData, readOn: string): GoalReading {
  const measurements = measureGoal(goal, data, readOn);
  const counting = measurements.filter((m) => m.counts && m.mean !== null);
  const assessment = assessGoal(goal, counting, Number(readOn.slice(0, 4)));
  const basis = assessment.latest ? (counting.find((m) => m.year === assessment.latest!.year) ?? null) : null;
  const last = measurements.at(-1);
  const thin = last && !last.counts ? { measurement: last } : null;
  const base = measurements.find((m) => m.year === goal.baselineYear && m.mean !== null);
  const measuredBaseline = base && formatMean(base.mean, base.n) !== formatMean(goal.baselineValue) ? base : null;
  return { ...assessment, measurements, basis, thin, measuredBaseline };
}
