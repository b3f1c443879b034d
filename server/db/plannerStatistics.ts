import { sql, type Kysely } from 'kysely';
import type { Database } from './schema';
import { isPostgres } from './sequence';

/*
 * PostgreSQL plans a query from its statistics of each table (pg_class.reltuples, pg_statistic),
 * which ANALYZE gathers; autovacuum runs it only once a minute and only after 10 % of a table has
 * changed. Right after a bulk write (an import of a municipality's history, the demo data, a
 * benchmark's seed) the statistics still describe the table as it was — or, on a new server, as
 * never analysed — and the planner takes the 40,000 new inspections for a handful. Measured (docs/server.md,
 * "Statistics after a bulk import"): the theme averages at 200 institutions × 10 years took 9–14 s
 * on such a table (a nested loop comparing 14,000 scores with 2,000 inspections each) and 0.1 s
 * after ANALYZE. So whoever writes in bulk calls analyzeAfterBulkWrite after its commit, by
 * autovacuum's own rule (50 rows + 10 % of the table), at once rather than up to a minute later.
 * It vacuums them too (VACUUM (ANALYZE)): right after the seed the 4,000 × 10 theme averages took
 * 680–710 ms of backend CPU on the unvacuumed table, 160–190 ms once vacuumed (docs/server.md).
 *
 * SQLite plans without gathered statistics unless ANALYZE has been run once; nothing is done there.
 */

/** The tables a bulk write fills. */
export type BulkTable = 'records' | 'institutions';

/** autovacuum_analyze_threshold and autovacuum_analyze_scale_factor, PostgreSQL's defaults. */
const BASE_ROWS = 50;
const SHARE = 0.1;

/**
 * Refreshes the planner's statistics of the tables a committed bulk write changed, when the rows it
 * wrote are enough for autovacuum to do the same. Returns the tables analysed (none on SQLite).
 * Call it outside the write's transaction, after the commit.
 */
export async function analyzeAfterBulkWrite(db: Kysely<Database>, written: Partial<Record<BulkTable, number>>): Promise<BulkTable[]> {
  if (!isPostgres(db)) return [];
  const tables = (Object.keys(written) as BulkTable[]).filter((t) => (written[t] ?? 0) > 0);
  if (tables.length === 0) return [];
  // reltuples is -1 on a table that was never analysed (PostgreSQL 14 and later).
  const known = await sql<{ name: BulkTable; tuples: number | string }>`
    select c.relname as name, c.reltuples as tuples from pg_class c
    where c.oid in (${sql.join(tables.map((t) => sql`to_regclass(${t})`))})`.execute(db);
  const stale = tables.filter((t) => {
    const tuples = Number(known.rows.find((r) => r.name === t)?.tuples ?? -1);
    return tuples < 0 || written[t]! >= BASE_ROWS + SHARE * tuples;
  });
  // VACUUM as well: it sets the new rows' hint bits and marks their pages all-visible, so the first reader
  // (the theme averages' index-only scans, migration 1230) neither dirties every page nor goes to the heap.
  if (stale.length) await sql`vacuum (analyze) ${sql.join(stale.map((t) => sql.table(t)))}`.execute(db);
  return stale;
}
