import { z } from 'zod';
import { THEME_IDS } from './framework';

/*
 * The wire format of the municipal average that every logged-in user may see
 * (GET /api/stats/theme-averages): per period and theme the mean, n and the counts per step over ALL
 * institutions' final inspections. Computed by shared/municipalAverages.ts with the dashboard's own
 * rule; this module holds only the schema, so the app's sync code can check and cache the answer
 * without loading the dashboard.
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
  /** sum / n at full precision; round it for display with shared/format.ts (half up on the fraction). */
  mean: z.number().nullable(),
  /** Sum of the steps behind the mean, so a BI tool can compute the exact mean itself (absent in answers cached before it). */
  sum: z.number().int().nullable().optional(),
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
