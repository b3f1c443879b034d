/**
 * GET /api/stats/overview (shared/overview.ts): the Overblik's coverage and heat map computed on the
 * server's records by the dashboard's rule, the lists within the caller's scope, the counts over all.
 */
import { expect, it } from 'vitest';
import { seedRecords, type SeedRecord } from '../../../server/seed/records';
import { dashboard } from '../../../shared/dashboard';
import { FRAMEWORKS } from '../../../shared/frameworks/v1';
import { THEME_IDS } from '../../../shared/framework';
import { themeScoreId, type Inspection } from '../../../shared/inspection';
import { OverviewSchema } from '../../../shared/overview';
import { todayIso } from '../../../shared/dates';
import { api, describeDialects, institution, newInspection, useServer } from './helpers';

function finalWithScores(inspection: Inspection, step: number): SeedRecord[] {
  return [{ type: 'inspection', data: inspection }, ...THEME_IDS.map((themeId) => ({ type: 'themeScore' as const, data: { id: themeScoreId(inspection.id, themeId), inspectionId: inspection.id, themeId, step } }))];
}

describeDialects('the Overblik from the server', (d) => {
  const s = useServer(d, {}, { world: true });

  it('gives each role the lists of what it may see and the municipal counts of all, by the dashboard’s rule', async () => {
    const admin = api(s.app, s.world.admin);
    for (const id of ['INST-C', 'INST-D']) expect((await admin.post('/api/admin/institutions', institution(id))).statusCode).toBe(201);
    const today = todayIso();
    const recent = `${Number(today.slice(0, 4)) - 1}${today.slice(4)}`;
    const a = newInspection('INST-A', { status: 'endelig', date: recent });
    const aDraft = newInspection('INST-A', { status: 'udkast', date: today });
    const b = newInspection('INST-B', { status: 'endelig', date: recent });
    const c = newInspection('INST-C', { status: 'endelig', date: '2019-05-01' });
    await seedRecords(s.app.tilsyn.db, [...finalWithScores(a, 3), { type: 'inspection', data: aDraft }, ...finalWithScores(b, 1), ...finalWithScores(c, 2)]);

    const get = async (token: string) => {
      const res = await api(s.app, token).get('/api/stats/overview');
      expect(res.statusCode).toBe(200);
      return OverviewSchema.parse(res.json());
    };
    const konsulent = await get(s.world.konsulentA);
    // Counts over all four institutions: A and B covered, C (2019) and D (never) overdue.
    expect(konsulent.municipal).toEqual({ institutions: 4, covered: 2, overdue: 2, dueSoon: 0 });
    // Lists: only INST-A (the konsulent's), as the dashboard computes them from those records.
    expect(konsulent.scope.heatMap.map((r) => r.institutionId)).toEqual(['INST-A']);
    expect(konsulent.scope.heatMap[0]!.cells[THEME_IDS[0]].step).toBe(3);
    const expected = dashboard(
      { institutions: [{ ...institution('INST-A'), rev: 1 } as never], inspections: [a, aDraft], themeScores: THEME_IDS.map((themeId) => ({ id: themeScoreId(a.id, themeId), inspectionId: a.id, themeId, step: 3 }) as never), frameworks: FRAMEWORKS },
      {},
      { today },
    );
    expect(konsulent.scope.covered).toBe(expected.coverage.covered);
    expect(konsulent.scope.overdue).toEqual([]);
    expect(konsulent.today).toBe(today);

    const forvaltning = await get(s.world.admin);
    expect(forvaltning.scope.heatMap.map((r) => r.institutionId)).toEqual(['INST-A', 'INST-B', 'INST-C', 'INST-D']);
    expect(forvaltning.scope.overdue.map((r) => r.institutionId)).toEqual(['INST-D', 'INST-C']);

    // A leder: never another institution's row, never a draft.
    const leder = await get(s.world.lederB);
    expect(leder.scope.heatMap.map((r) => r.institutionId)).toEqual(['INST-B']);
    expect(JSON.stringify(leder.scope)).not.toContain('INST-A');
    expect(leder.municipal).toEqual(konsulent.municipal);
    const lederA = await get(s.world.lederA);
    expect(JSON.stringify(lederA)).not.toContain(aDraft.id);

    expect((await s.app.inject({ method: 'GET', url: '/api/stats/overview' })).statusCode).toBe(401);
  });
});
