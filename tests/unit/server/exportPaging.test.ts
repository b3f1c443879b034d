import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { isSqlite, recordTypeIs } from '../../../server/export/inspectionColumns';
import { pageQuery } from '../../../server/export/scorePages';
import { ALL_RECORDS } from '../../../server/sync/visibility';
import { describeDialects, useServer } from './helpers';

/*
 * The export's page query (server/export/scorePages.ts) is answered from the 0400_ index in its
 * order, with the visit-date filter and the cursor in the index too: no sort of the whole table.
 */
describeDialects('BI export paging uses the 0401_ index', (d) => {
  const s = useServer(d);

  // strictly: the query of a page's next chunk (scoreRowChunks), after the last inspection read.
  it.each([false, true])('EXPLAIN of a page after a cursor (strictly after: %s), filtered by period, uses an (institution, date, id) order index from the cursor on and sorts nothing', async (strictly) => {
    const db = s.app.tilsyn.db;
    const q = pageQuery(db, { scope: ALL_RECORDS, onlyFinal: true, from: '2020-01-01', to: '2025-12-31' }, { institutionId: 'DI-01', date: '2021-06-30', inspectionId: 'x', temaNr: 3 }, 1000, strictly).compile();
    if (isSqlite(db)) {
      const rows = (await db.executeQuery({ ...q, sql: `explain query plan ${q.sql}` })).rows as { detail: string }[];
      const text = rows.map((r) => r.detail).join('\n');
      // A search that starts at the cursor (not a scan from the first row), in index order.
      expect(text).toMatch(/SEARCH records USING INDEX records_inspection_export_order \(institution_id>\?\)/);
      expect(text).not.toContain('USE TEMP B-TREE FOR ORDER BY');
      // And the theme scores of a page are found by their inspection, not by scanning every theme score.
      const scores = db.selectFrom('records').select('data').where(recordTypeIs(db, 'themeScore')).where('deleted', '=', 0).where('inspection_id', 'in', ['a', 'b']).compile();
      const scorePlan = ((await db.executeQuery({ ...scores, sql: `explain query plan ${scores.sql}` })).rows as { detail: string }[]).map((r) => r.detail).join('\n');
      expect(scorePlan).toContain('USING INDEX records_inspection (inspection_id=?)');
    } else {
      // A tiny table makes a sequential scan cheaper; forbid it to see which index the planner can use.
      const text = await db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const rows = (await trx.executeQuery({ ...q, sql: `explain ${q.sql}` })).rows as { 'QUERY PLAN': string }[];
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      // With status = 'endelig' the planner may take 0960_'s (status, institution id, date, id) index: the same order.
      expect(text).toMatch(/Index Scan using records_(inspection_export|status)_order/);
      // The cursor is an index condition: the scan starts there.
      expect(text).toMatch(/Index Cond: .*institution_id/);
      expect(text).not.toMatch(/^\s*(->\s*)?Sort\b/m);
    }
  });
});
