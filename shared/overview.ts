import { z } from 'zod';
import type { Dashboard } from './dashboard';
import { THEME_IDS } from './framework';

/*
 * The Overblik's coverage and heat map as the server computes them (GET /api/stats/overview), for a
 * device whose own copy may not hold everything (a konsulent's first pull still running, a copy
 * behind the server). Two parts, each within what the caller may see:
 * - `municipal`: counts under the 24-month rule over ALL the municipality's institutions. Counts
 *   only, like the theme averages: no institution is named.
 * - `scope`: the dashboard's own lists (overdue, due soon, planned visits, the heat map) over the
 *   institutions the caller may see (server/sync/visibility.ts readScopeOf), computed by the
 *   dashboard's rule (computeDashboard) on the server's records.
 * The device caches the answer after each sync (renderer/sync/overview.ts) and shows it offline
 * with the time of the server's answer.
 */

const HeatMapCellSchema = z.object({ step: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).nullable(), notAssessed: z.boolean(), notAssessedReason: z.string() });

const HeatMapRowSchema = z.object({
  institutionId: z.string(),
  name: z.string(),
  type: z.string(),
  ownership: z.string(),
  district: z.string().nullable(),
  inspectionId: z.string().nullable(),
  date: z.string().nullable(),
  cells: z.record(z.enum(THEME_IDS), HeatMapCellSchema),
  mean: z.number().nullable(),
});

const CoverageRowSchema = z.object({
  institutionId: z.string(),
  name: z.string(),
  district: z.string().nullable(),
  status: z.enum(['overdue', 'due_soon']),
  lastFinalDate: z.string().nullable(),
  coveredUntil: z.string().nullable(),
  plannedDate: z.string().nullable(),
});

const PlannedVisitSchema = z.object({
  inspectionId: z.string(),
  institutionId: z.string(),
  name: z.string(),
  date: z.string(),
  visitType: z.string(),
  kind: z.string(),
});

const MunicipalCoverageSchema = z.object({
  /** The municipality's institutions. */
  institutions: z.number().int(),
  /** With a final inspection in the last 24 months. */
  covered: z.number().int(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
});
export type MunicipalCoverage = z.infer<typeof MunicipalCoverageSchema>;

export const OverviewSchema = z.object({
  /** The day coverage is measured against (the server's today). */
  today: z.string(),
  generatedAt: z.string(),
  /** The framework of the heat map's columns and step labels. */
  frameworkId: z.string(),
  /** Newest change among the records behind the lists. */
  updatedAt: z.string().nullable(),
  municipal: MunicipalCoverageSchema,
  scope: z.object({
    institutions: z.number().int(),
    covered: z.number().int(),
    overdue: z.array(CoverageRowSchema),
    dueSoon: z.array(CoverageRowSchema),
    planned: z.array(PlannedVisitSchema),
    heatMap: z.array(HeatMapRowSchema),
  }),
});
export type Overview = z.infer<typeof OverviewSchema>;

/** The answer from the dashboard computed over the caller's scope and the municipal counts. */
export function overviewOf(d: Dashboard, municipal: MunicipalCoverage, generatedAt: string): Overview {
  return {
    today: d.coverage.today,
    generatedAt,
    frameworkId: d.framework.id,
    updatedAt: d.updatedAt,
    municipal,
    scope: { institutions: d.institutionCount, covered: d.coverage.covered, overdue: d.coverage.overdue, dueSoon: d.coverage.dueSoon, planned: d.coverage.planned, heatMap: d.heatMap },
  };
}
