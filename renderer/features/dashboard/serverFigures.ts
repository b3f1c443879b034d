import type { Dashboard, DashboardFilters, HeatMapRow } from '../../../shared/dashboard';
import type { CachedOverview } from '../../sync/overview';

/**
 * The dashboard with its coverage and heat map replaced by the server's (shared/overview.ts), for the
 * same type, ownership and district filters. The server's heat map is each institution's latest final
 * inspection, whatever years are chosen. Everything else stays the device's own figures.
 */
export function withServerFigures(d: Dashboard, cached: CachedOverview, filters: DashboardFilters): Dashboard {
  const o = cached.overview.scope;
  const passes = (r: HeatMapRow) => (!filters.type || r.type === filters.type) && (!filters.ownership || r.ownership === filters.ownership) && (!filters.district || r.district === filters.district);
  const heatMap = (o.heatMap as HeatMapRow[]).filter(passes);
  const selected = new Set(heatMap.map((r) => r.institutionId));
  const overdue = o.overdue.filter((r) => selected.has(r.institutionId));
  return {
    ...d,
    institutionCount: heatMap.length,
    heatMap,
    coverage: {
      today: cached.overview.today,
      overdue,
      dueSoon: o.dueSoon.filter((r) => selected.has(r.institutionId)),
      planned: o.planned.filter((r) => selected.has(r.institutionId)) as Dashboard['coverage']['planned'],
      covered: heatMap.length - overdue.length,
    },
    updatedAt: cached.overview.updatedAt,
  };
}
