import { keepLatest, themeStats, type ScoreFacts, type ThemeStat } from './aggregate';
import { coverage, coverageState } from './coverage';
import { THEME_IDS, type Framework, type Step, type ThemeId } from './framework';
import { CURRENT_FRAMEWORK } from './frameworks/v1';
import type { Goal, SeriesPoint } from './goals';
import type { Inspection, ThemeScore } from './inspection';
import type { Institution } from './institution';
import { compareIsoDates } from './dates';

/*
 * The central office's dashboard, computed from local data (so it works offline and gives the same
 * numbers in the app, a PDF and a server export).
 *
 * - Averages follow the product rule: the municipal average of a theme for a period is the mean, over
 *   institutions, of each institution's latest final inspection in that period, with n and the
 *   counts per step (shared/aggregate.ts themeStats). "Ikke vurderet" is left out of the mean and n.
 * - Only inspections whose framework uses one scale id are counted (the current framework's unless
 *   another is asked for). Inspections on another scale, or on a framework the app does not know,
 *   are counted in `excludedOtherScale` and never averaged with the rest.
 * - Cost: indexDashboardData is one pass over each table; computeDashboard is one pass over the final
 *   inspections plus one over the scores of the inspections it uses (maps keyed by id, no nested
 *   scans), so 4,000 institutions × 10 years stays well under a second.
 */

export type Grouping = 'year' | 'round';

/** Rounds are two calendar years starting in an even year: 2020–21, 2022–23 … (the fixture's "2020–21 round"). */
export const ROUND_FIRST_YEAR_PARITY = 0;

export interface DashboardData {
  institutions: readonly Institution[];
  inspections: readonly Inspection[];
  themeScores: readonly ThemeScore[];
  frameworks: readonly Framework[];
}

export interface DashboardFilters {
  type?: string;
  ownership?: string;
  district?: string;
  /** Inclusive calendar years; null or undefined means open. */
  fromYear?: number | null;
  toYear?: number | null;
}

export interface DashboardOptions {
  grouping?: Grouping;
  /** Scale whose inspections are averaged; defaults to the current framework's. */
  scaleId?: string;
  /** ISO date that coverage is measured against. */
  today: string;
}

/** The data arranged for repeated dashboard computations (filters change; the index does not). */
export interface DashboardIndex {
  institutions: readonly Institution[];
  institutionById: ReadonlyMap<string, Institution>;
  inspectionsByInstitution: ReadonlyMap<string, Inspection[]>;
  finalInspections: readonly Inspection[];
  plannedInspections: readonly Inspection[];
  scoresByInspection: ReadonlyMap<string, readonly ScoreFacts[]>;
  frameworks: ReadonlyMap<string, Framework>;
  /** Calendar years that have at least one final inspection, ascending. */
  years: number[];
  districts: string[];
  /** Newest `updatedAt` over institutions' inspections and scores: how fresh the figures are. */
  updatedAt: string | null;
}

export function indexDashboardData(data: DashboardData): DashboardIndex {
  const scoresByInspection = new Map<string, ThemeScore[]>();
  let scoresUpdatedAt: string | null = null;
  for (const s of data.themeScores) {
    const list = scoresByInspection.get(s.inspectionId);
    if (list) list.push(s);
    else scoresByInspection.set(s.inspectionId, [s]);
    if (s.updatedAt && (!scoresUpdatedAt || s.updatedAt > scoresUpdatedAt)) scoresUpdatedAt = s.updatedAt;
  }
  return indexGroupedData({ institutions: data.institutions, inspections: data.inspections, frameworks: data.frameworks, scoresByInspection, scoresUpdatedAt });
}

/** The dashboard's data with the scores already grouped by inspection (the app's worker reads them so from its summaries). */
export interface GroupedDashboardData {
  institutions: readonly Institution[];
  inspections: Iterable<Inspection>;
  frameworks: readonly Framework[];
  scoresByInspection: ReadonlyMap<string, readonly ScoreFacts[]>;
  /** Newest `updatedAt` of the scores. */
  scoresUpdatedAt: string | null;
}

