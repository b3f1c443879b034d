import { computeDashboard, indexDashboardData, type DashboardData, type Grouping } from './dashboard';
import { exactMean } from './format';
import { THEME_IDS, type Step, type ThemeId } from './framework';
import { MIN_CELL_N, type AverageCell, type ThemeAverages } from './themeAverages';

/*
 * The municipal theme averages (shared/themeAverages.ts is the format), computed with the
 * dashboard's own rule (computeDashboard: each institution's latest final inspection in the period,
 * one scale, ikke vurderet left out), reduced to aggregates: no institution ids, names or rows, and
 * a cell based on fewer than MIN_CELL_N institutions suppressed.
 */

export interface ThemeAveragesOptions {
  today: string;
  generatedAt: string;
  grouping?: Grouping;
  minN?: number;
}

export function computeThemeAverages(data: DashboardData, options: ThemeAveragesOptions): ThemeAverages {
  const d = computeDashboard(indexDashboardData(data), {}, { today: options.today, grouping: options.grouping ?? 'year' });
  // Only the period figures leave this function: the heat map and coverage name institutions.
  return themeAveragesOf(d.periods.map((p) => ({ ...p, themes: p.stats })), { scaleId: d.scaleId, frameworkId: d.framework.id, grouping: d.grouping, updatedAt: d.updatedAt, generatedAt: options.generatedAt, minN: options.minN });
}

/** A theme's counts in a period: institutions per step and "ikke vurderet" (a ThemeStat, or sums from SQL). */
export interface ThemeCounts {
  counts: Readonly<Record<Step, number>>;
  notAssessed: number;
}

/** One period's counts: what the dashboard's periods hold, and what the server sums in SQL (server/stats/themeAverageSums.ts). */
export interface PeriodCounts {
  key: string;
  label: string;
  year: number;
  institutions: number;
  themes: Readonly<Record<ThemeId, ThemeCounts>>;
}

export interface ThemeAveragesMeta {
  scaleId: string;
  frameworkId: string;
  grouping: Grouping;
  updatedAt: string | null;
  generatedAt: string;
  minN?: number;
}

/**
 * The answer from per-period counts: the exact mean (shared/format.ts exactMean) of each cell, and
 * cells under minN suppressed. The one place both the in-memory and the SQL path go through.
 */
export function themeAveragesOf(periods: readonly PeriodCounts[], meta: ThemeAveragesMeta): ThemeAverages {
  const minN = meta.minN ?? MIN_CELL_N;
  return {
    scaleId: meta.scaleId,
    frameworkId: meta.frameworkId,
    grouping: meta.grouping,
    minN,
    updatedAt: meta.updatedAt,
    generatedAt: meta.generatedAt,
    periods: periods.map((p) => {
      const themes = {} as Record<ThemeId, AverageCell>;
      for (const t of THEME_IDS) themes[t] = averageCell(p.themes[t], minN);
      return { key: p.key, label: p.label, year: p.year, institutions: p.institutions, themes };
    }),
  };
}

function averageCell(c: ThemeCounts, minN: number): AverageCell {
  const { mean, sum, n } = exactMean(c.counts);
  if (n < minN) return { suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null };
  return { suppressed: false, mean, sum, n, counts: { ...c.counts }, notAssessed: c.notAssessed };
}
