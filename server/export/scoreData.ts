import type { Kysely } from 'kysely';
import type { DashboardData } from '../../shared/dashboard';
import type { Framework } from '../../shared/framework';
import type { Inspection, ThemeScore } from '../../shared/inspection';
import type { Institution } from '../../shared/institution';
import { fromJson, fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { recordsWithin, type ReadScope } from '../sync/visibility';
import { inspectionColumns, recordTypeIs } from './inspectionColumns';

export interface ScoreDataFilter {
  /** Only these institutions (already checked against the scope by the caller). */
  institutionIds?: readonly string[];
  /** Inclusive ISO dates of the visit. */
  from?: string;
  to?: string;
  /** Only final inspections (the default of every export). */
  onlyFinal: boolean;
}

/** `in (…)` lists are cut into chunks well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * The institutions, inspections, theme scores and frameworks that the export and the statistics
 * compute from, read on the server within a read scope (server/sync/visibility.ts): the same rows a
 * user's pull would give them, never more. Shaped as the dashboard's input, so the shared functions
 * (scoreExportRows, computeDashboard) give the same figures as the app.
 */
export async function loadScoreData(db: Kysely<Database>, scope: ReadScope, filter: ScoreDataFilter): Promise<DashboardData> {
  const frameworks = (await db.selectFrom('frameworks').select('data').orderBy('version').execute()).map((r) => fromJson<Framework>(r.data));
  let ids: string[] | null = scope.all ? null : [...scope.institutionIds];
  if (filter.institutionIds) ids = ids === null ? [...filter.institutionIds] : ids.filter((i) => filter.institutionIds!.includes(i));
  if (ids !== null && ids.length === 0) return { institutions: [], inspections: [], themeScores: [], frameworks };

  const institutionRows =
    ids === null
      ? await db.selectFrom('institutions').select('data').orderBy('id').execute()
      : (await Promise.all(chunks(ids).map((c) => db.selectFrom('institutions').select('data').where('id', 'in', c).execute()))).flat();
  const institutions = institutionRows.map((r) => fromJson<Institution>(r.data));

  const col = inspectionColumns(db);
  const inspectionQuery = (c: string[] | null) => {
    // Status and period in SQL (server/export/inspectionColumns.ts): a statistic over final inspections never reads the drafts.
    let q = db.selectFrom('records').select(['data']).where('type', '=', 'inspection').where('deleted', '=', 0);
    if (filter.onlyFinal) q = q.where(col.status, '=', 'endelig');
    if (filter.from) q = q.where(col.date, '>=', filter.from);
    if (filter.to) q = q.where(col.date, '<=', filter.to);
    // A chunk of the scope's institutions (already intersected with it), or all of them.
    return recordsWithin(q, c ? { ...scope, all: false, institutionIds: c } : scope).execute();
  };
  const inspectionRows = ids === null ? await inspectionQuery(null) : (await Promise.all(chunks(ids).map(inspectionQuery))).flat();
  const inspections: Inspection[] = [];
  for (const r of inspectionRows) {
    const i = fromJsonObject(r.data) as unknown as Inspection;
    if (typeof i.date !== 'string' || typeof i.status !== 'string') continue;
    if (filter.onlyFinal && i.status !== 'endelig') continue;
    if ((filter.from && i.date < filter.from) || (filter.to && i.date > filter.to)) continue;
    inspections.push(i);
  }

  const themeScores: ThemeScore[] = [];
  for (const c of chunks(inspections.map((i) => i.id))) {
    const rows = await db.selectFrom('records').select('data').where(recordTypeIs(db, 'themeScore')).where('deleted', '=', 0).where('inspection_id', 'in', c).execute();
    for (const r of rows) themeScores.push(fromJsonObject(r.data) as unknown as ThemeScore);
  }
  return { institutions, inspections, themeScores, frameworks };
}