/** indexDashboardData for scores grouped already. */
export function indexGroupedData(data: GroupedDashboardData): DashboardIndex {
  const institutionById = new Map(data.institutions.map((i) => [i.id, i]));
  const inspectionsByInstitution = new Map<string, Inspection[]>();
  const finalInspections: Inspection[] = [];
  const plannedInspections: Inspection[] = [];
  const years = new Set<number>();
  let updatedAt: string | null = data.scoresUpdatedAt;
  for (const i of data.inspections) {
    if (!institutionById.has(i.institutionId)) continue;
    const list = inspectionsByInstitution.get(i.institutionId);
    if (list) list.push(i);
    else inspectionsByInstitution.set(i.institutionId, [i]);
    if (i.status === 'endelig') {
      finalInspections.push(i);
      years.add(Number(i.date.slice(0, 4)));
    } else if (i.status === 'planlagt') plannedInspections.push(i);
    if (i.updatedAt && (!updatedAt || i.updatedAt > updatedAt)) updatedAt = i.updatedAt;
  }
  const districts = [...new Set(data.institutions.map((i) => i.district).filter((d): d is string => !!d))].sort((a, b) => a.localeCompare(b, 'da'));
  return {
    institutions: data.institutions,
    institutionById,
    inspectionsByInstitution,
    finalInspections,
    plannedInspections,
    scoresByInspection: data.scoresByInspection,
    frameworks: new Map(data.frameworks.map((f) => [f.id, f])),
    years: [...years].sort((a, b) => a - b),
    districts,
    updatedAt,
  };
}

export function matchesInstitutionFilters(institution: Institution, filters: DashboardFilters): boolean {
  if (filters.type && institution.type !== filters.type) return false;
  if (filters.ownership && institution.ownership !== filters.ownership) return false;
  if (filters.district && institution.district !== filters.district) return false;
  return true;
}

export interface PeriodKey {
  key: string;
  label: string;
  /** The year the period is plotted and judged at: the year itself, or a round's last year. */
  year: number;
  from: string;
  to: string;
}

export function roundStart(year: number): number {
  return year - (((year - ROUND_FIRST_YEAR_PARITY) % 2) + 2) % 2;
}

export function periodOf(date: string, grouping: Grouping): PeriodKey {
  const y = Number(date.slice(0, 4));
  if (grouping === 'year') return { key: String(y), label: String(y), year: y, from: `${y}-01-01`, to: `${y}-12-31` };
  const s = roundStart(y);
  return { key: `${s}-${s + 1}`, label: `${s}–${String(s + 1).slice(-2)}`, year: s + 1, from: `${s}-01-01`, to: `${s + 1}-12-31` };
}

export interface PeriodStats extends PeriodKey {
  stats: Record<ThemeId, ThemeStat>;
  /** Institutions with a final inspection in the period (each counted once). */
  institutions: number;
}

export interface HeatMapCell {
  step: Step | null;
  notAssessed: boolean;
  notAssessedReason: string;
}

export interface HeatMapRow {
  institutionId: string;
  name: string;
  type: Institution['type'];
  ownership: Institution['ownership'];
  district: string | null;
  /** The latest final inspection in the period on the dashboard's scale; null when there is none. */
  inspectionId: string | null;
  date: string | null;
  cells: Record<ThemeId, HeatMapCell>;
  /** Mean over the assessed themes of that inspection (for sorting; not a municipal figure). */
  mean: number | null;
}

export type CoverageStatus = 'overdue' | 'due_soon';

export interface CoverageRow {
  institutionId: string;
  name: string;
  district: string | null;
  status: CoverageStatus;
  lastFinalDate: string | null;
  /** Last day the latest final inspection covers (24 months after it); null if never inspected. */
  coveredUntil: string | null;
  /** The next planned visit, if any. */
  plannedDate: string | null;
}

export interface PlannedVisit {
  inspectionId: string;
  institutionId: string;
  name: string;
  date: string;
  visitType: Inspection['visitType'];
  kind: Inspection['kind'];
}

export interface Dashboard {
  scaleId: string;
  /** The newest known framework on the scale: theme names and step labels. */
  framework: Framework;
  grouping: Grouping;
  /** Institutions that pass the type, ownership and district filters. */
  institutionCount: number;
  /** Periods with at least one final inspection, oldest first. */
  periods: PeriodStats[];
  heatMap: HeatMapRow[];
  coverage: {
    today: string;
    overdue: CoverageRow[];
    dueSoon: CoverageRow[];
    planned: PlannedVisit[];
    /** Institutions with a final inspection in the last 24 months. */
    covered: number;
  };
  /** Final inspections in the period left out because their framework is on another scale (or unknown). */
  excludedOtherScale: number;
  updatedAt: string | null;
}

