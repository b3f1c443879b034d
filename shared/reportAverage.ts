import { z } from 'zod';
import { periodAverages } from './aggregate';
import { IsoDateSchema, monthsBefore } from './dates';
import { exactMean } from './format';
import { THEME_IDS, type Framework, type ThemeId } from './framework';
import type { Inspection, ThemeScore } from './inspection';
import { AverageCellSchema, MIN_CELL_N, type AverageCell } from './themeAverages';

/*
 * The municipal average a report compares with: the 24 months up to the visit, each institution's
 * latest final inspection in that window on the report's scale (shared/aggregate.ts), over ALL
 * institutions. Computed on the server only (GET /api/stats/municipal-average); a device caches the
 * answer with its fetch date and a report freezes it, so no device passes off its own rows as the
 * municipality's figure. Cells with n < MIN_CELL_N are suppressed for everyone but forvaltning.
 */

/** The report's window: the 24 months up to (and including) the visit. */
export const REPORT_WINDOW_MONTHS = 24;

export function reportWindow(to: string): { from: string; to: string } {
  return { from: monthsBefore(to, REPORT_WINDOW_MONTHS), to };
}

export const ReportAverageQuerySchema = z.strictObject(
  {
    to: IsoDateSchema,
    scale: z.string({ error: 'Angiv skalaen (scale)' }).trim().min(1, { error: 'Angiv skalaen (scale)' }).max(100, { error: 'Skalaens id er for langt' }),
  },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? `Ukendt parameter: ${iss.keys.join(', ')}` : undefined) },
);

export const ReportAverageSchema = z.object({
  scaleId: z.string(),
  from: z.string(),
  to: z.string(),
  minN: z.number().int(),
  /** Institutions with a final inspection on the scale in the window. */
  institutions: z.number().int(),
  themes: z.record(z.enum(THEME_IDS), AverageCellSchema),
  generatedAt: z.string(),
});
export type ReportAverage = z.infer<typeof ReportAverageSchema>;

export interface ReportAverageInput {
  inspections: Iterable<Inspection>;
  themeScores: ReadonlyMap<string, readonly ThemeScore[]>;
  frameworks: ReadonlyMap<string, Framework>;
}

export function computeReportAverage(
  input: ReportAverageInput,
  options: { to: string; scaleId: string; generatedAt: string; suppressSmall: boolean; minN?: number },
): ReportAverage {
  const minN = options.minN ?? MIN_CELL_N;
  const window = reportWindow(options.to);
  const stats = periodAverages(input.inspections, input.themeScores, window, input.frameworks, options.scaleId);
  let institutions = 0;
  const seen = new Set<string>();
  for (const i of input.inspections) {
    if (i.status !== 'endelig' || i.date < window.from || i.date > window.to) continue;
    if (input.frameworks.get(i.frameworkId)?.scale.id !== options.scaleId || seen.has(i.institutionId)) continue;
    seen.add(i.institutionId);
    institutions++;
  }
  const themes = {} as Record<ThemeId, AverageCell>;
  for (const t of THEME_IDS) {
    const s = stats[t];
    themes[t] =
      options.suppressSmall && s.n < minN
        ? { suppressed: true, mean: null, sum: null, n: null, counts: null, notAssessed: null }
        : { suppressed: false, mean: s.mean, sum: exactMean(s.counts).sum, n: s.n, counts: { ...s.counts }, notAssessed: s.notAssessed };
  }
  return { scaleId: options.scaleId, ...window, minN, institutions, themes, generatedAt: options.generatedAt };
}
