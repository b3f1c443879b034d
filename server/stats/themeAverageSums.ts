import { sql, type Kysely, type RawBuilder } from 'kysely';
import { frameworkForScale, periodOf } from '../../shared/dashboard';
import { THEME_IDS, type Framework, type Step, type ThemeId } from '../../shared/framework';
import { CURRENT_FRAMEWORK } from '../../shared/frameworks/v1';
import { themeAveragesOf, type PeriodCounts, type ThemeCounts } from '../../shared/municipalAverages';
import type { ThemeAverages } from '../../shared/themeAverages';
import { fromJson } from '../db/json';
import type { Database } from '../db/schema';
import { isSqlite } from '../export/inspectionColumns';

/*
 * The municipal theme averages summed in the database: per calendar year and theme, how many
 * institutions landed on each step and how many were "ikke vurderet", from each institution's
 * latest final inspection of the year on the current scale (the dashboard's rule: shared/dashboard.ts
 * computeDashboard, shared/aggregate.ts keepLatest: latest by date, then by id). The means and the
 * suppression of small cells are then the shared rule's (shared/municipalAverages.ts themeAveragesOf),
 * so the answer is the in-memory one's, without reading 300,000 records into the server's memory.
 *
 * One query, one pass: the final inspections are found by their status (SQLite: the 0960 index; both:
 * in (institution, date, id) order), numbered within (institution, year) by a window function, and joined to their theme scores by
 * records_theme_score_stats (migration 1230), which holds each score's fields, so no JSON is parsed
 * and no table row read (on SQLite 1230 widens 0960 to cover the inspection's fields too; on
 * PostgreSQL records_inspection_stats, over columns a trigger fills, finds them). Inspections that do not count (another scale, an institution the server does
 * not know) are still read for `updatedAt`, exactly as the in-memory path sees them.
 */

interface Json {
  /** The inspections read, with whatever names the inspection's fields below need (`r` is the record). */
  inspections: RawBuilder<unknown>;
  status: RawBuilder<string>;
  /** The visit date as the 0960 index names it (in the WHERE clause, where the index answers it). */
  indexedDate: RawBuilder<string>;
  date: RawBuilder<string>;
  frameworkId: RawBuilder<string>;
  updatedAt: RawBuilder<string>;
  /** The theme scores joined to `ranked`, with `sc` naming their fields: parsed once per score. */
  scores: RawBuilder<unknown>;
  themeId: RawBuilder<string>;
  step: RawBuilder<unknown>;
  notAssessed: RawBuilder<unknown>;
  scoreUpdatedAt: RawBuilder<string>;
  isInspection: RawBuilder<boolean>;
  isThemeScore: RawBuilder<boolean>;
  /** A score's field that is also a grouping key, as the select list names it. */
  grouped: (field: RawBuilder<unknown>) => RawBuilder<unknown>;
  id: RawBuilder<string>;
  institutionId: RawBuilder<string>;
}

function expressions(db: Kysely<Database>): Json {
  if (isSqlite(db))
    return {
      inspections: sql`records r`,
      status: sql`json_extract(r.data, '$.status')`,
      indexedDate: sql`json_extract(r.data, '$.date')`,
      date: sql`json_extract(r.data, '$.date')`,
      frameworkId: sql`json_extract(r.data, '$.frameworkId')`,
      updatedAt: sql`json_extract(r.data, '$.updatedAt')`,
      // A CROSS JOIN, so SQLite looks the scores up by inspection. The score's fields are the expressions of
      // the covering index records_theme_score_stats (migration 1230), read from the index, not from the JSON.
      scores: sql`ranked cross join records s`,
      themeId: sql`json_extract(s.data, '$.themeId')`,
      step: sql`json_extract(s.data, '$.step')`,
      // JSON true/false as 1/0; the in-memory rule asks only whether it is truthy.
      notAssessed: sql`json_extract(s.data, '$.notAssessed')`,
      scoreUpdatedAt: sql`json_extract(s.data, '$.updatedAt')`,
      // As the partial index 0960 names it (a `+type` would not match it).
      isInspection: sql`r.type = 'inspection'`,
      // As the partial index records_theme_score_stats names it.
      isThemeScore: sql`s.type = 'themeScore'`,
      // Named bare in the select list of a grouped query, SQLite would read it from the table row, not the
      // covering index; min() of the grouped value is the value, and keeps the index covering.
      grouped: (field) => sql`min(${field})`,
      id: sql`r.id`,
      institutionId: sql`r.institution_id`,
    };
  return {
    // The inspection's and the score's fields as the trigger of migration 1230 keeps them (text, as `->>`
    // gives them): no JSON is parsed; records_inspection_stats and records_theme_score_stats hold them.
    inspections: sql`records r`,
    status: sql`r.inspection_status`,
    indexedDate: sql`r.inspection_date`,
    date: sql`r.inspection_date`,
    frameworkId: sql`r.inspection_framework`,
    updatedAt: sql`(r.inspection_updated_at collate "C")`,
    scores: sql`ranked cross join records s`,
    themeId: sql`s.score_theme`,
    step: sql`s.score_step`,
    notAssessed: sql`s.score_not_assessed`,
    scoreUpdatedAt: sql`(s.score_updated_at collate "C")`,
    isInspection: sql`r.type = 'inspection'`,
    isThemeScore: sql`s.type = 'themeScore'`,
    grouped: (field) => field,
    id: sql`(r.id collate "C")`,
    institutionId: sql`(r.institution_id collate "C")`,
  };
}