/*
 * Heat-map cells are shared between rows (one per step, one for "none"; an "ikke vurderet" cell
 * carries its reason and is its own): 4,000 rows then cost 4,000 small records, not 28,000 cells,
 * to build and to copy from the dashboard's worker to the page. Shared, so never changed.
 */
const NO_CELL: HeatMapCell = { step: null, notAssessed: false, notAssessedReason: '' };
const STEP_CELLS = new Map<number, HeatMapCell>([1, 2, 3, 4].map((k) => [k, { step: k as Step, notAssessed: false, notAssessedReason: '' }]));

function emptyCells(): Record<ThemeId, HeatMapCell> {
  const cells = {} as Record<ThemeId, HeatMapCell>;
  for (const t of THEME_IDS) cells[t] = NO_CELL;
  return cells;
}

/** The newest known framework on a scale (its theme names and step labels), the current one when none is. */
export function frameworkForScale(frameworks: ReadonlyMap<string, Framework>, scaleId: string): Framework {
  let best: Framework | undefined;
  for (const f of frameworks.values()) if (f.scale.id === scaleId && (!best || f.version > best.version)) best = f;
  return best ?? CURRENT_FRAMEWORK;
}

const collator = new Intl.Collator('da');

export function computeDashboard(index: DashboardIndex, filters: DashboardFilters, options: DashboardOptions): Dashboard {
  const grouping = options.grouping ?? 'year';
  const scaleId = options.scaleId ?? CURRENT_FRAMEWORK.scale.id;
  const from = filters.fromYear ? `${filters.fromYear}-01-01` : '0000-01-01';
  const to = filters.toYear ? `${filters.toYear}-12-31` : '9999-12-31';

  const selected = new Set<string>();
  for (const inst of index.institutions) if (matchesInstitutionFilters(inst, filters)) selected.add(inst.id);

  // Scale compatibility once per framework, not once per inspection.
  const onScale = new Map<string, boolean>();
  for (const f of index.frameworks.values()) onScale.set(f.id, f.scale.id === scaleId);

  // One pass (not latestFinalPerInstitution once per period): latest final inspection per
  // (period, institution) and per institution overall, by the one rule in keepLatest.
  const perPeriod = new Map<string, { period: PeriodKey; latest: Map<string, Inspection> }>();
  const latestOverall = new Map<string, Inspection>();
  let excludedOtherScale = 0;
  for (const i of index.finalInspections) {
    if (!selected.has(i.institutionId) || i.date < from || i.date > to) continue;
    if (!onScale.get(i.frameworkId)) {
      excludedOtherScale++;
      continue;
    }
    const period = periodOf(i.date, grouping);
    let bucket = perPeriod.get(period.key);
    if (!bucket) perPeriod.set(period.key, (bucket = { period, latest: new Map() }));
    keepLatest(bucket.latest, i);
    keepLatest(latestOverall, i);
  }

  const periods: PeriodStats[] = [...perPeriod.values()]
    .sort((a, b) => compareIsoDates(a.period.from, b.period.from))
    .map(({ period, latest }) => {
      // Clip a round to the chosen years so its label never claims more than was counted.
      const clipped = { ...period, from: period.from < from ? from : period.from, to: period.to > to ? to : period.to };
      return { ...clipped, stats: themeStats(latest.values(), index.scoresByInspection), institutions: latest.size };
    });

  const heatMap: HeatMapRow[] = [];
  for (const id of selected) {
    const inst = index.institutionById.get(id)!;
    const insp = latestOverall.get(id);
    const cells = emptyCells();
    let sum = 0;
    let n = 0;
    if (insp) {
      for (const s of index.scoresByInspection.get(insp.id) ?? []) {
        if (!cells[s.themeId]) continue;
        if (s.notAssessed) cells[s.themeId] = { step: null, notAssessed: true, notAssessedReason: s.notAssessedReason };
        else if (s.step) {
          cells[s.themeId] = STEP_CELLS.get(s.step) ?? { step: s.step as Step, notAssessed: false, notAssessedReason: '' };
          sum += s.step;
          n++;
        }
      }
    }
    heatMap.push({
      institutionId: id,
      name: inst.name,
      type: inst.type,
      ownership: inst.ownership,
      district: inst.district ?? null,
      inspectionId: insp?.id ?? null,
      date: insp?.date ?? null,
      cells,
      mean: n ? sum / n : null,
    });
  }
  heatMap.sort((a, b) => collator.compare(a.name, b.name) || (a.institutionId < b.institutionId ? -1 : 1));

  // Coverage is about the law's 24 months from today, whatever the period filter: any final inspection counts.
  const today = options.today;
  const nextPlanned = new Map<string, string>();
  const planned: PlannedVisit[] = [];
  for (const p of index.plannedInspections) {
    if (!selected.has(p.institutionId)) continue;
    const inst = index.institutionById.get(p.institutionId)!;
    planned.push({ inspectionId: p.id, institutionId: p.institutionId, name: inst.name, date: p.date, visitType: p.visitType, kind: p.kind });
    const prev = nextPlanned.get(p.institutionId);
    if (p.date >= today && (!prev || p.date < prev)) nextPlanned.set(p.institutionId, p.date);
  }
  planned.sort((a, b) => compareIsoDates(a.date, b.date) || collator.compare(a.name, b.name));

  const overdue: CoverageRow[] = [];
  const dueSoon: CoverageRow[] = [];
  let covered = 0;
  for (const id of selected) {
    const inst = index.institutionById.get(id)!;
    const c = coverage(index.inspectionsByInstitution.get(id) ?? [], today);
    const { state, coveredUntil } = coverageState(c.lastFinalDate, today);
    const row = (status: CoverageStatus): CoverageRow => ({
      institutionId: id,
      name: inst.name,
      district: inst.district ?? null,
      status,
      lastFinalDate: c.lastFinalDate,
      coveredUntil,
      plannedDate: nextPlanned.get(id) ?? null,
    });
    if (state === 'overdue') overdue.push(row('overdue'));
    else {
      covered++;
      if (state === 'due_soon') dueSoon.push(row('due_soon'));
    }
  }
  // Longest overdue first (never inspected at the very top); due soon by deadline.
  overdue.sort((a, b) => compareIsoDates(a.lastFinalDate ?? '', b.lastFinalDate ?? '') || collator.compare(a.name, b.name));
  dueSoon.sort((a, b) => compareIsoDates(a.coveredUntil ?? '', b.coveredUntil ?? '') || collator.compare(a.name, b.name));

  return {
    scaleId,
    framework: frameworkForScale(index.frameworks, scaleId),
    grouping,
    institutionCount: selected.size,
    periods,
    heatMap,
    coverage: { today, overdue, dueSoon, planned, covered },
    excludedOtherScale,
    updatedAt: index.updatedAt,
  };
}

