import type { Dashboard, DashboardFilters, DashboardOptions } from '../../../shared/dashboard';
import { matchesInstitutionFilters, type DashboardIndex } from '../../../shared/dashboard';
import { readGoal, type Goal, type GoalData, type GoalReading } from '../../../shared/goals';
import { DEFAULT_RAMME_RULES, rammeInForce, type Tilsynsramme } from '../../../shared/tilsynsramme';
import { visitMixOverview, type VisitMixOverview } from '../../../shared/visitMix';

/** Page → worker, first: open this database and start reading (before the page knows its filters). */
export interface DashboardOpen {
  type: 'open';
  databaseName: string;
}

/**
 * Page → worker: the first result is painted. What can wait for that waits for it: the engine's read
 * when a stored result was shown, and storing a result (both cost the page CPU it needs to paint).
 */
export interface DashboardPainted {
  type: 'painted';
  databaseName: string;
}

/** Page → worker: which database, and the filters to compute with (sent again on every change). */
export interface DashboardRequest {
  type?: undefined;
  databaseName: string;
  filters: DashboardFilters;
  options: DashboardOptions;
  /** The day goals are read on (the end of the chosen period, or today). */
  goalsReadOn: string;
}

/** Worker → page: the figures for the latest request, again after every change to the data. */
export type DashboardResult =
  | { type: 'result'; dashboard: Dashboard; years: number[]; districts: string[]; institutionTotal: number; goals: Goal[]; goalReadings: Record<string, GoalReading>; visitMix: VisitMixOverview; timings: DashboardTimings }
  /** The goal readings for the latest result, sent right after it: the figures are shown without waiting for them. */
  | { type: 'goals'; goalReadings: Record<string, GoalReading> }
  | { type: 'error'; message: string };

/** Where the worker's time went for this result, in ms (the benchmark reads them from a performance mark). */
export interface DashboardTimings {
  /** Worker start to its first read beginning (0 after the first result). */
  startup: number;
  /** Loading the engine (dashboardEngine.ts) beside the first read (0 after the first result). */
  engine: number;
  /** Reading the summaries from IndexedDB, or the stored result when `cached` (0 when only the filters changed). */
  read: number;
  index: number;
  compute: number;
  /** Answered from the result stored at the last opening (dashboardCache.ts), the data being unchanged. */
  cached: boolean;
  /** When the worker posted it (performance.timeOrigin + now: comparable across the page and the worker). */
  postedAt: number;
}

/** Each goal read on `readOn` from the full index (computed beside the figures, off the main thread). */
export function readGoals(goals: readonly Goal[], data: GoalData, readOn: string): Record<string, GoalReading> {
  return Object.fromEntries(goals.map((g) => [g.id, readGoal(g, data, readOn)]));
}

/** Announced and unannounced visits of the institutions shown, with the cycle of the tilsynsramme in force today. */
export function visitMixOf(index: DashboardIndex, filters: DashboardFilters, rammer: readonly Tilsynsramme[], today: string): VisitMixOverview {
  const ramme = rammeInForce(rammer, today);
  return visitMixOverview({
    institutions: index.institutions.filter((i) => matchesInstitutionFilters(i, filters)),
    visitsOf: (id) => index.inspectionsByInstitution.get(id) ?? [],
    cycle: { months: ramme?.rules.unannouncedCycleMonths ?? DEFAULT_RAMME_RULES.unannouncedCycleMonths, rammeId: ramme?.id ?? null },
    today,
    fromYear: filters.fromYear,
    toYear: filters.toYear,
  });
}
