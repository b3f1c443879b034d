import { computeDashboard, indexDashboardData, type DashboardData, type Grouping } from './dashboard';
import { exactMean } from './format';
import { THEME_IDS, type ThemeId } from './framework';
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
  const minN = options.minN ?? MIN_CELL_N;
  const d = computeDashboard(indexDashboardData(data), {}, { today: options.today, grouping: options.grouping ?? 'year' });
  return {
    scaleId: d.scaleId,
    frameworkId: d.framework.id,
    grouping: d.grouping,
    minN,
    updatedAt: d.updatedAt,
    generatedAt: options.generatedAt,
    // Only the period figures leave this function: the heat map and coverage name institutions.
    periods: d.periods.map((p) => {
      const themes = {} as Record<ThemeId, AverageCell>;
      for (const t of THEME_IDS) {
        const s = p.stats[t];
        themes[t] =
          s.n < minN
            ? { suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null }
            : { suppressed: false, mean: s.mean, sum: exactMean(s.counts).sum, n: s.n, counts: { ...s.counts }, notAssessed: s.notAssessed };
      }
      return { key: p.key, label: p.label, year: p.year, institutions: p.institutions, themes };
    }),
  };
}