/** Convenience for one-off use (tests, the bench, a server export): index and compute in one go. */
export function dashboard(data: DashboardData, filters: DashboardFilters, options: DashboardOptions): Dashboard {
  return computeDashboard(indexDashboardData(data), filters, options);
}

/** A theme's averages over the dashboard's periods, as a goal's series. */
export function themeSeries(d: Pick<Dashboard, 'periods'>, themeId: ThemeId): SeriesPoint[] {
  return d.periods.map((p) => ({ year: p.year, mean: p.stats[themeId].mean }));
}

/** Goals are only ever compared with averages on their own scale; retired goals are not shown. */
export function goalsForScale(goals: readonly Goal[], scaleId: string): Goal[] {
  return goals.filter((g) => g.scaleId === scaleId && !g.retired);
}

export type HeatMapSortKey = 'name' | 'date' | 'mean' | ThemeId;
export type SortDirection = 'ascending' | 'descending';

function sortValue(row: HeatMapRow, key: HeatMapSortKey): string | number | null {
  if (key === 'name') return row.name;
  if (key === 'date') return row.date;
  if (key === 'mean') return row.mean;
  return row.cells[key].step;
}

/**
 * Sorted copy of the heat map. Rows without a value (no inspection, ikke vurderet) always go last,
 * whatever the direction; ties are broken by name so the order is stable.
 */
export function sortHeatMap(rows: readonly HeatMapRow[], key: HeatMapSortKey, direction: SortDirection): HeatMapRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    let c = 0;
    if (va !== null && vb !== null) c = typeof va === 'number' && typeof vb === 'number' ? va - vb : collator.compare(String(va), String(vb));
    return sign * c || collator.compare(a.name, b.name) || (a.institutionId < b.institutionId ? -1 : 1);
  });
}
