import { z } from 'zod';
import { computeDashboard, indexDashboardData, type DashboardData, type Grouping } from './dashboard';
import { THEME_IDS, type ThemeId } from './framework';

/*
 * The municipal average that every logged-in user may see (GET /api/stats/theme-averages): per
 * period and theme the mean, n and the counts per step over ALL institutions' final inspections,
 * computed with the dashboard's own rule (computeDashboard: each institution's latest final
 * inspection in the period, one scale, ikke vurderet left out).
 *
 * It holds aggregates only: no institution ids, names or per-institution rows. A cell based on fewer
 * than MIN_CELL_N institutions is suppressed (mean, n and counts are null), so a leder can never read
 * another institution's step out of a small cell.
 */

/** Cells with fewer institutions than this are not shown. */
export const MIN_CELL_N = 5;

const CountsSchema = z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int() });

export const AverageCellSchema = z.object({
  /** True when n < minN: mean, n, counts and notAssessed are then null. */
  suppressed: z.boolean(),
  mean: z.number().nullable(),
  n: z.number().int().nullable(),
  counts: CountsSchema.nullable(),
  notAssessed: z.number().int().nullable(),
});
export type AverageCell = z.infer<typeof AverageCellSchema>;

export const AveragePeriodSchema = z.object({
  key: z.string(),
  label: z.string(),
  year: z.number().int(),
  /** Institutions with a final inspection in the period, counted once each. */
  institutions: z.number().int(),
  themes: z.record(z.enum(THEME_IDS), AverageCellSchema),
});
export type AveragePeriod = z.infer<typeof AveragePeriodSchema>;

export const ThemeAveragesSchema = z.object({
  scaleId: z.string(),
  /** The newest framework on the scale: theme names and step labels for the figures. */
  frameworkId: z.string(),
  grouping: z.enum(['year', 'round']),
  minN: z.number().int(),
  /** Newest change among the inspections and scores counted (the figures' "Opdateret"). */
  updatedAt: z.string().nullable(),
  generatedAt: z.string(),
  periods: z.array(AveragePeriodSchema),
});
export type ThemeAverages = z.infer<typeof ThemeAveragesSchema>;

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
            ? { suppressed: true, mean: null, n: null, counts: null, notAssessed: null }
            : { suppressed: false, mean: s.mean, n: s.n, counts: { ...s.counts }, notAssessed: s.notAssessed };
      }
      return { key: p.key, label: p.label, year: p.year, institutions: p.institutions, themes };
    }),
  };
}
