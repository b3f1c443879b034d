import { sql, type Kysely } from 'kysely';
import { coverageState } from '../../shared/coverage';
import { computeDashboard, indexDashboardData } from '../../shared/dashboard';
import { todayIso } from '../../shared/dates';
import { overviewOf, type MunicipalCoverage, type Overview } from '../../shared/overview';
import type { Database } from '../db/schema';
import { inspectionColumns } from '../export/inspectionColumns';
import { loadScoreData } from '../export/scoreData';
import type { ReadScope } from '../sync/visibility';

/**
 * Counts under the 24-month rule over ALL institutions (shared/coverage.ts coverageState): each
 * institution's latest final inspection, found in SQL by the 0960 index (status, institution, date).
 * Counts only: no institution is named, so every logged-in user may have them.
 */
export async function municipalCoverage(db: Kysely<Database>, today: string): Promise<MunicipalCoverage> {
  const col = inspectionColumns(db);
  const latest = await db
    .selectFrom('records')
    .select([col.institutionId.as('institution_id'), (eb) => eb.fn.max(col.date).as('last')])
    .where(col.status, '=', 'endelig')
    // As the partial index 0960 names it.
    .where(sql<boolean>`records.type = 'inspection'`)
    .where('deleted', '=', 0)
    .groupBy(col.institutionId)
    .execute();
  const last = new Map(latest.map((r) => [r.institution_id, typeof r.last === 'string' ? r.last : null]));
  const out: MunicipalCoverage = { institutions: 0, covered: 0, overdue: 0, dueSoon: 0 };
  for (const { id } of await db.selectFrom('institutions').select('id').execute()) {
    const { state } = coverageState(last.get(id) ?? null, today);
    out.institutions++;
    if (state === 'overdue') out.overdue++;
    else {
      out.covered++;
      if (state === 'due_soon') out.dueSoon++;
    }
  }
  return out;
}

/**
 * The Overblik's coverage and heat map (shared/overview.ts): the dashboard's rule (computeDashboard)
 * over the records the caller may see, the same rows their pull gives them (loadScoreData within the
 * read scope: a leder's only their own institutions' records shown to them), and the municipal counts.
 */
export async function overview(db: Kysely<Database>, scope: ReadScope, now = new Date()): Promise<Overview> {
  const today = todayIso(now);
  const data = await loadScoreData(db, scope, { onlyFinal: false });
  const d = computeDashboard(indexDashboardData(data), {}, { today });
  return overviewOf(d, await municipalCoverage(db, today), now.toISOString());
}
