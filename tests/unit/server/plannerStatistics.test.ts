/**
 * After a bulk write the server refreshes PostgreSQL's planner statistics of the tables it filled
 * (server/db/plannerStatistics.ts), so the next statistics query is planned for the rows that are
 * there, not for an empty or never-analysed table; and the extended statistics of migration 1130
 * let the planner see how many records are final inspections. SQLite: nothing is analysed.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { analyzeAfterBulkWrite } from '../../../server/db/plannerStatistics';
import { seedInstitutions, seedRecords, type SeedRecord } from '../../../server/seed/records';
import { themeAverageSumsQuery } from '../../../server/stats/themeAverageSums';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId } from '../../../shared/inspection';
import { EXAMPLE_CSV } from '../dashboard/fixture';
import { api, describeDialects, useServer } from './helpers';

const INSTITUTIONS = 60;
const YEARS = 5;

function municipality(): { institutions: { id: string; name: string; type: 'integreret'; ownership: 'kommunal' }[]; records: SeedRecord[] } {
  const institutions = Array.from({ length: INSTITUTIONS }, (_, i) => ({ id: `PS-${i}`, name: `Huset ${i}`, type: 'integreret' as const, ownership: 'kommunal' as const }));
  const records: SeedRecord[] = [];
  institutions.forEach((inst, i) => {
    for (let y = 0; y < YEARS; y++) {
      const id = `ps-${i}-${y}`;
      records.push({ type: 'inspection', data: { id, institutionId: inst.id, frameworkId: 'v1', visitType: 'anmeldt', kind: 'ordinaer', date: `${2020 + y}-05-0${1 + (i % 9)}`, consultants: ['Karen'], participants: [], status: 'endelig' } });
      THEME_IDS.forEach((themeId, t) => records.push({ type: 'themeScore', data: { id: themeScoreId(id, themeId), inspectionId: id, themeId, step: 1 + ((i + t) % 4) } }));
    }
  });
  return { institutions, records };
}

async function tuplesOf(db: Parameters<typeof analyzeAfterBulkWrite>[0], table: string): Promise<number> {
  const r = await sql<{ n: number }>`select reltuples as n from pg_class where oid = to_regclass(${table})`.execute(db);
  return Number(r.rows[0]!.n);
}

describeDialects('planner statistics after a bulk write', (d) => {
  const s = useServer(d);

  it('a seed of a municipality leaves the planner knowing its rows; a small write analyses nothing', async () => {
    const db = s.app.tilsyn.db;
    const { institutions, records } = municipality();
    await seedInstitutions(db, institutions);
    const written = await seedRecords(db, records);
    expect(written).toBe(INSTITUTIONS * YEARS * (1 + THEME_IDS.length));
    if (d.name === 'sqlite') {
      expect(await analyzeAfterBulkWrite(db, { records: written })).toEqual([]);
      return;
    }
    // seedRecords analysed records (never analysed before: reltuples was -1) and seedInstitutions institutions.
    expect(await tuplesOf(db, 'records')).toBe(written);
    expect(await tuplesOf(db, 'institutions')).toBe(INSTITUTIONS);
    // By autovacuum's rule: 50 rows + 10 % of the table.
    expect(await analyzeAfterBulkWrite(db, { records: 10, institutions: 0 })).toEqual([]);
    expect(await analyzeAfterBulkWrite(db, { records: 50 + Math.ceil(written / 10) })).toEqual(['records']);

    // The extended statistics (1130, and 1230's on the columns the theme averages read): the planner expects about as
    // many final inspections as there are, not 0.5 % of them.
    const { sql: text, parameters } = themeAverageSumsQuery(db, ['v1']).compile(db);
    const plan = await sql.raw<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${text.replaceAll('$1', "'v1'")}`).execute(db);
    type PlanNode = { 'Index Name'?: string; 'Plan Rows': number; Plans?: PlanNode[] };
    const nodes: PlanNode[] = [];
    const walk = (n: PlanNode) => {
      nodes.push(n);
      for (const c of n.Plans ?? []) walk(c);
    };
    walk(plan.rows[0]!['QUERY PLAN'][0]!.Plan);
    expect(parameters).toEqual(['v1']);
    const byIndex = nodes.find((n) => n['Index Name'] === 'records_inspection_stats');
    const estimate = byIndex ? byIndex['Plan Rows'] : Math.max(...nodes.map((n) => n['Plan Rows']));
    expect(estimate).toBeGreaterThan((INSTITUTIONS * YEARS) / 2);
  });

  it('a committed import analyses what it wrote; a dry run does not', async () => {
    const db = s.app.tilsyn.db;
    const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'admin-password-123' } });
    const admin = api(s.app, login.json<{ token: string }>().token);
    const content = Buffer.from(EXAMPLE_CSV.trim().split('\n').map((l) => l.split(',').join(';')).join('\r\n'), 'utf8').toString('base64');
    const dry = await admin.post('/api/import/institutions?dryRun=1', { fileName: 'institutioner.csv', content, stepsDate: '2021-06-30' });
    expect(dry.statusCode).toBe(200);
    if (d.name === 'postgres') expect(await tuplesOf(db, 'institutions')).toBeLessThan(40);
    const res = await admin.post('/api/import/institutions', { fileName: 'institutioner.csv', content, stepsDate: '2021-06-30' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ institutions: { created: 40 }, inspections: { created: 40 }, themeScores: 280 });
    if (d.name === 'postgres') {
      expect(await tuplesOf(db, 'institutions')).toBe(40);
      expect(await tuplesOf(db, 'records')).toBe(40 + 280);
    }
  });
});