interface SumRow {
  kind: 'i' | 's';
  year: string;
  theme: string | null;
  step: unknown;
  na: unknown;
  n: number | string;
  upd: string | null;
}

/** The statement (exported for the EXPLAIN test). */
export function themeAverageSumsQuery(db: Kysely<Database>, frameworkIds: readonly string[]) {
  const x = expressions(db);
  // An empty `in ()` is not SQL: a framework id no record can have stands in.
  const onScale = frameworkIds.length ? sql.join(frameworkIds.map((id) => sql`${id}`)) : sql`${'\u0000'}`;
  return sql<SumRow>`
    with fin as (
      select ${x.id} as id, ${x.institutionId} as inst, ${x.date} as date, substr(${x.date}, 1, 4) as year,
        case when ${x.frameworkId} in (${onScale}) and r.institution_id in (select id from institutions) then 1 else 0 end as counted,
        case when r.institution_id in (select id from institutions) then ${x.updatedAt} end as upd
      from ${x.inspections}
      where ${x.status} = 'endelig' and ${x.isInspection} and r.deleted = 0 and ${x.indexedDate} is not null
    ), ranked as (
      select id, year, counted, upd, row_number() over (partition by inst, year, counted order by date desc, id desc) as rn from fin
    )
    select 'i' as kind, year, null as theme, null as step, null as na, sum(case when counted = 1 and rn = 1 then 1 else 0 end) as n, max(upd) as upd
    from ranked group by year
    union all
    select 's' as kind, ranked.year, ${x.grouped(x.themeId)} as theme, ${x.grouped(x.step)} as step, ${x.grouped(x.notAssessed)} as na,
      sum(case when ranked.counted = 1 and ranked.rn = 1 then 1 else 0 end) as n, max(${x.scoreUpdatedAt}) as upd
    from ${x.scores}
    where s.inspection_id = ranked.id and ${x.isThemeScore} and s.deleted = 0
    group by ranked.year, ${x.themeId}, ${x.step}, ${x.notAssessed}`;
}

/** JSON truthiness as the in-memory rule reads it (`if (s.notAssessed)`, `else if (s.step)`), from either database's value. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  if (typeof v === 'string') return v !== '' && v !== 'false' && v !== '0' && v !== 'null' && v !== '""';
  return Boolean(v);
}

const later = (a: string | null, b: string | null) => (typeof b === 'string' && b && (a === null || b > a) ? b : a);

const emptyThemes = (): Record<ThemeId, { counts: Record<Step, number>; notAssessed: number }> =>
  Object.fromEntries(THEME_IDS.map((t) => [t, { counts: { 1: 0, 2: 0, 3: 0, 4: 0 }, notAssessed: 0 }])) as Record<ThemeId, { counts: Record<Step, number>; notAssessed: number }>;

/** The municipal theme averages per calendar year over ALL institutions (the answer of GET /api/stats/theme-averages). */
export async function sumThemeAverages(db: Kysely<Database>, generatedAt: string): Promise<ThemeAverages> {
  const frameworks = (await db.selectFrom('frameworks').select('data').execute()).map((r) => fromJson<Framework>(r.data));
  const scaleId = CURRENT_FRAMEWORK.scale.id;
  const onScale = frameworks.filter((f) => f.scale.id === scaleId).map((f) => f.id);
  const { rows } = await themeAverageSumsQuery(db, onScale).execute(db);

  const periods = new Map<string, { institutions: number; themes: Record<ThemeId, ThemeCounts & { counts: Record<Step, number> }> }>();
  const period = (year: string) => {
    let p = periods.get(year);
    if (!p) periods.set(year, (p = { institutions: 0, themes: emptyThemes() }));
    return p;
  };
  let updatedAt: string | null = null;
  for (const r of rows) {
    updatedAt = later(updatedAt, r.upd);
    const n = Number(r.n);
    if (r.kind === 'i') {
      period(r.year).institutions += n;
      continue;
    }
    const cell = n > 0 && THEME_IDS.includes(r.theme as ThemeId) ? period(r.year).themes[r.theme as ThemeId] : null;
    if (!cell) continue;
    const step = Number(r.step);
    if (truthy(r.na)) cell.notAssessed += n;
    else if (truthy(r.step) && step >= 1 && step <= 4) cell.counts[step as Step] += n;
  }
  // A year counts when at least one institution's inspection counted in it (the dashboard's periods).
  const counted: PeriodCounts[] = [...periods.entries()]
    .filter(([, p]) => p.institutions > 0)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([year, p]) => {
      const { key, label, year: y } = periodOf(`${year}-01-01`, 'year');
      return { key, label, year: y, institutions: p.institutions, themes: p.themes };
    });
  const framework = frameworkForScale(new Map(frameworks.map((f) => [f.id, f])), scaleId);
  return themeAveragesOf(counted, { scaleId, frameworkId: framework.id, grouping: 'year', updatedAt, generatedAt });
}
