import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { scoreExportRows, type ScoreExportRow } from '../../shared/exportScores';
import type { Framework } from '../../shared/framework';
import type { Inspection, ThemeScore } from '../../shared/inspection';
import type { Institution } from '../../shared/institution';
import { fromJson, fromJsonObject } from '../db/json';
import type { Database } from '../db/schema';
import { recordsWithin, type ReadScope } from '../sync/visibility';
import { inspectionColumns, recordTypeIs } from './inspectionColumns';

/*
 * The BI export read page by page in SQL (docs/bi-api.md): inspections in a stable order
 * (institution id, visit date, inspection id; byte order on both databases), filtered in the query,
 * after a keyset cursor, so a page costs the same at row 1 and at row 280,000 and the server never
 * holds the whole selection. Each inspection gives one row per theme of its framework, in theme order.
 */

export interface ScoreSelection {
  scope: ReadScope;
  /** Only these institutions (already checked against the scope). */
  institutionIds?: readonly string[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  onlyFinal: boolean;
}

/** Where a page ends: the last row's inspection (its order key) and theme number. */
export interface ScoreCursor {
  institutionId: string;
  date: string;
  inspectionId: string;
  temaNr: number;
}

/** A cursor as the next page's URL carries it: with the selection's total counted for the first page (counted once, not per page). */
export interface PageToken extends ScoreCursor {
  total: number;
}

const CursorSchema = z.tuple([z.string(), z.string(), z.string(), z.number().int().min(0), z.number().int().min(0)]);

/** The cursor as an opaque token for the URL: base64url of a JSON array. */
export function encodeCursor(c: PageToken): string {
  return Buffer.from(JSON.stringify([c.institutionId, c.date, c.inspectionId, c.temaNr, c.total]), 'utf8').toString('base64url');
}

/** null when the token is not one this server made. */
export function decodeCursor(token: string): PageToken | null {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(token, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    const [institutionId, date, inspectionId, temaNr, total] = parsed.data;
    return { institutionId, date, inspectionId, temaNr, total };
  } catch {
    return null;
  }
}

function selectInspections(db: Kysely<Database>, s: ScoreSelection) {
  const c = inspectionColumns(db);
  let q = recordsWithin(db.selectFrom('records').where(c.isInspection).where('records.deleted', '=', 0), s.scope);
  if (s.institutionIds) q = q.where('records.institution_id', 'in', [...s.institutionIds]);
  if (s.onlyFinal) q = q.where(c.status, '=', 'endelig');
  if (s.from) q = q.where(c.date, '>=', s.from);
  if (s.to) q = q.where(c.date, '<=', s.to);
  return q;
}

async function loadFrameworks(db: Kysely<Database>): Promise<Framework[]> {
  return (await db.selectFrom('frameworks').select('data').orderBy('version').execute()).map((r) => fromJson<Framework>(r.data));
}

/**
 * One page's inspections in the export order, from the cursor's inspection on (its later themes are
 * still to come), or with `strictly` only those after it (the next chunk of a page).
 */
export function pageQuery(db: Kysely<Database>, s: ScoreSelection, after: ScoreCursor | null, take: number, strictly = false) {
  const c = inspectionColumns(db);
  let q = selectInspections(db, s).select(['records.id', 'records.institution_id', 'records.data']).select(c.date.as('visit_date'));
  if (after && strictly) q = q.where(sql<boolean>`(${c.institutionId}, ${c.date}, ${c.id}) > (${after.institutionId}, ${after.date}, ${after.inspectionId})`);
  else if (after) q = q.where(sql<boolean>`(${c.institutionId}, ${c.date}, ${c.id}) >= (${after.institutionId}, ${after.date}, ${after.inspectionId})`);
  return q.orderBy(c.institutionId).orderBy(c.date).orderBy(c.id).limit(take);
}

/** Rows in the whole selection: inspections per framework × that framework's themes, counted in SQL. */
export async function countScoreRows(db: Kysely<Database>, s: ScoreSelection): Promise<number> {
  const c = inspectionColumns(db);
  const [frameworks, counts] = await Promise.all([
    loadFrameworks(db),
    selectInspections(db, s)
      .where(sql<boolean>`exists (select 1 from institutions where institutions.id = records.institution_id)`)
      .select([c.frameworkId.as('framework_id'), sql<number | string>`count(*)`.as('n')])
      .groupBy(c.frameworkId)
      .execute(),
  ]);
  const themes = new Map(frameworks.map((f) => [f.id, f.themes.length]));
  return counts.reduce((sum, r) => sum + Number(r.n) * (themes.get(r.framework_id) ?? 0), 0);
}

/** Inspections read per query while a page is built: what the server holds at a time, whatever the page size or the data. */
export const CHUNK_INSPECTIONS = 50;

/**
 * Up to `limit` rows after `after` (from the start when null), yielded chunk by chunk as they are
 * read (CHUNK_INSPECTIONS inspections per query, keyset on the export order), and returning the
 * cursor of the last row when more may follow (null at the end). The rows and the cursor are those
 * of one query of the page's inspections: the chunks only cut that query into consecutive parts.
 */
export async function* scoreRowChunks(
  db: Kysely<Database>,
  s: ScoreSelection,
  after: ScoreCursor | null,
  limit: number,
  chunkInspections = CHUNK_INSPECTIONS,
): AsyncGenerator<ScoreExportRow[], ScoreCursor | null> {
  const frameworks = await loadFrameworks(db);
  const byId = new Map(frameworks.map((f) => [f.id, f]));
  const fewestThemes = Math.max(1, Math.min(...frameworks.map((f) => f.themes.length)));
  // Enough inspections to fill the page (each gives one row per theme), plus one to know whether more follow.
  const take = Math.ceil(limit / fewestThemes) + 1;
  let found = 0;
  let count = 0;
  let last: ScoreExportRow | undefined;
  let lastFound: { institution_id: string; visit_date: string; id: string } | undefined;
  const institutions = new Map<string, Institution>();
  const askedInstitutions = new Set<string>();
  while (found < take) {
    const asked = Math.min(chunkInspections, take - found);
    const from = lastFound ? { institutionId: lastFound.institution_id, date: lastFound.visit_date, inspectionId: lastFound.id, temaNr: 0 } : after;
    const chunk = await pageQuery(db, s, from, asked, lastFound !== undefined).execute();
    if (chunk.length === 0) break;
    found += chunk.length;
    lastFound = chunk[chunk.length - 1]!;
    // Institutions already read for this page are kept (the order is by institution: a chunk mostly
    // continues the last one's), so most chunks make two queries, not three.
    const institutionIds = [...new Set(chunk.map((r) => r.institution_id))].filter((id) => !askedInstitutions.has(id));
    for (const id of institutionIds) askedInstitutions.add(id);
    const [institutionRows, scoreRows] = await Promise.all([
      institutionIds.length ? db.selectFrom('institutions').select('data').where('id', 'in', institutionIds).execute() : [],
      db.selectFrom('records').select('data').where(recordTypeIs(db, 'themeScore')).where('deleted', '=', 0).where('inspection_id', 'in', chunk.map((r) => r.id)).execute(),
    ]);
    for (const r of institutionRows) {
      const inst = fromJson<Institution>(r.data);
      institutions.set(inst.id, inst);
    }
    const scoresOf = new Map<string, ThemeScore[]>();
    for (const r of scoreRows) {
      const score = fromJsonObject(r.data) as unknown as ThemeScore;
      const list = scoresOf.get(score.inspectionId);
      if (list) list.push(score);
      else scoresOf.set(score.inspectionId, [score]);
    }
    const rows: ScoreExportRow[] = [];
    for (const r of chunk) {
      const insp = fromJsonObject(r.data) as unknown as Inspection;
      const inst = institutions.get(r.institution_id);
      if (!inst || !byId.has(insp.frameworkId) || typeof insp.date !== 'string') continue;
      // One inspection's rows, in theme order, made by the same function as the app's CSV.
      let own = scoreExportRows({ institutions: [inst], inspections: [insp], themeScores: scoresOf.get(r.id) ?? [], frameworks }, { onlyFinal: false });
      if (after && r.id === after.inspectionId && r.institution_id === after.institutionId) own = own.filter((row) => row.tema_nr > after.temaNr);
      for (const row of own) {
        if (count === limit) {
          if (rows.length) yield rows;
          return { institutionId: last!.institution_id, date: last!.dato, inspectionId: last!.tilsyn_id, temaNr: last!.tema_nr };
        }
        rows.push(row);
        last = row;
        count++;
      }
    }
    if (rows.length) yield rows;
    if (chunk.length < asked) break;
  }
  // The query was cut short: more inspections follow. Continue after this page's last row, or after
  // the last inspection read when none of them gave a row (an unknown framework or institution).
  if (found === take) {
    return last
      ? { institutionId: last.institution_id, date: last.dato, inspectionId: last.tilsyn_id, temaNr: last.tema_nr }
      : { institutionId: lastFound!.institution_id, date: lastFound!.visit_date, inspectionId: lastFound!.id, temaNr: Number.MAX_SAFE_INTEGER };
  }
  return null;
}
