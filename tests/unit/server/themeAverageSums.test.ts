/**
 * GET /api/stats/theme-averages sums in SQL (server/stats/themeAverageSums.ts) and applies the shared
 * rule to the sums: the answer must be exactly the in-memory rule's (computeThemeAverages over the
 * rows loadScoreData reads), over the demo municipality plus the cases that decide which inspection
 * counts (two final inspections on one day, another scale, an unknown institution, drafts, ikke
 * vurderet), on SQLite and PostgreSQL; and the query reads records by an index.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { expect, it } from 'vitest';
import { loadScoreData } from '../../../server/export/scoreData';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../../server/seed/records';
import { themeAverageSumsQuery, sumThemeAverages } from '../../../server/stats/themeAverageSums';
import { ALL_RECORDS } from '../../../server/sync/visibility';
import { buildDemoData } from '../../../shared/demo/demoData';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import { computeThemeAverages } from '../../../shared/municipalAverages';
import { api, describeDialects, newInspection, useServer } from './helpers';

function withScores(inspection: Inspection, steps: (number | 'iv')[]): SeedRecord[] {
  return [
    { type: 'inspection', data: inspection },
    ...THEME_IDS.map((themeId, k) => {
      const v = steps[k % steps.length]!;
      return { type: 'themeScore' as const, data: v === 'iv' ? { id: themeScoreId(inspection.id, themeId), inspectionId: inspection.id, themeId, step: null, notAssessed: true, notAssessedReason: 'Ikke set' } : { id: themeScoreId(inspection.id, themeId), inspectionId: inspection.id, themeId, step: v } };
    }),
  ];
}

describeDialects('theme averages summed in SQL', (d) => {
  const s = useServer(d);

  it('give exactly the in-memory rule’s answer over a seeded municipality with the hard cases', async () => {
    const db = s.app.tilsyn.db;
    const demo = buildDemoData();
    await seedInstitutions(db, demo.institutions);
    const extra: SeedRecord[] = [
      // Two final inspections of one institution on one day: the larger id counts (keepLatest).
      ...withScores(newInspection('DI-01', { id: 'zz-same-day-b', status: 'endelig', date: '2024-06-01' }), [4]),
      ...withScores(newInspection('DI-01', { id: 'zz-same-day-a', status: 'endelig', date: '2024-06-01' }), [1]),
      // A later inspection on a framework the server does not know (another scale): never counted, and not "latest" either.
      ...withScores(newInspection('DI-02', { status: 'endelig', date: '2024-12-01', frameworkId: 'v99' }), [1]),
      ...withScores(newInspection('DI-02', { status: 'endelig', date: '2024-03-01' }), [3, 'iv']),
      // An institution the server does not know, a draft and a planned visit: none count.
      ...withScores(newInspection('UKENDT-1', { status: 'endelig', date: '2024-05-01' }), [1]),
      ...withScores(newInspection('DI-03', { status: 'udkast', date: '2024-09-01' }), [1]),
      ...withScores(newInspection('DI-04', { status: 'planlagt', date: '2026-09-01' }), [1]),
      ...['DI-05', 'DI-06', 'DI-07', 'DI-08'].flatMap((inst, k) => withScores(newInspection(inst, { status: 'endelig', date: `2024-0${k + 2}-10` }), [k + 1, 'iv', 2])),
    ];
    await seedRecords(db, [...demo.inspections.map((data) => ({ type: 'inspection' as const, data })), ...demo.themeScores.map((data) => ({ type: 'themeScore' as const, data })), ...extra]);

    const generatedAt = '2026-11-23T09:00:00.000Z';
    const expected = computeThemeAverages(await loadScoreData(db, ALL_RECORDS, { onlyFinal: true }), { today: '2026-11-23', generatedAt });
    const summed = await sumThemeAverages(db, generatedAt);
    expect(summed).toEqual(expected);
    // The dataset reaches the cases: several years, a suppressed cell (2024 has few institutions) and ikke vurderet.
    expect(summed.periods.length).toBeGreaterThan(3);
    const y2024 = summed.periods.find((p) => p.key === '2024')!;
    expect(y2024.institutions).toBe(6);
    expect(Object.values(y2024.themes).some((c) => c.suppressed)).toBe(true);
    expect(summed.periods.some((p) => Object.values(p.themes).some((c) => (c.notAssessed ?? 0) > 0))).toBe(true);

    // And the route answers with it.
    const res = await api(s.app, (await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-password-123' } })).json<{ token: string }>().token).get('/api/stats/theme-averages');
    expect(res.statusCode).toBe(200);
    expect({ ...res.json(), generatedAt }).toEqual(expected);
  });

  it('reads records by an index, never a scan of the table (EXPLAIN)', async () => {
    const { sql, parameters } = themeAverageSumsQuery(s.app.tilsyn.db, ['v1']).compile(s.app.tilsyn.db);
    if (d.name === 'sqlite') {
      const sqlite = new SQLite(path.join(s.database.options.dataDir!, 'tilsyn.sqlite'), { readonly: true });
      try {
        const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((p) => p.detail);
        // Both from covering indexes (migration 1230): neither a table row nor its JSON is read.
        expect(plan.some((p) => /SEARCH r USING COVERING INDEX records_status_order/.test(p))).toBe(true);
        expect(plan.some((p) => /SEARCH s USING COVERING INDEX records_theme_score_stats/.test(p))).toBe(true);
        expect(plan.filter((p) => /^SCAN (r|s)\b/.test(p))).toEqual([]);
      } finally {
        sqlite.close();
      }
    } else {
      const client = new pg.Client({ connectionString: s.database.options.databaseUrl });
      await client.connect();
      try {
        // With a few test rows PostgreSQL would rather scan: price scans out, so a scan only remains where no index fits.
        await client.query('SET enable_seqscan = off');
        const res = await client.query(`EXPLAIN (FORMAT JSON) ${sql}`, parameters as unknown[]);
        type Node = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: Node[] };
        const nodes: Node[] = [];
        const walk = (n: Node) => {
          nodes.push(n);
          for (const c of n.Plans ?? []) walk(c);
        };
        walk((res.rows[0]['QUERY PLAN'] as { Plan: Node }[])[0]!.Plan);
        expect(nodes.filter((n) => n['Relation Name'] === 'records' && n['Node Type'] === 'Seq Scan')).toEqual([]);
        // The final inspections and their scores by the summary indexes (migration 1230): no JSON parsed.
        expect(nodes.some((n) => n['Index Name'] === 'records_inspection_stats')).toBe(true);
        // Two reads of records, neither a Seq Scan.
        expect(nodes.filter((n) => n['Relation Name'] === 'records').length).toBeGreaterThanOrEqual(2);
        expect(nodes.some((n) => n['Index Name'] === 'records_theme_score_stats')).toBe(true);
      } finally {
        await client.end();
      }
    }
  });
});
